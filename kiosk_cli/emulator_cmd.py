"""``kiosk emulator``: run a device emulator on a pseudo-terminal.

Subcommands live in their own modules (one per device family); each exposes
``register(group_subparsers)``.
"""

from __future__ import annotations

from typing import Any

from kiosk_cli import emulator_card, emulator_validator
from kiosk_cli.common import add_group


def register(sub: Any) -> None:
    group = add_group(sub, "emulator", "Run a device emulator on a pseudo-terminal.",
                      "kiosk emulator ccnet")
    emulator_card.register(group)
    emulator_validator.register(group)
