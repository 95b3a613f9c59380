"""Find my payment (查找我的付款): the receipt number's display and the status page.

Why the keypad has no dash key: the receipt prints 查询号 as ``<seq>-<check6>`` and the
last six digits are always the check, so the dash is put back on the display as the
customer types (``42955975`` reads ``42-955975``) and the core accepts it either way.
The status page is the result page's layout (headline, rows, voucher code, on-screen
receipt QR) with its own buttons: reprint the receipt, back to the start.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.screens.result import ResultScreen

translate = QCoreApplication.translate

CHECK_DIGITS = 6  # the short number's check digits after the dash
MAX_DIGITS = 9 + CHECK_DIGITS  # kiosk_rules.receipt_ref: up to 9 sequence digits


def reference_text(digits: str) -> str:
    """``42955975`` -> ``42-955975``: the dash before the six check digits, as printed."""
    if len(digits) <= CHECK_DIGITS:
        return digits
    return f"{digits[:-CHECK_DIGITS]}-{digits[-CHECK_DIGITS:]}"


class PaymentStatusScreen(ResultScreen):
    """A found payment: what became of it, in words; reprint (``action_requested``) and
    back to the start (``done``)."""

    name = "find_status"
    # Its own "back to the start" button is the way on: no footer (a second home button)
    # keeps the room for the rows, voucher code and receipt QR in landscape.
    back_allowed = False
    home_allowed = False

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # The receipt note goes with the QR it talks about ("scan this code"): under it,
        # so in landscape the rows keep the whole left column (large text included).
        item = self.split.itemAt(0)
        text = item.layout() if item is not None else None
        assert isinstance(text, QVBoxLayout)  # ResultScreen's text column
        self.text: QVBoxLayout = text
        self.text.removeWidget(self.receipt)
        self.split.removeWidget(self.qr)
        self.column = QVBoxLayout()
        self.column.addWidget(self.qr, 1)
        self.column.addWidget(self.receipt)
        self.column.addStretch(0)  # no QR (it printed): the note stays near the rows
        self.split.addLayout(self.column, 1)

    def set_landscape(self, landscape: bool) -> None:
        """Landscape: the voucher code moves to the QR's column, so the rows of a fully
        loaded page (late notes, large text) keep their height on the left."""
        super().set_landscape(landscape)
        target: QVBoxLayout = self.column if landscape else self.text
        index = 0 if landscape else 3  # after headline, message, rows
        if target.indexOf(self.voucher) < 0:
            self.text.removeWidget(self.voucher)
            self.column.removeWidget(self.voucher)
            target.insertWidget(index, self.voucher)

    def retranslate(self) -> None:
        self.done_button.setText(translate("PaymentStatusScreen", "Back to the start"))
