"""Our own on-screen numeric keypad (no system or GPL virtual keyboard on a kiosk).

Why digits only and a fixed 3x4 layout: phone numbers, account numbers, PINs and
amounts are all digits here, and a phone-style layout (1 2 3 on top) is what customers
know. Keys are at least ``KEYPAD_KEY_PX`` tall. The keypad only emits; the owner keeps
the text, so the same keypad serves the number entry and the technician's PIN pad.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from ui.widgets.chrome import make_button

translate = QCoreApplication.translate

#: Key ids in reading order; "clear" and "delete" are labelled by ``retranslate``.
LAYOUT = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "delete")


class Keypad(QWidget):
    """3x4 digit keypad; ``digit(str)``, ``deleted()`` and ``cleared()`` signals."""

    digit = Signal(str)
    deleted = Signal()
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setSpacing(16)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, key in enumerate(LAYOUT):
            button = make_button(key if key.isdigit() else "", "key")
            if key.isdigit():
                button.clicked.connect(lambda _=False, k=key: self.digit.emit(k))
            elif key == "delete":
                button.clicked.connect(self.deleted.emit)
            else:
                button.clicked.connect(self.cleared.emit)
            self.keys[key] = button
            grid.addWidget(button, i // 3, i % 3)
        self.retranslate()

    def press(self, keys: str) -> None:
        """Type ``keys`` as if touched (tests and scripted demo journeys)."""
        for key in keys:
            self.keys[key].click()

    def retranslate(self) -> None:
        self.keys["clear"].setText(translate("Keypad", "Clear"))
        self.keys["delete"].setText(translate("Keypad", "⌫ Delete"))
