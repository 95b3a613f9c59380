"""Maintenance login: pick who you are, then your PIN on our own keypad.

Why a picker and not a name field: the kiosk has no text keyboard (and must not get a
GPL one); staff are few. The PIN is never shown, only one dot per digit. A refusal
never says whether the person or the PIN was wrong; a lockout says until when.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from ui.widgets.chrome import Screen, label, make_button
from ui.widgets.keypad import Keypad

translate = QCoreApplication.translate
MAX_PIN = 12


def role_name(role: str) -> str:
    names = {"technician": translate("Maintenance", "Technician"),
             "collector": translate("Maintenance", "Cash collector"),
             "admin": translate("Maintenance", "Administrator")}
    return names.get(role, role)


class PinScreen(Screen):
    """``submitted(pin)`` on "Log in"; the owner shows the verdict with ``show_error``."""

    name = "maint_pin"
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.user = ""
        self.pin = ""
        self.title = label(name="title")
        self.who = label(name="subtitle")
        self.dots = label(name="huge", wrap=False)
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label(name="error")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keypad = Keypad()
        self.keypad.digit.connect(self.type_digit)
        self.keypad.deleted.connect(lambda: self._set(self.pin[:-1]))
        self.keypad.cleared.connect(lambda: self._set(""))
        self.login = make_button()
        self.login.clicked.connect(lambda: self.submitted.emit(self.pin))
        info = QVBoxLayout()
        info.setSpacing(24)
        for widget in (self.title, self.who, self.dots, self.message):
            info.addWidget(widget)
        info.addStretch(1)
        info.addWidget(self.login)
        self.split = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.split.setSpacing(48)
        self.split.addLayout(info, 1)
        self.split.addWidget(self.keypad, 1)
        self.body.addLayout(self.split, 1)
        self.retranslate()

    def set_landscape(self, landscape: bool) -> None:
        self.split.setDirection(QBoxLayout.Direction.LeftToRight if landscape
                                else QBoxLayout.Direction.TopToBottom)

    def start(self, user: str, role: str) -> None:
        self.user = user
        self.who.setText(f"{user} · {role_name(role)}")
        self.message.setText("")
        self._set("")

    def type_digit(self, digit: str) -> None:
        if len(self.pin) < MAX_PIN:
            self._set(self.pin + digit)

    def _set(self, pin: str) -> None:
        self.pin = pin
        self.dots.setText("● " * len(pin) if pin else "—")
        self.login.setEnabled(len(pin) >= 6)

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self._set("")

    def retranslate(self) -> None:
        self.keypad.retranslate()
        self.title.setText(translate("Maintenance", "Enter your PIN"))
        self.login.setText(translate("Maintenance", "Log in"))
