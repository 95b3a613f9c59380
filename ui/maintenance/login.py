"""Maintenance login: your staff number (工号), then your PIN, both on our own keypad.

Why a number and not a list of names: the kiosk has no text keyboard (and must not get a
GPL one), and a picker showed every staff name to whoever found the hidden gesture. The
PIN is never shown, only one dot per digit. A refusal never says whether the number or
the PIN was wrong (an unknown number gets the same "tries left" as a known one); a
lockout says until when.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from ui.widgets.chrome import Screen, label, make_button
from ui.widgets.keypad import Keypad

translate = QCoreApplication.translate
MAX_PIN = 12
MIN_STAFF_NO, MAX_STAFF_NO = 4, 8


def role_name(role: str) -> str:
    names = {"technician": translate("Maintenance", "Technician"),
             "collector": translate("Maintenance", "Cash collector"),
             "admin": translate("Maintenance", "Administrator")}
    return names.get(role, role)


class StaffNumberScreen(Screen):
    """``submitted(staff_no)`` on "Next"; the digits are shown (a staff number is no secret)."""

    name = "maint_user"
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.number = ""
        self.has_users = True
        self.title = label(name="title")
        self.prompt = label(name="subtitle")
        self.digits = label(name="huge", wrap=False)
        self.digits.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label(name="error")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keypad = Keypad()
        self.keypad.digit.connect(self.type_digit)
        self.keypad.deleted.connect(lambda: self._set(self.number[:-1]))
        self.keypad.cleared.connect(lambda: self._set(""))
        self.next = make_button()
        self.next.clicked.connect(lambda: self.submitted.emit(self.number))
        info = QVBoxLayout()
        info.setSpacing(24)
        for widget in (self.title, self.prompt, self.digits, self.message):
            info.addWidget(widget)
        info.addStretch(1)
        info.addWidget(self.next)
        self.split = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.split.setSpacing(48)
        self.split.addLayout(info, 1)
        self.split.addWidget(self.keypad, 1)
        self.body.addLayout(self.split, 1)
        self.retranslate()

    def set_landscape(self, landscape: bool) -> None:
        self.split.setDirection(QBoxLayout.Direction.LeftToRight if landscape
                                else QBoxLayout.Direction.TopToBottom)

    def start(self, has_users: bool) -> None:
        self.has_users = has_users
        self._set("")
        self.retranslate()

    def type_digit(self, digit: str) -> None:
        if len(self.number) < MAX_STAFF_NO:
            self._set(self.number + digit)

    def _set(self, number: str) -> None:
        self.number = number
        self.digits.setText(number or "—")
        self.next.setEnabled(self.has_users and len(number) >= MIN_STAFF_NO)

    def retranslate(self) -> None:
        self.keypad.retranslate()
        self.title.setText(translate("Maintenance", "Staff login"))
        self.prompt.setText(translate("Maintenance", "Enter your staff number"))
        self.next.setText(translate("Maintenance", "Next"))
        self.message.setText("" if self.has_users else translate(
            "Maintenance", "No staff accounts yet: create one with "
            "kiosk users add --role admin."))
        self._set(self.number)


class PinScreen(Screen):
    """``submitted(pin)`` on "Log in"; the owner shows the verdict with ``show_error``."""

    name = "maint_pin"
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.staff_no = ""
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

    def start(self, staff_no: str) -> None:
        self.staff_no = staff_no
        self.message.setText("")
        self._set("")
        self.retranslate()

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
        self.who.setText(translate("Maintenance", "Staff number %1").replace(
            "%1", self.staff_no))
        self.login.setText(translate("Maintenance", "Log in"))
