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


class KeypadEntryScreen(Screen):
    """Digits typed on our keypad: an info column (``title``, ``prompt``, what is typed so
    far in ``shown``, ``message``, and ``button`` at its foot) above the keypad, beside it
    in landscape; ``submitted(typed)`` on the button.

    A subclass sets ``max_length`` and says how the typed digits look (``_shown_text``)
    and when the button is on (``_ready``).
    """

    submitted = Signal(str)
    max_length = 0

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.typed = ""
        self.title = label(name="title")
        self.prompt = label(name="subtitle")
        self.shown = label(name="huge", wrap=False)
        self.shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label(name="error")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keypad = Keypad()
        self.keypad.digit.connect(self.type_digit)
        self.keypad.deleted.connect(lambda: self._set(self.typed[:-1]))
        self.keypad.cleared.connect(lambda: self._set(""))
        self.button = make_button()
        self.button.clicked.connect(lambda: self.submitted.emit(self.typed))
        info = QVBoxLayout()
        info.setSpacing(24)
        for widget in (self.title, self.prompt, self.shown, self.message):
            info.addWidget(widget)
        info.addStretch(1)
        info.addWidget(self.button)
        self.split = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.split.setSpacing(48)
        self.split.addLayout(info, 1)
        self.split.addWidget(self.keypad, 1)
        self.body.addLayout(self.split, 1)

    def set_landscape(self, landscape: bool) -> None:
        self.split.setDirection(QBoxLayout.Direction.LeftToRight if landscape
                                else QBoxLayout.Direction.TopToBottom)

    def type_digit(self, digit: str) -> None:
        if len(self.typed) < self.max_length:
            self._set(self.typed + digit)

    def _set(self, typed: str) -> None:
        self.typed = typed
        self.shown.setText(self._shown_text(typed))
        self.button.setEnabled(self._ready(typed))

    def _shown_text(self, typed: str) -> str:
        raise NotImplementedError

    def _ready(self, typed: str) -> bool:
        raise NotImplementedError


class StaffNumberScreen(KeypadEntryScreen):
    """``submitted(staff_no)`` on "Next"; the digits are shown (a staff number is no secret)."""

    name = "maint_user"
    max_length = MAX_STAFF_NO

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.has_users = True
        self.next = self.button
        self.retranslate()

    def start(self, has_users: bool) -> None:
        self.has_users = has_users
        self._set("")
        self.retranslate()

    def _shown_text(self, typed: str) -> str:
        return typed or "—"

    def _ready(self, typed: str) -> bool:
        return self.has_users and len(typed) >= MIN_STAFF_NO

    def retranslate(self) -> None:
        self.keypad.retranslate()
        self.title.setText(translate("Maintenance", "Staff login"))
        self.prompt.setText(translate("Maintenance", "Enter your staff number"))
        self.next.setText(translate("Maintenance", "Next"))
        self.message.setText("" if self.has_users else translate(
            "Maintenance", "No staff accounts yet: create one with "
            "kiosk users add --role admin."))
        self._set(self.typed)


class PinScreen(KeypadEntryScreen):
    """``submitted(pin)`` on "Log in"; the owner shows the verdict with ``show_error``."""

    name = "maint_pin"
    max_length = MAX_PIN

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.staff_no = ""
        self.who, self.login = self.prompt, self.button
        self.retranslate()

    @property
    def pin(self) -> str:
        return self.typed

    def start(self, staff_no: str) -> None:
        self.staff_no = staff_no
        self.message.setText("")
        self._set("")
        self.retranslate()

    def _shown_text(self, typed: str) -> str:
        return "● " * len(typed) if typed else "—"

    def _ready(self, typed: str) -> bool:
        return len(typed) >= 6

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self._set("")

    def retranslate(self) -> None:
        self.keypad.retranslate()
        self.title.setText(translate("Maintenance", "Enter your PIN"))
        self.who.setText(translate("Maintenance", "Staff number %1").replace(
            "%1", self.staff_no))
        self.login.setText(translate("Maintenance", "Log in"))
