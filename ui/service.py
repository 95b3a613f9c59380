"""In service or not, on screen: the out-of-service page follows ``ServiceState``.

Why the UI watches and the core gates: taking no money is the core's rule (its
``availability`` asks ``in_service``, so no session can take cash or card while a
technician, the server or a faulty required device has the kiosk out of service);
the customer must also *see* why and not touch dead tiles, and see the kiosk come back
without anyone pressing a button. A payment already in progress is never interrupted:
the page appears when the customer's session has ended and the window goes home.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject

from ui.bridge import CoreBridge
from ui.screens.out_of_service import OutOfServiceScreen
from ui.window import KioskWindow

#: Screens showing money in flight or its outcome: never replaced by the page.
BUSY_SCREENS = frozenset({"confirm", "cash", "card", "processing", "result"})
OUT_OF_SERVICE = "out_of_service"


def staff_lines(reasons: Sequence[Any]) -> list[str]:
    """One line per reason, for staff: where it comes from and what was said."""
    return [f"{r.source}: {r.reason}" for r in reasons]


class ServiceWatch(QObject):
    """Shows ``out_of_service`` while the kiosk is out of service; home when it is back."""

    def __init__(self, window: KioskWindow, bridge: CoreBridge, state: Any, *,
                 passive_screens: frozenset[str] = frozenset()):
        super().__init__(window)
        self.window = window
        self.bridge = bridge
        self.state = state
        #: Screens this watcher leaves alone (the maintenance screens).
        self.passive_screens = set(passive_screens)
        self.in_service = True
        existing = window.screens.get(OUT_OF_SERVICE)
        self.screen: OutOfServiceScreen = (
            existing if isinstance(existing, OutOfServiceScreen)
            else window.add_screen(OutOfServiceScreen()))
        bridge.watch(state.add_listener, "service")
        bridge.changed.connect(lambda tag: self.refresh() if tag == "service" else None)
        window.screen_changed.connect(self._screen_changed)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the state on the worker (it takes the store's locks)."""
        self.bridge.call(lambda: (self.state.in_service, self.state.reasons()),
                         done=self._apply)

    def _apply(self, result: tuple[bool, list[Any]]) -> None:
        ok, reasons = result
        self.in_service = ok
        self.screen.show_reasons([r.source for r in reasons], staff_lines(reasons))
        self._follow(self.window.current.name)

    def _screen_changed(self, name: str) -> None:
        if name != OUT_OF_SERVICE:
            self._follow(name)

    def _follow(self, name: str) -> None:
        if name in BUSY_SCREENS or name in self.passive_screens:
            return
        if not self.in_service and name != OUT_OF_SERVICE:
            self.window.history[:] = []
            self.window.show_screen(OUT_OF_SERVICE)
        elif self.in_service and name == OUT_OF_SERVICE:
            self.window.go_home()
