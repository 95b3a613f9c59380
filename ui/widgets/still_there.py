"""The "Are you still there?" prompt with a visible countdown and "More time" (WCAG 2.2.1).

Why an overlay and not a screen: it must appear over whatever page the customer left
(including the cash page) without losing that page's state; "More time" simply hides
it. The countdown number is pushed by the controller, which owns the clock.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ui.widgets.chrome import label, make_button

translate = QCoreApplication.translate


class StillThereOverlay(QFrame):
    more_time = Signal()
    end_now = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card = QFrame()
        card.setObjectName("card")
        self.title = label(name="title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = label(name="huge", wrap=False)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = label(name="subtitle")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.more = make_button()
        self.end = make_button(role="nav")
        self.more.clicked.connect(self.more_time.emit)
        self.end.clicked.connect(self.end_now.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.end, 1)
        buttons.addWidget(self.more, 2)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(48, 48, 48, 48)
        inner.setSpacing(24)
        for widget in (self.title, self.countdown, self.detail):
            inner.addWidget(widget)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(64, 64, 64, 64)
        outer.addStretch(1)
        outer.addWidget(card)
        outer.addStretch(1)
        self.remaining = 0
        self.hide()
        self.retranslate()

    def set_remaining(self, seconds: int) -> None:
        self.remaining = max(0, seconds)
        self.countdown.setText(translate("StillThereOverlay", "%1 s").replace(
            "%1", str(self.remaining)))

    def set_detail(self, text: str) -> None:
        self.detail.setText(text)

    def popup(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    def retranslate(self) -> None:
        self.title.setText(translate("StillThereOverlay", "Are you still there?"))
        self.more.setText(translate("StillThereOverlay", "I need more time"))
        self.end.setText(translate("StillThereOverlay", "End now"))
        self.set_remaining(self.remaining)
