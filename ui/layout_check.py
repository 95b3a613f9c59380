"""Automated layout check: what a customer would see as broken, found from widget geometry.

Why geometry and not pixels: a screenshot diff says "something changed", not what is
wrong. These rules each name one thing a stranger trips over, on the widget that has it:

- ``overlap``: two visible sibling widgets cover each other (tiles hiding a red total);
- ``outside``: a visible child reaches past its parent, so part of it is cut off (a
  keypad's bottom row under the footer);
- ``clipped``: a label's or button's text needs more room than the widget has
  (``fontMetrics`` advance against the width; wrapped height against the height);
- ``orphan``: a wrapped text leaves one character alone on its last line (宽带费 -> 费);
- ``bold-lost``: bold text at 64 px or more in a family without a bold face renders
  regular, because Qt draws such large glyphs as paths and skips synthetic bold.

``check_widget`` returns ``Fault``s for one rendered window; ``LayoutReport`` collects
them over screens, languages, orientations and text sizes into one readable report.
Intentional overlays (the "still there?" prompt) carry object name ``overlay``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontDatabase, QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractButton, QLabel, QStackedWidget, QWidget

#: Qt's raster engine caches glyphs below this pixel size; at or above it glyphs are
#: drawn as paths, and a synthetic bold (font without a bold face) is lost.
PATH_GLYPH_PX = 64
BUTTON_TEXT_MARGIN_PX = 16  # a button's text needs this much beside it (style padding)
SLACK_PX = 2  # rounding of layouts and font metrics


@dataclass(frozen=True)
class Fault:
    rule: str  # overlap, outside, clipped, orphan, bold-lost
    widget: str  # a readable path to the widget, e.g. CountScreen > QPushButton('¥20.00')
    detail: str
    kind: str = ""  # the widget path without texts: one kind of fault, wherever it is seen

    def __str__(self) -> str:
        return f"{self.rule}: {self.widget}: {self.detail}"

    @property
    def key(self) -> str:
        return f"{self.rule}: {self.kind or self.widget}"


def describe(widget: QWidget, root: QWidget | None = None, *, texts: bool = True) -> str:
    """``Screen > Class#name('text')`` from the nearest screen (or ``root``) down."""
    parts: list[str] = []
    current: QWidget | None = widget
    while current is not None and current is not root:
        name = type(current).__name__
        if current.objectName() and not current.objectName().startswith("qt_"):
            name += f"#{current.objectName()}"
        text = _text(current) if texts else ""
        if text:
            name += f"({text[:30]!r})"
        parts.append(name)
        if type(current).__name__.endswith("Screen"):
            break
        current = current.parentWidget()
    return " > ".join(reversed(parts[:3])) if len(parts) <= 3 else " > ".join(
        [*reversed(parts[-1:]), "…", *reversed(parts[:2])])


def _text(widget: QWidget) -> str:
    if isinstance(widget, QLabel) and widget.pixmap().isNull():
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.text()
    return ""


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.width() > 1 and widget.height() > 1


def _children(widget: QWidget, root: QWidget) -> list[QWidget]:
    kids = widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return [c for c in kids if not c.isWindow() and _shown(c, root)]


def _fault(rule: str, widget: QWidget, root: QWidget, detail: str) -> Fault:
    return Fault(rule, describe(widget, root), detail, describe(widget, root, texts=False))


def check_widget(root: QWidget) -> list[Fault]:
    """Every fault in ``root`` as it is laid out now (render or resize it first)."""
    faults: list[Fault] = []
    stack = [root]
    while stack:
        parent = stack.pop()
        kids = [c for c in _children(parent, root) if c.objectName() != "overlay"]
        faults += _overlaps(parent, kids, root)
        faults += _outside(parent, kids, root)
        for kid in kids:
            faults += _text_faults(kid, root)
        stack += kids
        stack += [c for c in _children(parent, root) if c.objectName() == "overlay"]
    return faults


def _overlaps(parent: QWidget, kids: list[QWidget], root: QWidget) -> list[Fault]:
    if isinstance(parent, QStackedWidget):
        return []  # pages share one place; only the current one is visible
    out: list[Fault] = []
    for i, a in enumerate(kids):
        for b in kids[i + 1:]:
            common = a.geometry().intersected(b.geometry())
            if common.width() > SLACK_PX and common.height() > SLACK_PX:
                out.append(_fault("overlap", a, root,
                                 f"covers {describe(b, root)} by {common.width()}x"
                                 f"{common.height()} px"))
    return out


