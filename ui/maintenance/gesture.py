"""The hidden entry to maintenance: five taps on the brand name within three seconds.

Why a gesture on the brand: staff need a way in from any customer screen without a
visible "staff" button inviting curiosity; five quick taps on a non-interactive label do
not happen by accident and work on every screen (the header is always there). The PIN
is the real protection; the gesture only keeps the login page out of customers' way.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

TAPS = 5
WINDOW_S = 3.0


class TapGesture(QObject):
    """``triggered`` after ``taps`` presses on ``target`` within ``window_s`` seconds."""

    triggered = Signal()

    def __init__(self, target: QWidget, *, taps: int = TAPS, window_s: float = WINDOW_S,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(target)
        self.taps, self.window_s, self.clock = taps, window_s, clock
        self.times: list[float] = []
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.tap()
        return False

    def tap(self) -> None:
        now = self.clock()
        self.times = [t for t in self.times if now - t <= self.window_s] + [now]
        if len(self.times) >= self.taps:
            self.times.clear()
            self.triggered.emit()
