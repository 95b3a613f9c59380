"""Pick one of a few large options: a top-up amount, a biller.

Why a generic screen: both are "one topic, a handful of big buttons", and the options
(denominations from config, billers from the server catalog) come from ``kiosk``; an
option can be shown disabled with its reason (for example over the offline limit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from ui.screens.attract import Tile
from ui.widgets.chrome import Screen, label


@dataclass(frozen=True)
class Choice:
    key: str
    title: str
    detail: str = ""
    enabled: bool = True
    reason: str = ""


class ChoiceScreen(Screen):
    """Title, explanation, a grid of tiles; ``chosen(key)`` when one is touched."""

    chosen = Signal(str)

    def __init__(self, name: str, columns: int = 2, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = name
        self.columns = self.base_columns = columns
        self.landscape: bool | None = None
        self.title = label(name="title")
        self.prompt = label(name="subtitle")
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.tiles: dict[str, Tile] = {}
        self.body.addWidget(self.title)
        self.body.addWidget(self.prompt)
        self.body.addLayout(self.grid, 1)

    def set_landscape(self, landscape: bool) -> None:
        self.landscape = landscape
        self._layout_tiles()

    def _layout_tiles(self) -> None:
        """Two columns in portrait; in landscape three, or four past six tiles (the
        landscape body has room for two rows of tiles, not three)."""
        if self.landscape is None:
            columns = self.base_columns  # not laid out by a window yet
        elif self.landscape:
            columns = 3 if len(self.tiles) <= 6 else 4
        else:
            columns = 2
        self.columns = columns
        for i, tile in enumerate(self.tiles.values()):
            self.grid.removeWidget(tile)
            self.grid.addWidget(tile, i // columns, i % columns)

    def set_choices(self, title: str, prompt: str, choices: Sequence[Choice]) -> None:
        self.title.setText(title)
        self.prompt.setText(prompt)
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
            tile.hide()
            tile.deleteLater()
        self.tiles = {}
        for choice in choices:
            tile = Tile(choice.key)
            tile.set_texts(choice.title, choice.detail)
            tile.set_available(choice.enabled, choice.reason)
            tile.clicked.connect(lambda _=False, k=choice.key: self.chosen.emit(k))
            self.tiles[choice.key] = tile
        self._layout_tiles()
