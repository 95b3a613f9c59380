"""Number entry: a mobile number or a bill account, typed on our keypad.

Why the screen does not validate: what makes a number acceptable (length, operator
prefixes, check digits) is a business rule in ``kiosk.rules.catalog``. The screen groups the
digits for reading (138 0013 8000), asks its ``checker`` after every key and shows the
verdict at once, and enables "Continue" only when the checker says the number is
complete and valid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from ui.widgets.chrome import Screen, label, make_button
from ui.widgets.keypad import Keypad

translate = QCoreApplication.translate

MSISDN_GROUPS = (3, 4, 4)


@dataclass(frozen=True)
class EntryCheck:
    """The checker's verdict on the digits typed so far (texts already translated)."""

    ready: bool  # may be submitted
    message: str = ""  # hint (not ready yet) or error
    error: bool = False


Checker = Callable[[str], EntryCheck]
Text = Callable[[], str]


def group_digits(digits: str, groups: Sequence[int] = MSISDN_GROUPS) -> str:
    """``13800138000`` -> ``138 0013 8000``; digits beyond the groups come in fours."""
    parts: list[str] = []
    rest = digits
    sizes = list(groups)
    while rest:
        size = sizes.pop(0) if sizes else 4
        parts.append(rest[:size])
        rest = rest[size:]
    return " ".join(parts)


class NumberEntryScreen(Screen):
    """Keypad, grouped display and a live validation line; ``submitted(str)`` on Continue."""

    submitted = Signal(str)

    def __init__(self, name: str, *, max_digits: int, groups: Sequence[int] = MSISDN_GROUPS,
                 formatter: Callable[[str], str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.name = name
        self.max_digits = max_digits
        self.groups = tuple(groups)
        # How the digits read on the display (default: grouped); a receipt number puts
        # its dash back, so the keypad needs no dash key.
        self.formatter = formatter or (lambda digits: group_digits(digits, self.groups))
        self.checker: Checker = lambda digits: EntryCheck(bool(digits))
        self.digits = ""
        self.title = label(name="title")
        self.prompt = label(name="subtitle")
        self.display = label(name="huge", wrap=False)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label(name="subtitle")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keypad = Keypad()
        self.keypad.digit.connect(self.type_digit)
        self.keypad.deleted.connect(self.delete)
        self.keypad.cleared.connect(self.clear)
        self.next_button = make_button()
        self.next_button.clicked.connect(self._submit)
        info = QVBoxLayout()
        info.setSpacing(24)
        for widget in (self.title, self.prompt, self.display, self.message):
            info.addWidget(widget)
        info.addStretch(1)
        info.addWidget(self.next_button)
        # Portrait: keypad under the number; landscape: keypad beside it.
        self.split = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.split.setSpacing(48)
        self.split.addLayout(info, 1)
        self.split.addWidget(self.keypad, 1)
        self.body.addLayout(self.split, 1)
        self.texts: tuple[Text, Text] = (str, str)
        # The server refused these digits (a suspended line): said here, where the
        # customer can correct them; any key clears it.
        self.refused: tuple[str, Text] | None = None
        self.retranslate()

    def configure(self, title: Text, prompt: Text, checker: Checker) -> None:
        """Set what is asked and who judges it; clears any previous input.

        Texts are functions so a language switch re-evaluates them.
        """
        self.texts = (title, prompt)
        self.checker = checker
        self.refused = None
        self.retranslate()
        self.clear()

    def set_landscape(self, landscape: bool) -> None:
        self.split.setDirection(QBoxLayout.Direction.LeftToRight if landscape
                                else QBoxLayout.Direction.TopToBottom)

    def type_digit(self, digit: str) -> None:
        if len(self.digits) < self.max_digits:
            self.digits += digit
        self._refresh()

    def delete(self) -> None:
        self.digits = self.digits[:-1]
        self._refresh()

    def clear(self) -> None:
        self.digits = ""
        self._refresh()

    def set_digits(self, digits: str) -> None:
        self.digits = digits[: self.max_digits]
        self._refresh()

    def refuse(self, digits: str, reason: Text) -> None:
        """Show ``reason`` as an error while ``digits`` are on display (Continue off)."""
        self.digits = digits
        self.refused = (digits, reason)
        self._refresh()

    def redraw(self) -> None:
        """Re-read the refusal's text (a countdown in it moves on)."""
        self._refresh()

    def withdraw_refusal(self, reason: Text) -> None:
        """``reason`` no longer holds (a pause is over): the digits may be sent again."""
        if self.refused is not None and self.refused[1] is reason:
            self.refused = None
            self._refresh()

    def _refresh(self) -> None:
        self.display.setText(self.formatter(self.digits) or "—")
        if self.refused is not None and self.refused[0] != self.digits:
            self.refused = None
        verdict = (EntryCheck(False, self.refused[1](), error=True) if self.refused
                   else self.checker(self.digits))
        self.message.setObjectName("error" if verdict.error else "subtitle")
        self.message.setText(verdict.message)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.next_button.setEnabled(verdict.ready)

    def _submit(self) -> None:
        if self.checker(self.digits).ready:
            self.submitted.emit(self.digits)

    def retranslate(self) -> None:
        self.keypad.retranslate()
        self.next_button.setText(translate("NumberEntryScreen", "Continue"))
        self.title.setText(self.texts[0]())
        self.prompt.setText(self.texts[1]())
        self._refresh()