def _outside(parent: QWidget, kids: list[QWidget], root: QWidget) -> list[Fault]:
    bounds = QRect(0, 0, parent.width(), parent.height()).adjusted(
        -SLACK_PX, -SLACK_PX, SLACK_PX, SLACK_PX)
    out = []
    for kid in kids:
        if not bounds.contains(kid.geometry()):
            g = kid.geometry()
            out.append(_fault("outside", kid, root,
                             f"at {g.x()},{g.y()} {g.width()}x{g.height()} reaches past its "
                             f"parent {describe(parent, root)} ({parent.width()}x"
                             f"{parent.height()}): cut off"))
    return out


def _lines(text: str) -> list[str]:
    return text.splitlines() or [""]


def wrapped_lines(text: str, font: QFont, width: int) -> list[str]:
    """How a word-wrapped label breaks ``text`` at ``width`` px (Unicode line breaking)."""
    result: list[str] = []
    for paragraph in _lines(text):
        layout = QTextLayout(paragraph, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1, width))
            result.append(paragraph[line.textStart(): line.textStart() + line.textLength()])
        layout.endLayout()
    return result


def _text_faults(widget: QWidget, root: QWidget) -> list[Fault]:
    text = _text(widget)
    if not text:
        return []
    out: list[Fault] = []
    metrics = widget.fontMetrics()
    font = widget.font()
    if font.bold() and font.pixelSize() >= PATH_GLYPH_PX and not _has_bold_face(font):
        out.append(_fault("bold-lost", widget, root, f"{font.pixelSize()} px bold in "
                         f"{font.family()!r} (no bold face) renders regular"))
    if isinstance(widget, QLabel):
        box = widget.contentsRect()
        inner = box.width() - 2 * max(0, widget.margin()) - max(0, widget.indent())
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + SLACK_PX:
                out.append(_fault("clipped", widget, root,
                                 f"needs {needed} px height, has {widget.height()}"))
            lines = [ln.strip() for ln in wrapped_lines(text, font, inner)]
            lines = [ln for ln in lines if ln]
            if len(lines) > 1 and len(lines[-1]) == 1:
                out.append(_fault("orphan", widget, root, f"{lines[-1]!r} alone on the last line "
                                 f"of {len(lines)} at {inner} px"))
        else:
            widest = max(metrics.horizontalAdvance(ln) for ln in _lines(text))
            if widest > inner + SLACK_PX:
                out.append(_fault("clipped", widget, root, f"needs {widest} px width, has {inner}"))
            tall = metrics.height() * len(_lines(text))
            if tall > box.height() + SLACK_PX:
                out.append(_fault("clipped", widget, root, f"needs {tall} px height, has "
                                 f"{box.height()}"))
    elif isinstance(widget, QAbstractButton):
        widest = max(metrics.horizontalAdvance(ln) for ln in _lines(text))
        if widest + BUTTON_TEXT_MARGIN_PX > widget.width():
            out.append(_fault("clipped", widget, root, f"needs {widest + BUTTON_TEXT_MARGIN_PX} px "
                             f"width, has {widget.width()}"))
        tall = metrics.height() * len(_lines(text))
        if tall > widget.height():
            out.append(_fault("clipped", widget, root, f"needs {tall} px height, has "
                             f"{widget.height()}"))
    return out


_bold_faces: dict[str, bool] = {}


def _has_bold_face(font: QFont) -> bool:
    family = font.family()
    if family not in _bold_faces:
        styles = QFontDatabase.styles(family)
        _bold_faces[family] = any("bold" in s.lower() for s in styles)
    return _bold_faces[family]


@dataclass
class LayoutReport:
    """Faults grouped by kind (rule and widget path without texts), with where each was seen.

    One kind seen on many screens is listed once with its first example, so a report of a
    whole sweep stays short enough to read.
    """

    seen: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    example: dict[str, Fault] = field(default_factory=dict)
    checked: int = 0

    def add(self, context: str, root: QWidget) -> list[Fault]:
        """Check ``root`` now; ``context`` says where (``zh_CN landscape large: cash``)."""
        self.checked += 1
        faults = check_widget(root)
        for fault in faults:
            self.example.setdefault(fault.key, fault)
            places = self.seen[fault.key]
            if context not in places:
                places.append(context)
        return faults

    @property
    def kinds(self) -> list[str]:
        return sorted(self.seen)

    def text(self, kinds: list[str] | None = None) -> str:
        """One entry per kind of fault: an example, and where it was seen."""
        chosen = self.kinds if kinds is None else kinds
        lines = [f"{len(chosen)} kind(s) of layout fault over {self.checked} rendered screens:"]
        for kind in chosen:
            places = self.seen[kind]
            more = f" (+{len(places) - 3} more)" if len(places) > 3 else ""
            lines.append(f"- {self.example[kind]}\n    seen on: {'; '.join(places[:3])}{more}")
        return "\n".join(lines)
