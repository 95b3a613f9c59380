"""The frame around every screen: brand header with clock and language, back/home footer.

Why the window owns these and not each screen: the brand must look the same on every
page, and back/home must always be in the same place (muscle memory on a kiosk). The
header's language buttons are labelled in their own language (中文 / English) so a
customer who cannot read the current one still finds theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.theme import MIN_TOUCH_PX

translate = QCoreApplication.translate

Clock = Callable[[], datetime]


def make_button(text: str = "", role: str = "", parent: QWidget | None = None) -> QPushButton:
    """A push button with a style role (``tile``, ``nav``, ``key``, ``header``, ``danger``)."""
    button = QPushButton(text, parent)
    if role:
        button.setProperty("role", role)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class ClockLabel(QLabel):
    """Date and time, redrawn every second: the customer header's and the start-up
    screen's clock (one widget, so both show the same format and tick alike)."""

    def __init__(self, clock: Clock = datetime.now, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("clock")
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.tick()

    def tick(self) -> None:
        self.setText(self._clock().strftime("%Y-%m-%d  %H:%M"))


class Header(QFrame):
    """Brand name, current time, language switch and large-text toggle."""

    language_requested = Signal(str)
    large_text_toggled = Signal(bool)

    def __init__(self, brand: str, clock: Clock = datetime.now, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("header")
        self.brand = QLabel(brand)
        self.brand.setObjectName("brand")
        self.time = ClockLabel(clock)
        self.zh = make_button("中文", "header")
        self.en = make_button("English", "header")
        for button, lang in ((self.zh, "zh_CN"), (self.en, "en")):
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, lang=lang: self.language_requested.emit(lang))
        self.large = make_button("", "header")
        self.large.setCheckable(True)
        self.large.toggled.connect(self.large_text_toggled.emit)
        for button in (self.zh, self.en, self.large):
            button.setMinimumWidth(MIN_TOUCH_PX + 40)
        left = QVBoxLayout()
        left.setSpacing(0)
        left.addWidget(self.brand)
        left.addWidget(self.time)
        self.time.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 16, 32, 16)
        row.setSpacing(16)
        row.addLayout(left, 1)
        row.addWidget(self.zh)
        row.addWidget(self.en)
        row.addWidget(self.large)
        self.retranslate()

    def set_language(self, lang: str) -> None:
        self.zh.setChecked(lang == "zh_CN")
        self.en.setChecked(lang == "en")

    def retranslate(self) -> None:
        self.large.setText(translate("Header", "Large text"))


class Footer(QFrame):
    """Back and home, always bottom left and bottom right."""

    back = Signal()
    home = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("footer")
        self.back_button = make_button("", "nav")
        self.home_button = make_button("", "nav")
        self.back_button.clicked.connect(self.back.emit)
        self.home_button.clicked.connect(self.home.emit)
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 12, 32, 12)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.home_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.back_button.setText(translate("Footer", "‹ Back"))
        self.home_button.setText(translate("Footer", "Home"))


class Screen(QWidget):
    """Base of every page in the window's stack.

    ``name`` identifies it to the navigation and in screenshots; ``home_allowed`` and
    ``back_allowed`` let a screen lock navigation while money is in flight;
    ``shows_banner`` is False where the offline banner would mislead (the out-of-service
    page takes no money at all, staff pages show the network state themselves).
    """

    name = "screen"
    back_allowed = True
    home_allowed = True
    shows_banner = True

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(48, 32, 48, 32)
        self.body.setSpacing(24)

    def retranslate(self) -> None:
        """Set every visible text again after a language switch."""

    def entered(self) -> None:
        """Called each time the screen becomes the current one."""

    def set_landscape(self, landscape: bool) -> None:
        """Re-arrange for a wide screen; the window calls this on every page at resize."""


def label(text: str = "", name: str = "", wrap: bool = True) -> QLabel:
    """A label with a style role given by object name (``title``, ``subtitle``, ...)."""
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    # Labels get at least their wrapped text height (``Minimum``: a wrapped label's height
    # depends on its width, which a ``Maximum`` policy capped at a one-width guess);
    # spare room still goes to stretches and expanding content first.
    widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return widget
