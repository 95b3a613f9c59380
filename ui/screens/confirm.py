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
            button.setMinimumHeight(160 if i < 2 else 96)  # 扫码支付 and 凭证: the row under
            button.clicked.connect(lambda _=False, m=method: self.method_chosen.emit(m))
            self.buttons[method] = button
            # Two by two (cash | card, then 扫码支付 | 凭证): three in a row do not fit a
            # landscape screen in large text, four stacked rows do not fit its height.
            row, col = divmod(i, 2)
            grid.addWidget(button, 2 * row, col)
            grid.addWidget(self.reasons[method], 2 * row + 1, col)
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
        offered = {state.method: state for state in methods}
        for method in METHODS:  # a method the caller does not mention is not offered
            state = offered.get(method)
            # 扫码支付 is hidden when off: the banner or attract page says why.
            shown = state is not None and (state.available or method != "qr")
            text = "" if state is None else state.note if state.available else state.reason
            self.buttons[method].setVisible(shown)
            self.buttons[method].setEnabled(state is not None and state.available)
            self.reasons[method].setText(text)
            # An empty reason takes no row: its grid spacing would squeeze the buttons.
            self.reasons[method].setVisible(shown and bool(text))

    def retranslate(self) -> None:
        self.title.setText(translate("ConfirmScreen", "Please check and choose how to pay"))
        self.question.setText(translate("ConfirmScreen", "How would you like to pay?"))
        self.buttons["cash"].setText(translate("ConfirmScreen", "Cash"))
        self.buttons["card"].setText(translate("ConfirmScreen", "Bank card"))
        self.buttons["qr"].setText(translate("ConfirmScreen", "Scan to pay"))
        self.buttons["voucher"].setText(translate("ConfirmScreen", "Voucher"))
