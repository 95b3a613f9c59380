"""The maintenance menu: one tile per topic the logged-in role may open, and log out.

Why tiles are hidden, not greyed, for other roles: a collector has no use for a
"device tests" tile, and the role check is the service's anyway (every action is
authorized and audited in ``kiosk.staff.maintenance``); the menu only avoids dead ends.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.staff.maintenance import PERMISSIONS
from kiosk.staff.users import Role
from ui.maintenance.login import role_name
from ui.screens.attract import Tile
from ui.widgets.chrome import Screen, label, make_button

translate = QCoreApplication.translate

#: Topic -> the permission that opens it, in menu order.
TOPICS: dict[str, str] = {
    "diagnostics": "diagnostics",
    "tests": "device_test",
    "queue": "diagnostics",
    "collection": "cash_collection",
    "settlement": "settlement",
    "service": "out_of_service",
}


def topics_for(role: Role) -> list[str]:
    return [topic for topic, action in TOPICS.items() if role in PERMISSIONS[action]]


class MaintHomeScreen(Screen):
    """``topic_chosen(topic)``, ``logout_requested()``."""

    name = "maint_home"
    back_allowed = False
    home_allowed = False
    topic_chosen = Signal(str)
    logout_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        self.who = label(name="subtitle")
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.tiles: dict[str, Tile] = {}
        for topic in TOPICS:
            tile = Tile(topic)
            tile.clicked.connect(lambda _=False, t=topic: self.topic_chosen.emit(t))
            self.tiles[topic] = tile
        self.logout = make_button(role="nav")
        self.logout.clicked.connect(self.logout_requested.emit)
        self.body.addWidget(self.title)
        self.body.addWidget(self.who)
        self.body.addLayout(self.grid, 1)
        self.body.addWidget(self.logout)
        self.columns = 2
        self.visible_topics: list[str] = []
        self.retranslate()

    def set_landscape(self, landscape: bool) -> None:
        self.columns = 3 if landscape else 2
        for tile in self.tiles.values():  # landscape is short: titles only
            tile.detail.setVisible(not landscape)
        self._arrange()

    def show_user(self, name: str, role: Role) -> None:
        self.who.setText(translate("Maintenance", "Logged in: %1 (%2)").replace(
            "%1", name).replace("%2", role_name(role.value)))
        self.visible_topics = topics_for(role)
        self._arrange()

    def _arrange(self) -> None:
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
            tile.hide()
        for i, topic in enumerate(self.visible_topics):
            self.grid.addWidget(self.tiles[topic], i // self.columns, i % self.columns)
            self.tiles[topic].show()

    def retranslate(self) -> None:
        self.title.setText(translate("Maintenance", "Maintenance menu"))
        texts = {
            "diagnostics": (translate("Maintenance", "Device status"),
                            translate("Maintenance", "Live state, versions, errors")),
            "tests": (translate("Maintenance", "Device tests"),
                      translate("Maintenance", "Validator, printer, card terminal")),
            "queue": (translate("Maintenance", "Queue and network"),
                      translate("Maintenance", "Unsent records, server, sync now")),
            "collection": (translate("Maintenance", "Cash collection"),
                           translate("Maintenance", "Count the cassette, print the report")),
            "settlement": (translate("Maintenance", "Settlement batches"),
                           translate("Maintenance", "Closed batches and totals")),
            "service": (translate("Maintenance", "Out of service"),
                        translate("Maintenance", "Stop or resume customer payments")),
        }
        for topic, (title, detail) in texts.items():
            self.tiles[topic].set_texts(title, detail)
        self.logout.setText(translate("Maintenance", "Log out"))
