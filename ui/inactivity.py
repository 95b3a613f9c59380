"""Taps, and what happens when there are none: the "still there?" prompt (WCAG 2.2.1).

Why one owner for the prompt: it has two causes that must never mix. During a payment
session the core decides (its inactivity timer, reset by ``core.touch()`` on every tap)
and "more time" goes to the core. Before a session opens (number, amount, biller and
query screens) nothing is at stake in the core, so the UI keeps its own timer from the
same ``timeouts.inactivity_s`` / ``timeouts.still_there_s`` and simply returns home: a
half-typed phone number must not wait on screen for the next passer-by.

Times come from an injected clock (the core's), so tests drive them with a fake clock
and call ``poll()``; the countdown shown is computed from that clock, never counted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QInputEvent
from PySide6.QtWidgets import QApplication, QWidget

from ui.bridge import CoreBridge
from ui.window import KioskWindow

translate = QCoreApplication.translate

#: Screens with no open session where an absent customer should be sent home.
IDLE_SCREENS = frozenset({"number", "account", "amount", "biller", "result"})
TAP_EVENTS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin})


class TapWatcher(QObject):
    """Application event filter: ``tapped`` for every press inside ``root``'s window.

    Why an application filter: a tap on any child (a label, a disabled tile, the
    overlay) counts as the customer being there, and children do not forward presses.
    """

    tapped = Signal()

    def __init__(self, root: QWidget):
        super().__init__(root)
        self.root = root
        self._last: tuple[QEvent.Type, int] | None = None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            root.destroyed.connect(lambda _obj=None: app.removeEventFilter(self))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in TAP_EVENTS and isinstance(watched, QWidget) and (
                watched is self.root or self.root.isAncestorOf(watched)):
            # A press a child ignores is re-sent to its parents: one tap, one signal.
            stamp = (event.type(), event.timestamp()) if isinstance(event, QInputEvent) \
                else (event.type(), -1)
            if stamp != self._last or stamp[1] < 0:
                self._last = stamp
                self.tapped.emit()
        return False


class Inactivity(QObject):
    """Owns ``window.still_there``; ``session_prompt()`` when the core asks."""

    went_home = Signal()

    def __init__(self, window: KioskWindow, bridge: CoreBridge, *,
                 clock: Callable[[], float], poll_ms: int = 250,
                 idle_screens: frozenset[str] = IDLE_SCREENS):
        super().__init__(window)
        self.window = window
        self.bridge = bridge
        self.core: Any = bridge.core
        self.clock = clock
        self.idle_screens = idle_screens
        config = self.core.config
        self.inactivity_s = float(config.get("timeouts.inactivity_s"))
        self.still_there_s = float(config.get("timeouts.still_there_s"))
        self.last_tap = clock()
        self.mode = ""  # "" (no prompt), "session" (the core asked) or "idle" (we did)
        self.prompt_started = 0.0
        # Extra listeners for taps (the maintenance screens keep their session alive).
        self.tap_listeners: list[Callable[[], None]] = []
        # Called on every poll (the cash screen's countdown reads the same clock).
        self.poll_listeners: list[Callable[[], None]] = []
        overlay = window.still_there
        overlay.more_time.connect(self.more_time)
        overlay.end_now.connect(self.end_now)
        self.taps = TapWatcher(window)
        self.taps.tapped.connect(self.tapped)
        window.screen_changed.connect(self._screen_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.poll)
        if poll_ms > 0:
            self.timer.start()

    # --- input ----------------------------------------------------------------------------
    def tapped(self) -> None:
        """A tap anywhere: restart our timer and tell the core (on a worker, coalesced)."""
        self.last_tap = self.clock()
        self.bridge.touch()
        for fn in list(self.tap_listeners):
            fn()

    def _screen_changed(self, _name: str) -> None:
        self.last_tap = self.clock()
        if self.mode == "idle":
            self._hide()

    # --- the prompt -----------------------------------------------------------------------
    def session_prompt(self) -> None:
        """The core entered "still there?": show its countdown."""
        self._popup("session", translate(
            "Inactivity", "If you do not answer, the payment ends and any money you "
            "inserted is paid or kept for you as a credit."))

    def session_resumed(self) -> None:
        if self.mode == "session":
            self._hide()

    def _popup(self, mode: str, detail: str) -> None:
        self.mode = mode
        self.prompt_started = self.clock()
        overlay = self.window.still_there
        overlay.set_detail(detail)
        overlay.set_remaining(math.ceil(self.still_there_s))
        overlay.popup()

    def _hide(self) -> None:
        self.mode = ""
        self.window.still_there.hide()

    def more_time(self) -> None:
        mode = self.mode
        self._hide()
        self.last_tap = self.clock()
        if mode == "session":
            self.bridge.call(self.core.more_time)

    def end_now(self) -> None:
        mode = self.mode
        self._hide()
        if mode == "session":
            self.bridge.call(self.core.cancel)
        else:
            self.go_home()

    def go_home(self) -> None:
        self.window.go_home()
        self.went_home.emit()

    # --- the clock ------------------------------------------------------------------------
    def poll(self) -> None:
        """Update the countdown, or open/close the idle prompt; timer-driven (tests call it)."""
        now = self.clock()
        for fn in list(self.poll_listeners):
            fn()
        if self.mode:
            remaining = math.ceil(self.still_there_s - (now - self.prompt_started))
            self.window.still_there.set_remaining(remaining)
            if self.mode == "idle" and remaining <= 0:
                self._hide()
                self.go_home()
            return
        if (self.window.current.name in self.idle_screens
                and now - self.last_tap >= self.inactivity_s):
            self._popup("idle", translate(
                "Inactivity", "If you do not answer, the kiosk returns to the start. "
                "Nothing has been charged."))
