"""Out of service: say so plainly, say why in customer words, say what still works.

Why reasons are shown: "machine down" with no reason is what operators called false
alarms; the technician's or device's reason is listed in small text for staff, and a
staff button leads to the maintenance login.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QWidget

from ui.widgets.chrome import Screen, label, make_button

translate = QCoreApplication.translate


class OutOfServiceScreen(Screen):
    name = "out_of_service"
    back_allowed = False
    home_allowed = False
    staff_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label(name="subtitle")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reasons = label(name="subtitle")
        self.reasons.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.staff = make_button(role="nav")
        self.staff.clicked.connect(self.staff_requested.emit)
        self.body.addStretch(1)
        self.body.addWidget(self.title)
        self.body.addWidget(self.message)
        self.body.addWidget(self.reasons)
        self.body.addStretch(2)
        self.body.addWidget(self.staff, 0, Qt.AlignmentFlag.AlignRight)
        self.reason_texts: list[str] = []
        self.retranslate()

    def show_reasons(self, reasons: Sequence[str]) -> None:
        self.reason_texts = list(reasons)
        self.reasons.setText("\n".join(self.reason_texts))

    def retranslate(self) -> None:
        self.title.setText(translate("OutOfServiceScreen", "Temporarily out of service"))
        self.message.setText(translate(
            "OutOfServiceScreen",
            "Sorry, this kiosk cannot take payments right now. No money has been taken. "
            "Please use another kiosk or come back later."))
        self.staff.setText(translate("OutOfServiceScreen", "Staff"))
