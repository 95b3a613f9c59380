"""Confirm and choose how to pay: the summary, then cash, card or QR (扫码支付).

Why both on one page: the customer checks what they pay for and picks the means in one
glance, which keeps every journey within three levels. A method the core says is not
available stays visible, disabled, with the reason under it (offline, device fault,
over limit), so nobody wonders why the card button "does nothing".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QPushButton, QVBoxLayout, QWidget

from ui.widgets.chrome import Screen, label, make_button
from ui.widgets.summary import Row, SummaryCard

translate = QCoreApplication.translate
METHODS = ("cash", "card", "qr", "voucher")  # voucher: enter a code first, then the rest


@dataclass(frozen=True)
class MethodState:
    method: str  # "cash" | "card" | "qr" | "voucher"
    available: bool
    reason: str = ""  # translated, shown when unavailable
    note: str = ""  # translated, shown when available (the accepted wallets)


class ConfirmScreen(Screen):
    """Summary card and the payment method buttons; ``method_chosen(method)``."""

    name = "confirm"
    method_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        # Why the last try failed (a declined card): said here, where the customer chooses
        # again, never silently.
        self.notice = label(name="error")
        self.notice.hide()
        self.summary = SummaryCard()
        self.question = label(name="subtitle")
        self.buttons: dict[str, QPushButton] = {}
        self.reasons = {m: label(name="subtitle") for m in METHODS}
        grid = QGridLayout()
        grid.setSpacing(24)
        for i, method in enumerate(METHODS):
            button = make_button()
            button.setMinimumHeight(160 if i < 2 else 96)  # 扫码支付: the row under them
            button.clicked.connect(lambda _=False, m=method: self.method_chosen.emit(m))
            self.buttons[method] = button
            # Cash and card side by side, 扫码支付 across under them: three in a row do
            # not fit a landscape screen in large text.
            row, col, span = (0, i, 1) if i < 2 else (2 * (i - 1), 0, 2)  # 凭证 under 扫码支付
            grid.addWidget(button, row, col, 1, span)
            grid.addWidget(self.reasons[method], row + 1, col, 1, span)
        pay = QVBoxLayout()
        pay.addWidget(self.question)
        pay.addLayout(grid)
        pay.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.summary)
        left.addStretch(1)
        self.split = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.split.setSpacing(32)
        self.split.addLayout(left, 1)
        self.split.addLayout(pay, 1)
        self.body.addWidget(self.title)
        self.body.addWidget(self.notice)
        self.body.addLayout(self.split, 1)
        self.retranslate()

    def set_landscape(self, landscape: bool) -> None:
        self.split.setDirection(QBoxLayout.Direction.LeftToRight if landscape
                                else QBoxLayout.Direction.TopToBottom)

    def show_summary(self, rows: Sequence[Row], methods: Sequence[MethodState],
                     notice: str = "") -> None:
        self.summary.set_rows(rows)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        for method in METHODS:  # a method the caller does not mention is not offered
            self.buttons[method].setVisible(any(m.method == method for m in methods))
        for state in methods:
            self.buttons[state.method].setEnabled(state.available)
            self.reasons[state.method].setText(state.note if state.available else state.reason)
            if state.method == "qr":  # hidden when off: the banner or attract page says why
                self.buttons["qr"].setVisible(state.available)
                self.reasons["qr"].setVisible(state.available)

    def retranslate(self) -> None:
        self.title.setText(translate("ConfirmScreen", "Please check and choose how to pay"))
        self.question.setText(translate("ConfirmScreen", "How would you like to pay?"))
        self.buttons["cash"].setText(translate("ConfirmScreen", "Cash"))
        self.buttons["card"].setText(translate("ConfirmScreen", "Bank card"))
        self.buttons["qr"].setText(translate("ConfirmScreen", "Scan to pay"))
        self.buttons["voucher"].setText(translate("ConfirmScreen", "Voucher"))
