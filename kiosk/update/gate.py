"""What the updater asks of the payment core before it switches releases.

The core implements this (small Protocol, so ``kiosk.update`` needs nothing of the
core's internals): ``hold_for_switch`` refuses new sessions and returns None only when
no session is active and no note is in transport (then the hold stays until the
process exits or ``release_hold``); otherwise it holds nothing and says why it is busy.
"""

from __future__ import annotations

from typing import Protocol


class SwitchGate(Protocol):
    def hold_for_switch(self) -> str | None: ...
    def release_hold(self) -> None: ...
