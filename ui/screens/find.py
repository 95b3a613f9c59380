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
    back_allowed = True  # back to the number, to look up another receipt

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # The receipt note goes with the QR it talks about ("scan this code"): under it,
        # so in landscape the rows keep the whole left column (large text included).
        self.receipt.parentWidget().layout().removeWidget(self.receipt)  # type: ignore[union-attr]
        self.split.removeWidget(self.qr)
        column = QVBoxLayout()
        column.addWidget(self.qr, 1)
        column.addWidget(self.receipt)
        self.split.addLayout(column, 1)

    def retranslate(self) -> None:
        self.done_button.setText(translate("PaymentStatusScreen", "Back to the start"))
