"""Cash collection: expected notes per denomination, the collector's count, the gap.

Why the count starts empty: the collector counts and types what is in the cassette;
"same as expected" exists for a count that matched, but a difference is shown row by
row and in total before anything is recorded, and is recorded as it is, never hidden.
The review page is the one confirmation; the report page shows what was printed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QPushButton, QVBoxLayout, QWidget

from ui.widgets.chrome import Screen, label, make_button
from ui.widgets.keypad import Keypad
from ui.widgets.summary import Row, SummaryCard

translate = QCoreApplication.translate
MAX_COUNT_DIGITS = 4
Fmt = Callable[[int], str]


def signed(minor: int, fmt: Fmt) -> str:
    return ("+" if minor > 0 else "−" if minor < 0 else "") + fmt(abs(minor))


class CountScreen(Screen):
    """Rows of (denomination, expected, counted, difference) and a keypad for the counts.

    ``review_requested(counted)`` with ``{denomination: count}`` (minor units as str).
    """

    name = "maint_collect"
    home_allowed = False
    review_requested = Signal(dict)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        self.hint = label(name="subtitle")
        self.rows_grid = QGridLayout()
        self.rows_grid.setSpacing(16)
        self.total = label(name="value")
        self.keypad = Keypad()
        self.keypad.digit.connect(self.type_digit)
        self.keypad.deleted.connect(self.delete)
        self.keypad.cleared.connect(lambda: self._set(""))
        self.same = make_button(role="nav")
        self.same.clicked.connect(self.fill_expected)
        self.review = make_button()
        self.review.clicked.connect(
            lambda: self.review_requested.emit(self.counted()))
        left = QVBoxLayout()
        left.setSpacing(16)
        left.addWidget(self.title)
        left.addWidget(self.hint)
        left.addLayout(self.rows_grid)
        left.addWidget(self.total)
        left.addStretch(1)
        self.left, self.right = left, QVBoxLayout()
        self.right.addWidget(self.keypad, 1)
        self.buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.buttons.setSpacing(24)
        self.buttons.addWidget(self.same, 1)
        self.buttons.addWidget(self.review, 1)
        self.right.addLayout(self.buttons)
        right = self.right
        self.split = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.split.setSpacing(32)
        self.split.addLayout(left, 1)
        self.split.addLayout(right, 1)
        self.body.addLayout(self.split, 1)
        self.fmt: Fmt = str
        self.expected: dict[str, int] = {}
        self.counts: dict[str, str] = {}
        self.selected = ""
        self.row_buttons: dict[str, QPushButton] = {}
        self.columns = 2
        self.retranslate()

    def set_landscape(self, landscape: bool) -> None:
        """Landscape: the keypad gets the whole height; its buttons move under the notes."""
        self.split.setDirection(QBoxLayout.Direction.LeftToRight if landscape
                                else QBoxLayout.Direction.TopToBottom)
        self.buttons.setParent(None)
        (self.left if landscape else self.right).addLayout(self.buttons)
        # Landscape has half the height: three notes a row, or six notes need three rows
        # and cover the total line (issue 19 item 7).
        self.columns = 3 if landscape else 2
        self._grid_notes()

    def _grid_notes(self) -> None:
        for i, button in enumerate(self.row_buttons.values()):
            self.rows_grid.removeWidget(button)
            self.rows_grid.addWidget(button, i // self.columns, i % self.columns)

    def start(self, expected: Mapping[str, int], denominations: Sequence[int], fmt: Fmt) -> None:
        """New count: one row per denomination (expected ones and all the validator takes)."""
        self.fmt = fmt
        self.expected = {str(k): int(v) for k, v in expected.items()}
        denoms = sorted({*(int(d) for d in denominations), *(int(k) for k in self.expected)},
                        reverse=True)
        while self.rows_grid.count():
            item = self.rows_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.row_buttons = {}
        self.counts = {str(d): "" for d in denoms}
        # One two-line button per note (two columns, three in landscape): touch it, type
        # its count.
        for d in self.counts:
            button = make_button(role="nav")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, key=d: self.select(key))
            self.row_buttons[d] = button
        self._grid_notes()
        self.select(next(iter(self.counts), ""))
        self._refresh()

    def delete(self) -> None:
        self._set(self.counts.get(self.selected, "")[:-1])

    def select(self, key: str) -> None:
        self.selected = key
        for d, button in self.row_buttons.items():
            button.setChecked(d == key)

    def type_digit(self, digit: str) -> None:
        text = self.counts.get(self.selected, "")
        if len(text) < MAX_COUNT_DIGITS:
            self._set((text + digit).lstrip("0") or "0")

    def _set(self, text: str) -> None:
        if self.selected:
            self.counts[self.selected] = text
        self._refresh()

    def fill_expected(self) -> None:
        self.counts = {d: str(self.expected.get(d, 0)) for d in self.counts}
        self._refresh()

    def counted(self) -> dict[str, int]:
        return {d: int(v or 0) for d, v in self.counts.items()}

    def difference(self) -> int:
        expected = sum(int(d) * n for d, n in self.expected.items())
        return sum(int(d) * n for d, n in self.counted().items()) - expected

    def row_text(self, d: str) -> str:
        expected = self.expected.get(d, 0)
        counted = self.counts[d]
        delta = int(counted or 0) - expected
        return (f"{self.fmt(int(d))}\n{expected} → {counted or '?'}"
                + (f"  ({delta:+d})" if counted and delta else ""))

    def _refresh(self) -> None:
        for d, button in self.row_buttons.items():
            button.setText(self.row_text(d))
        counted = all(v != "" for v in self.counts.values())
        gap = self.difference()
        # Before every row is counted a "difference" is only the notes not typed yet.
        self.total.setText(translate("Maintenance", "Difference in total: %1").replace(
            "%1", signed(gap, self.fmt)) if counted else translate(
            "Maintenance", "Difference in total: after the count"))
        self.total.setObjectName("error" if gap and counted else "value")
        self.total.style().unpolish(self.total)
        self.total.style().polish(self.total)
        self.review.setEnabled(counted)

    def retranslate(self) -> None:
        self.keypad.retranslate()
        self.title.setText(translate("Maintenance", "Cash collection"))
        self.hint.setText(translate("Maintenance", "Touch a note, then type how many you "
                                    "counted. Each note shows expected → counted."))
        self.same.setText(translate("Maintenance", "Same as expected"))
        self.review.setText(translate("Maintenance", "Review"))
        if self.counts:
            self._refresh()


class ReviewScreen(Screen):
    """Totals and the difference once more; ``confirmed()`` records the collection."""

    name = "maint_collect_review"
    home_allowed = False
    confirmed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        self.card = SummaryCard()
        self.warning = label(name="error")
        self.message = label(name="subtitle")
        self.confirm = make_button()
        self.confirm.clicked.connect(self.confirmed.emit)
        self.body.addWidget(self.title)
        self.body.addWidget(self.card)
        self.body.addWidget(self.warning)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self.body.addWidget(self.confirm)
        self.retranslate()

    def show_totals(self, rows: Sequence[Row], difference: int, fmt: Fmt) -> None:
        self.card.set_rows(rows)
        self.warning.setText("" if not difference else translate(
            "Maintenance", "The count differs from the journal by %1. The difference is "
            "recorded and reported as it is.").replace("%1", signed(difference, fmt)))
        self.message.setText("")
        self.confirm.setEnabled(True)

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.confirm.setEnabled(True)

    def retranslate(self) -> None:
        self.title.setText(translate("Maintenance", "Check and confirm"))
        self.confirm.setText(translate("Maintenance", "Confirm and print report"))


class ReportScreen(Screen):
    """The recorded collection: the report's lines and whether it printed."""

    name = "maint_collect_report"
    back_allowed = False
    home_allowed = False
    done = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="success")
        self.printed = label(name="subtitle")
        self.report = label(name="value")
        self.report.setObjectName("report")
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.done_button = make_button()
        self.done_button.clicked.connect(self.done.emit)
        self.body.addWidget(self.title)
        self.body.addWidget(self.printed)
        self.body.addWidget(self.report)
        self.body.addStretch(1)
        self.body.addWidget(self.done_button)
        self.retranslate()

    def show_report(self, lines: Sequence[str], printed: bool | None) -> None:
        self.report.setText("\n".join(lines))
        self.printed.setText(
            translate("Maintenance", "The report was printed.") if printed else
            translate("Maintenance", "The report could not be printed: copy it from this "
                      "screen.") if printed is False else
            translate("Maintenance", "No printer: copy the report from this screen."))

    def retranslate(self) -> None:
        self.title.setText(translate("Maintenance", "Collection recorded"))
        self.done_button.setText(translate("Maintenance", "Back to the menu"))
