"""Settlement batches: the latest closed batches with their totals; close one now.

Why only the latest few: the page is for a glance at the kiosk ("did last night's
batch close, did the collection close one?"); the full list and verification are
``kiosk settlement list|verify`` and the server's reconciliation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QWidget

from ui.widgets.chrome import Screen, label, make_button
from ui.widgets.summary import SummaryCard

translate = QCoreApplication.translate
SHOWN = 5


class SettlementScreen(Screen):
    name = "maint_settlement"
    home_allowed = False
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        self.summary = label(name="subtitle")
        self.card = SummaryCard()
        self.message = label(name="subtitle")
        self.close_now = make_button(role="nav")
        self.close_now.clicked.connect(self.close_requested.emit)
        self.body.addWidget(self.title)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.card)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self.body.addWidget(self.close_now)
        self.batches: list[dict[str, Any]] = []
        self.landscape = False
        self.retranslate()

    def set_landscape(self, landscape: bool) -> None:
        self.landscape = landscape

    def show_batches(self, batches: Sequence[Mapping[str, Any]],
                     fmt: Callable[[int], str]) -> None:
        self.batches = [dict(b) for b in batches]
        latest = list(reversed(self.batches))[:SHOWN - 1 if self.landscape else SHOWN]
        self.summary.setText(translate("Maintenance", "%1 batches closed; the latest first.")
                             .replace("%1", str(len(self.batches))) if self.batches else
                             translate("Maintenance", "No batch closed yet."))
        reasons = {"collection": translate("Maintenance", "collection"),
                   "cutover": translate("Maintenance", "end of day"),
                   "manual": translate("Maintenance", "manual")}
        self.card.set_rows([
            (f"No. {b['batch_no']} · {reasons.get(str(b['reason']), str(b['reason']))} · "
             f"{str(b['period_end'])[5:16].replace('T', ' ')}",
             translate("Maintenance", "%1 payments").replace("%1", str(b["count"]))
             + f" · {fmt(int(b['total']))}") for b in latest])
        self.card.setVisible(bool(latest))

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def retranslate(self) -> None:
        self.title.setText(translate("Maintenance", "Settlement batches"))
        self.close_now.setText(translate("Maintenance", "Close a batch now"))
