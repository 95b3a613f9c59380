"""Out of service on purpose: pick a reason, stop payments; resume with one button.

Why fixed reasons: the reason is shown on the customer page, sent to the server and
audited; a short list of clear reasons (kept in English in the record, translated on
screen) needs no text keyboard and reads the same in every report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from ui.maintenance.words import source_word, state_word
from ui.screens.attract import Tile
from ui.widgets.chrome import Screen, label, make_button

translate = QCoreApplication.translate

#: Reasons stored in the record (English) -> shown on screen (translated).
REASONS = ("Maintenance", "Device repair", "Cash collection", "Network problem")


def reason_text(reason: str) -> str:
    texts = {"Maintenance": translate("Maintenance", "Maintenance"),
             "Device repair": translate("Maintenance", "Device repair"),
             "Cash collection": translate("Maintenance", "Cash collection"),
             "Network problem": translate("Maintenance", "Network problem")}
    if reason in texts:
        return texts[reason]
    # An automatic condition: "validator event: jam", "device state: ... (43)".
    return state_word(reason.rsplit(":", 1)[-1])


class ServiceToggleScreen(Screen):
    """``take_out(reason)`` and ``resume()``."""

    name = "maint_service"
    home_allowed = False
    take_out = Signal(str)
    resume = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        self.state = label(name="value")
        self.reasons_label = label(name="subtitle")
        self.prompt = label(name="subtitle")
        grid = QGridLayout()
        grid.setSpacing(24)
        self.tiles: dict[str, Tile] = {}
        for i, reason in enumerate(REASONS):
            tile = Tile(reason)
            tile.clicked.connect(lambda _=False, r=reason: self.take_out.emit(r))
            self.tiles[reason] = tile
            grid.addWidget(tile, i // 2, i % 2)
        self.resume_button = make_button()
        self.resume_button.clicked.connect(self.resume.emit)
        self.body.addWidget(self.title)
        self.body.addWidget(self.state)
        self.body.addWidget(self.reasons_label)
        self.body.addWidget(self.prompt)
        self.body.addLayout(grid, 1)
        self.body.addWidget(self.resume_button)
        self.manual = False
        self.retranslate()

    def show_state(self, in_service: bool, reasons: Sequence[Any]) -> None:
        self.manual = any(r.source in ("technician", "server") for r in reasons)
        self.state.setText(translate("Maintenance", "In service: customers can pay.")
                           if in_service else
                           translate("Maintenance", "Out of service: no payments."))
        self.reasons_label.setText("\n".join(
            f"{source_word(r.source)} · {reason_text(r.reason)}"
            + (f" · {r.by}" if r.by and r.by != "system" else "") for r in reasons))
        for tile in self.tiles.values():
            tile.setVisible(not self.manual)
        self.prompt.setVisible(not self.manual)
        self.resume_button.setVisible(self.manual)

    def retranslate(self) -> None:
        self.title.setText(translate("Maintenance", "Out of service"))
        self.prompt.setText(translate("Maintenance", "Choose why to stop customer payments:"))
        for reason, tile in self.tiles.items():
            tile.set_texts(reason_text(reason), "")
        self.resume_button.setText(translate("Maintenance", "Put back in service"))
