"""What the application sees of a QR/barcode scanner, whatever its command set.

A payment code (付款码) is a one-time credential: the application forwards it to the
server and keeps nothing else, so ``CodeRead`` hides the code from ``repr`` and offers
``masked`` for anything that is logged or shown to a technician.

Threading: the driver calls listeners on its own thread; they must be quick and must
not block (the app's Qt adapter forwards events through queued signals).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field


class ScannerMode(enum.Enum):
    COMMANDS = "commands"  # answers menu commands: enable/disable/trigger on the device
    FACTORY = "factory"    # sends codes unasked, answers nothing: gated in software


def mask_code(code: str) -> str:
    """First two and last four characters, the rest as ``*`` (short codes: all ``*``)."""
    if len(code) <= 8:
        return "*" * len(code)
    return code[:2] + "*" * (len(code) - 6) + code[-4:]


@dataclass(frozen=True)
class CodeRead:
    """A code was read while the scanner was enabled (or triggered)."""

    code: str = field(repr=False)
    event: str = field(default="code", init=False)

    @property
    def masked(self) -> str:
        return mask_code(self.code)


@dataclass(frozen=True)
class ScannerReady:
    """Port open; ``mode`` says whether the scanner answered our menu command."""

    mode: ScannerMode
    event: str = field(default="ready", init=False)


@dataclass(frozen=True)
class BadRead:
    """Bytes that were not a code (noise, overlong, control characters): ignored."""

    reason: str
    event: str = field(default="bad_read", init=False)


@dataclass(frozen=True)
class ScannerDisconnected:
    reason: str
    event: str = field(default="disconnected", init=False)


@dataclass(frozen=True)
class ScannerReconnected:
    event: str = field(default="reconnected", init=False)


ScannerEvent = CodeRead | ScannerReady | BadRead | ScannerDisconnected | ScannerReconnected
ScannerListener = Callable[[ScannerEvent], None]
