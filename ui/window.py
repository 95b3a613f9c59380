"""The kiosk window: header, offline banner, one page at a time, back/home footer.

Why navigation lives here and not in screens: "at most three levels deep" and "back and
home on every screen" are properties of the whole, so the window keeps the history and
a screen only says whether leaving is allowed right now (not while money is in flight).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication, QLabel, QLayout, QStackedWidget, QVBoxLayout, QWidget

from ui.app import apply_style
from ui.widgets.chrome import Clock, Footer, Header, Screen
from ui.widgets.still_there import StillThereOverlay

S = TypeVar("S", bound=Screen)


class KioskWindow(QWidget):
    """Top-level customer window; screens are added with ``add_screen``."""

    screen_changed = Signal(str)
    language_changed = Signal(str)

    def __init__(self, brand: str, *, lang: str = "zh_CN", clock: Clock = datetime.now,
                 switch_language: Callable[[str], None] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(brand)
        self.header = Header(brand, clock)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.stack = QStackedWidget()
        self.footer = Footer()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        # The kiosk screen has one fixed size: never let a long text grow the window
        # (``ui.render.find_clipped`` reports texts that do not fit instead).
        box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        box.addWidget(self.header)
        box.addWidget(self.banner)
        box.addWidget(self.stack, 1)
        box.addWidget(self.footer)
        self.screens: dict[str, Screen] = {}
        self.history: list[str] = []
        self.lang = lang
        self.large_text = False
        self._switch_language = switch_language
        self.header.language_requested.connect(self.set_language)
        self.header.large_text_toggled.connect(self.set_large_text)
        self.footer.back.connect(self.go_back)
        self.footer.home.connect(self.go_home)
        self.header.set_language(lang)
        self.still_there = StillThereOverlay(self)

    # --- screens and navigation ---------------------------------------------------------
    def add_screen(self, screen: S) -> S:
        self.screens[screen.name] = screen
        self.stack.addWidget(screen)
        if len(self.screens) == 1:
            self.show_screen(screen.name)
        return screen

    @property
    def current(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def show_screen(self, name: str, *, replace: bool = False) -> Screen:
        """Show a screen; ``replace`` swaps the top of history (no new back step)."""
        screen = self.screens[name]
        if name in self.history:
            del self.history[self.history.index(name) + 1 :]
        elif replace and self.history:
            self.history[-1] = name
        else:
            self.history.append(name)
        self.stack.setCurrentWidget(screen)
        self.update_footer()
        self._update_banner()
        screen.entered()
        self.screen_changed.emit(name)
        return screen

    def update_footer(self) -> None:
        screen = self.current
        self.footer.setVisible(screen.back_allowed or screen.home_allowed)
        # Hidden rather than greyed: a dead button on a kiosk reads as "broken".
        self.footer.back_button.setVisible(screen.back_allowed and len(self.history) > 1)
        self.footer.home_button.setVisible(screen.home_allowed)

    def go_back(self) -> None:
        if not self.current.back_allowed or len(self.history) < 2:
            return
        self.history.pop()
        self.show_screen(self.history[-1])

    def go_home(self) -> None:
        """Back to the first screen added (the attract screen), history cleared."""
        if not self.screens:
            return
        home = next(iter(self.screens))
        self.history[:] = [home]
        self.show_screen(home)

    # --- language, text size, banner -----------------------------------------------------
    def set_language(self, lang: str) -> None:
        if self._switch_language is not None:
            self._switch_language(lang)
        self.lang = lang
        self.header.set_language(lang)
        self.retranslate()
        self.language_changed.emit(lang)

    def retranslate(self) -> None:
        self.header.retranslate()
        self.footer.retranslate()
        self.still_there.retranslate()
        for screen in self.screens.values():
            screen.retranslate()

    def set_large_text(self, on: bool) -> None:
        self.large_text = on
        if self.header.large.isChecked() != on:
            self.header.large.setChecked(on)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_style(app, large_text=on)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.still_there.setGeometry(self.rect())
        landscape = event.size().width() > event.size().height()
        for screen in self.screens.values():
            # Landscape has ~800 px for the page body: tighter margins and gaps.
            screen.body.setContentsMargins(*((48, 16, 48, 16) if landscape else (48, 32, 48, 32)))
            screen.body.setSpacing(12 if landscape else 24)
            screen.set_landscape(landscape)

    def set_banner(self, text: str | None) -> None:
        """Set the offline (or any) banner; None hides it.

        The text is kept while a screen that shows no banner is current, so it comes
        back on the next customer page without asking the core again.
        """
        self.banner.setText(text or "")
        self._update_banner()

    def _update_banner(self) -> None:
        widget = self.stack.currentWidget()
        shown = isinstance(widget, Screen) and widget.shows_banner
        self.banner.setVisible(bool(self.banner.text()) and shown)
