"""A card of label/value rows: the confirmation summary, the cash tally, a receipt.

Why one widget: the customer should see the same layout for "what you are paying"
before, during and after payment, so amounts are easy to compare across screens.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

Row = tuple[str, str]


class SummaryCard(QFrame):
    """Rows of (label, value); values right-aligned and bold. ``set_rows`` replaces all."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(32, 24, 32, 24)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(12)
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.rows = list(rows)
        for i, (name, value) in enumerate(self.rows):
            key = QLabel(name)
            key.setObjectName("subtitle")
            key.setWordWrap(True)
            val = QLabel(value)
            val.setObjectName("value")
            val.setWordWrap(True)
            val.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(key, i, 0)
            self.grid.addWidget(val, i, 1)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)

    def value(self, name: str) -> str | None:
        """The value shown for row ``name`` (tests and scripted journeys)."""
        return dict(self.rows).get(name)
