"""ZVT (PA00P015) card payment terminal over a serial line.

``open_card_terminal(port, **opts)`` builds a started ``ZvtTerminal``; options are the
driver's keyword arguments (password, timeouts, retries, clock).
"""

from __future__ import annotations

from typing import Any

from devices.zvt.codec import ZvtError
from devices.zvt.driver import ZvtTerminal

__all__ = ["ZvtError", "ZvtTerminal", "open_card_terminal"]


def open_card_terminal(port: str, *, start: bool = True, **opts: Any) -> ZvtTerminal:
    terminal = ZvtTerminal(port, **opts)
    if start:
        terminal.start()
    return terminal
