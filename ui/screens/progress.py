"""Processing: the customer waits for the server or the devices; say so and for what.

Why no buttons: while a payment is being confirmed nothing the customer does may change
it; the core's own timeouts bound this wait, and the result screen follows.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressBar, QWidget

from ui.widgets.chrome import Screen, label

translate = QCoreApplication.translate


class ProcessingScreen(Screen):
    name = "processing"
    back_allowed = False
    home_allowed = False

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = label(name="subtitle")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # indeterminate: we do not invent a percentage
        self.bar.setTextVisible(False)
        self.bar.setMinimumHeight(32)
        self.body.addStretch(1)
        self.body.addWidget(self.title)
        self.body.addWidget(self.bar)
        self.body.addWidget(self.detail)
        self.body.addStretch(2)
        self.message = ""
        self.retranslate()

    def show_message(self, detail: str) -> None:
        self.message = detail
        self.detail.setText(detail)

    def retranslate(self) -> None:
        self.title.setText(translate("ProcessingScreen", "Processing, please wait…"))
        if not self.message:
            self.detail.setText(translate("ProcessingScreen", "Do not leave the kiosk."))
