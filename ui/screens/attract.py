"""The attract/idle screen: what a passer-by sees, the four services, and two buttons
below them: use a voucher, find my payment (a receipt's status).

Why tiles carry a second line: a customer decides from the tile alone whether this
kiosk can help (which operators, which bills); a disabled tile says why instead of just
greying out. Tiles emit the service id; the window decides where that leads.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.chrome import Screen, label, make_button

translate = QCoreApplication.translate

#: Service ids, in tile order.
SERVICES = ("topup", "bill_payment", "balance_query", "bill_query")


class Tile(QPushButton):
    """A large service button with a title and a one-line explanation."""

    def __init__(self, service: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.setProperty("role", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.title = QLabel()
        self.title.setObjectName("tileTitle")
        self.detail = QLabel()
        self.detail.setObjectName("tileDetail")
        for part in (self.title, self.detail):
            part.setAlignment(Qt.AlignmentFlag.AlignCenter)
            part.setWordWrap(True)
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 24, 24, 24)
        box.addStretch(1)
        box.addWidget(self.title)
        box.addWidget(self.detail)
        box.addStretch(1)
        self._reason = ""

    def set_texts(self, title: str, detail: str) -> None:
        self.title.setText(title)
        self._detail = detail
        self.detail.setText(self._reason or detail)
        self.setAccessibleName(title)

    def set_available(self, available: bool, reason: str = "") -> None:
        """Enable the tile, or disable it and show ``reason`` in place of the detail."""
        self._reason = "" if available else reason
        self.setEnabled(available)
        self.detail.setText(self._reason or getattr(self, "_detail", ""))


class AttractScreen(Screen):
    """Home: greeting, the four service tiles and a reassurance line."""

    name = "attract"
    back_allowed = False
    home_allowed = False
    service_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = label(name="subtitle")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tiles: dict[str, Tile] = {}
        self.grid = QGridLayout()
        self.grid.setSpacing(32)
        for i, service in enumerate(SERVICES):
            tile = Tile(service)
            tile.clicked.connect(lambda _=False, s=service: self.service_chosen.emit(s))
            self.tiles[service] = tile
            self.grid.addWidget(tile, i // 2, i % 2)
        # Issue 15: a voucher (a kept credit) is spent from here too; one button, not a
        # tile, because it is a way to pay for the services above, not a service.
        self.voucher = make_button(role="nav")
        self.voucher.clicked.connect(lambda: self.service_chosen.emit("voucher"))
        # Issue 19: a past payment looked up by its receipt (scan or type its number).
        self.find_payment = make_button(role="nav")
        self.find_payment.clicked.connect(lambda: self.service_chosen.emit("find"))
        extras = QHBoxLayout()
        extras.setSpacing(32)
        extras.addWidget(self.voucher, 1)
        extras.addWidget(self.find_payment, 1)
        self.footnote = label(name="subtitle")
        self.footnote.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.title)
        self.body.addWidget(self.hint)
        self.body.addLayout(self.grid, 3)
        self.body.addLayout(extras)
        self.body.addWidget(self.footnote)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(translate("AttractScreen", "Welcome! Please choose a service"))
        self.hint.setText(translate(
            "AttractScreen", "Touch a tile to start. Nothing is charged until you confirm."))
        texts = {
            "topup": (translate("AttractScreen", "Mobile top-up"),
                      translate("AttractScreen", "China Mobile, Unicom, Telecom")),
            "bill_payment": (translate("AttractScreen", "Bill payment"),
                             translate("AttractScreen", "Electricity, water, gas, broadband")),
            "balance_query": (translate("AttractScreen", "Balance query"),
                              translate("AttractScreen", "Phone balance, free of charge")),
            "bill_query": (translate("AttractScreen", "Bill query"),
                           translate("AttractScreen", "Amount due, free of charge")),
        }
        for service, (title, detail) in texts.items():
            self.tiles[service].set_texts(title, detail)
        self.voucher.setText(translate("AttractScreen", "Use a voucher"))
        self.find_payment.setText(translate("AttractScreen", "Find my payment"))
        self.footnote.setText(translate(
            "AttractScreen", "We accept cash (banknotes) and bank cards. No change is given: "
            "any extra is kept for you as a credit."))
