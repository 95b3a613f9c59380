"""Paying with cash: live inserted total, what is still due, which notes are taken.

Why back/home are locked here: once a note is in, leaving must go through "finish" or
"cancel", which the core resolves (pay, or record the money as a credit). Every stacked
note updates this screen from a queued signal, within 100 ms of the driver's event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from ui.widgets.chrome import Screen, label, make_button
from ui.widgets.summary import Row, SummaryCard

translate = QCoreApplication.translate


@dataclass(frozen=True)
class CashView:
    """Everything the cash screen shows; texts formatted and translated by the caller."""

    inserted: str
    rows: Sequence[Row]
    accepted: str  # "¥10  ¥20  ¥50  ¥100"
    limit: str  # "Up to ¥1,000.00 in this payment"
    notes: Sequence[str] = ()
    status: str = ""
    status_error: bool = False
    can_finish: bool = False
    can_cancel: bool = True


class CashScreen(Screen):
    """``finish_requested`` and ``cancel_requested`` go to the core via the controller."""

    name = "cash"
    back_allowed = False
    home_allowed = False
    finish_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        self.inserted_caption = label(name="subtitle")
        self.inserted = label(name="huge", wrap=False)
        self.inserted.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.inserted_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary = SummaryCard()
        self.accepted = label(name="subtitle")
        self.limit = label(name="subtitle")
        self.notes = label(name="subtitle")
        self.status = label(name="subtitle")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Seconds until "still there?": every note or tap starts it again.
        self.countdown = label(name="subtitle")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.finish = make_button()
        self.cancel = make_button(role="nav")
        self.finish.clicked.connect(self.finish_requested.emit)
        self.cancel.clicked.connect(self.cancel_requested.emit)
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addWidget(self.cancel, 1)
        row.addWidget(self.finish, 2)
        left = QVBoxLayout()
        for widget in (self.inserted_caption, self.inserted, self.summary):
            left.addWidget(widget)
        left.addStretch(1)
        right = QVBoxLayout()
        for widget in (self.status, self.countdown, self.accepted, self.limit, self.notes):
            right.addWidget(widget)
        right.addStretch(1)
        right.addLayout(row)
        self.split = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.split.setSpacing(32)
        self.split.addLayout(left, 1)
        self.split.addLayout(right, 1)
        self.body.addWidget(self.title)
        self.body.addLayout(self.split, 1)
        self.view: CashView | None = None
        self.service = ""  # "topup" | "bill": names the finish button
        self.retranslate()

    def set_service(self, service: str) -> None:
        self.service = service
        self.retranslate()

    def set_landscape(self, landscape: bool) -> None:
        self.split.setDirection(QBoxLayout.Direction.LeftToRight if landscape
                                else QBoxLayout.Direction.TopToBottom)

    def show_view(self, view: CashView) -> None:
        self.view = view
        self.inserted.setText(view.inserted)
        self.summary.set_rows(view.rows)
        self.accepted.setText(view.accepted)
        self.limit.setText(view.limit)
        self.notes.setText("  ".join(view.notes))
        self.status.setObjectName("error" if view.status_error else "subtitle")
        self.status.setText(view.status)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.finish.setEnabled(view.can_finish)
        self.cancel.setEnabled(view.can_cancel)

    def show_countdown(self, seconds: int) -> None:
        self.countdown.setText(translate(
            "CashScreen", "%1 s left to insert the next note (each note or tap gives more "
            "time)").replace("%1", str(max(0, seconds))))

    def retranslate(self) -> None:
        self.title.setText(translate("CashScreen", "Insert notes one at a time"))
        self.inserted_caption.setText(translate("CashScreen", "Inserted so far"))
        self.finish.setText(translate("CashScreen", "Confirm top-up") if self.service == "topup"
                            else translate("CashScreen", "Confirm payment"))
        self.cancel.setText(translate("CashScreen", "Cancel"))
