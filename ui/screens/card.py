"""Paying by card: the amount and whatever the terminal asks the customer to do.

Why the prompts come from the terminal: only it knows whether it waits for the card,
the PIN or the bank; we show its words (translated when we know them) and keep a cancel
button that asks the core to abort (the terminal may still finish the payment).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QProgressBar, QWidget

from ui.widgets.chrome import Screen, label, make_button

translate = QCoreApplication.translate


class CardScreen(Screen):
    name = "card"
    back_allowed = False
    home_allowed = False
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        self.amount = label(name="huge", wrap=False)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt = label(name="title")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = label(name="subtitle")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.cancel = make_button(role="nav")
        self.cancel.clicked.connect(self.cancel_requested.emit)
        self.body.addWidget(self.title)
        self.body.addWidget(self.amount)
        self.body.addStretch(1)
        self.body.addWidget(self.prompt)
        self.body.addWidget(self.busy)
        self.body.addWidget(self.hint)
        self.body.addStretch(1)
        self.body.addWidget(self.cancel)
        self.retranslate()

    def show_amount(self, amount: str) -> None:
        self.amount.setText(amount)
        self.prompt.setText(translate("CardScreen", "Please follow the card terminal"))

    def show_prompt(self, text: str) -> None:
        self.prompt.setText(text)

    def retranslate(self) -> None:
        self.title.setText(translate("CardScreen", "Pay by bank card"))
        self.hint.setText(translate(
            "CardScreen", "Insert, tap or swipe your card on the terminal below the screen."))
        self.cancel.setText(translate("CardScreen", "Cancel payment"))
