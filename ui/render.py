"""Render a widget to a PNG without a display (offscreen platform) or beside a live one.

Why a helper: screenshots are the review tool for a touchscreen UI (the README shows
them, reviewers look at both orientations and languages), and rendering must settle
layouts and pending events first or the PNG shows a half-laid-out screen.
``find_clipped`` is the matching check that every visible text fits its widget.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)


def settle(rounds: int = 3) -> None:
    """Let Qt run pending layout and paint events."""
    for _ in range(rounds):
        QApplication.processEvents()


def render_screenshot(widget: QWidget, path: str | Path, size: tuple[int, int] = PORTRAIT) -> Path:
    """Resize ``widget`` to ``size`` (width, height), render it and save a PNG at ``path``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not widget.isVisible():
        widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        widget.show()
    # Twice: layouts switch orientation only once they have seen the new size.
    for _ in range(2):
        widget.resize(QSize(*size))
        settle()
    if not widget.grab().save(str(target), "PNG"):
        raise OSError(f"could not write screenshot {target}")
    return target


def find_clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons whose text does not fit, or that lie outside ``root``.

    A word-wrapped label needs ``heightForWidth`` of its width; a one-line label or a
    button needs the text's advance plus a small margin.
    """
    bad: list[str] = []
    bounds = QRect(0, 0, root.width(), root.height())
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.width() <= 1:
            continue
        where = f"{type(widget).__name__}({_text(widget)[:40]!r})"
        rect = QRect(widget.mapTo(root, widget.rect().topLeft()), widget.size())
        if not bounds.contains(rect):
            bad.append(f"{where} lies outside the window: {rect.getRect()}")
            continue
        text = _text(widget)
        if not text:
            continue
        metrics = widget.fontMetrics()
        if isinstance(widget, QLabel) and widget.pixmap().isNull():
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.width())
                if needed > widget.height() + 2:
                    bad.append(f"{where} needs {needed} px height, has {widget.height()}")
            else:
                widest = max(metrics.horizontalAdvance(line) for line in text.splitlines())
                if widest > widget.width():
                    bad.append(f"{where} needs {widest} px width, has {widget.width()}")
        elif isinstance(widget, QAbstractButton):
            widest = max(metrics.horizontalAdvance(line) for line in text.splitlines())
            if widest + 16 > widget.width():
                bad.append(f"{where} needs {widest + 16} px width, has {widget.width()}")
    return bad


def _text(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    return ""
