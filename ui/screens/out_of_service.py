"""Out of service: say so plainly, say what kind of problem in customer words.

Why only a category for the customer: "machine down" with no reason is what operators
called false alarms, so the page names the kind of problem (maintenance, a device, a
technical fault) in the customer's language; the raw reasons ("technician: Replacing
the note acceptor", a driver's fault text) are English staff words and stay behind the
staff login (the maintenance "Out of service" page lists them). A staff button leads
to that login.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QWidget

from ui.widgets.chrome import Screen, label, make_button

translate = QCoreApplication.translate


def category_text(source: str) -> str:
    """The customer's line for a reason's source (``ServiceState`` ``Reason.source``)."""
    if source in ("technician", "server"):
        return translate("OutOfServiceScreen", "Reason: maintenance")
    devices = {
        "device:bill_validator": translate("OutOfServiceScreen",
                                           "Reason: the note acceptor needs service"),
        "device:card_terminal": translate("OutOfServiceScreen",
                                          "Reason: the card terminal needs service"),
        "device:printer": translate("OutOfServiceScreen",
                                    "Reason: the receipt printer needs service"),
    }
    if source.startswith("device:"):
        return devices.get(source, translate("OutOfServiceScreen",
                                             "Reason: a device needs service"))
    return translate("OutOfServiceScreen", "Reason: a technical fault")


class OutOfServiceScreen(Screen):
    name = "out_of_service"
    back_allowed = False
    home_allowed = False
    shows_banner = False  # "cash still works" would contradict "no payments here"
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
        self.sources: list[str] = []
        # The raw reasons, for staff and logs only: never put on this page.
        self.staff_details: list[str] = []
        self.retranslate()

    def show_reasons(self, sources: Sequence[str], staff_details: Sequence[str] = ()) -> None:
        """``sources`` pick the customer's lines; ``staff_details`` are kept, not shown."""
        self.sources = list(sources)
        self.staff_details = list(staff_details)
        self._show_categories()

    def _show_categories(self) -> None:
        lines = list(dict.fromkeys(category_text(s) for s in self.sources))
        self.reasons.setText("\n".join(lines))

    def retranslate(self) -> None:
        self.title.setText(translate("OutOfServiceScreen", "Temporarily out of service"))
        self.message.setText(translate(
            "OutOfServiceScreen",
            "Sorry, this kiosk cannot take payments right now. No money has been taken. "
            "Please use another kiosk or come back later."))
        self.staff.setText(translate("OutOfServiceScreen", "Staff"))
        self._show_categories()
