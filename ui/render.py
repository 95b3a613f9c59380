"""Render a widget to a PNG without a display (offscreen platform) or beside a live one.

Why a helper: screenshots are the review tool for a touchscreen UI (the README shows
them, reviewers look at both orientations and languages), and rendering must settle
layouts and pending events first or the PNG shows a half-laid-out screen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget

PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)


class LayoutOverflow(RuntimeError):
    """The widget cannot shrink to the screen size: some text or control does not fit."""


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
    widget.resize(QSize(*size))
    settle()
    if (widget.width(), widget.height()) != size:
        # A minimum size larger than the screen means text that does not fit: say so.
        raise LayoutOverflow(f"{widget.objectName() or type(widget).__name__} needs "
                             f"{widget.width()}x{widget.height()}, screen is {size[0]}x{size[1]}")
    if not widget.grab().save(str(target), "PNG"):
        raise OSError(f"could not write screenshot {target}")
    return target
