"""The outcome: paid, money kept as a credit (voucher), failed, or a query answer.

Why the screen always says what happened to the money: a customer who inserted cash
and sees only "failed" assumes it is lost. Failure and credit texts come with the
amount and what to do next; the receipt is printed, or shown as a QR code to scan when
the printer is out of paper (or its state is unknown).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from ui.widgets.chrome import Screen, label, make_button
from ui.widgets.qr import QrLabel
from ui.widgets.summary import Row, SummaryCard

translate = QCoreApplication.translate
OUTCOMES = ("success", "credited", "failure", "info")


@dataclass(frozen=True)
class ResultView:
    outcome: str  # one of OUTCOMES
    headline: str
    message: str = ""
    rows: Sequence[Row] = ()
    voucher_code: str = ""  # shown large when a credit voucher was issued
    receipt_note: str = ""  # "Take your receipt" / "Scan for your receipt"
    qr_payload: str = ""  # receipt as QR when the printer cannot print
    action: str = ""  # a next step ("Re-enter", "Top up now"); ``action_requested`` on tap


class ResultScreen(Screen):
    name = "result"
    back_allowed = False
    done = Signal()
    action_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.headline = label(name="success")
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label(name="subtitle")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary = SummaryCard()
        self.voucher = label(name="title", wrap=False)  # 16 digits: "huge" is too wide
        self.voucher.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.receipt = label(name="subtitle")
        self.receipt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr = QrLabel()
        self.done_button = make_button()
        self.done_button.clicked.connect(self.done.emit)
        self.action_button = make_button(role="nav")
        self.action_button.clicked.connect(self.action_requested.emit)
        self.action_button.hide()
        text = QVBoxLayout()
        for widget in (self.headline, self.message, self.summary, self.voucher, self.receipt):
            text.addWidget(widget)
        text.addStretch(1)
        # Portrait: the QR code under the text; landscape: beside it, never cropped.
        self.split = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.split.addLayout(text, 2)
        self.split.addWidget(self.qr, 1)
        self.body.addLayout(self.split, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.action_button, 1)
        buttons.addWidget(self.done_button, 1)
        self.body.addLayout(buttons)
        self.view: ResultView | None = None
        self.retranslate()

    def set_landscape(self, landscape: bool) -> None:
        self.split.setDirection(QBoxLayout.Direction.LeftToRight if landscape
                                else QBoxLayout.Direction.TopToBottom)

    def show_view(self, view: ResultView) -> None:
        self.view = view
        role = {"success": "success", "credited": "success", "info": "title"}
        self.headline.setObjectName(role.get(view.outcome, "failure"))
        self.headline.style().unpolish(self.headline)
        self.headline.style().polish(self.headline)
        self.headline.setText(view.headline)
        self.message.setText(view.message)
        self.message.setVisible(bool(view.message))  # an empty line still takes its height
        self.summary.set_rows(view.rows)
        self.summary.setVisible(bool(view.rows))
        self.voucher.setText(view.voucher_code)
        self.voucher.setVisible(bool(view.voucher_code))
        self.receipt.setText(view.receipt_note)
        self.receipt.setVisible(bool(view.receipt_note))
        self.qr.set_payload(view.qr_payload)
        self.action_button.setText(view.action)
        self.action_button.setVisible(bool(view.action))

    def retranslate(self) -> None:
        self.done_button.setText(translate("ResultScreen", "Done"))
