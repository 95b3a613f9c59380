"""``kiosk emulator``: run a device emulator on a pseudo-terminal.

Subcommands live in their own modules (one per device family), listed in ``MODULES``;
each exposes ``register(group_subparsers)``.
"""

from __future__ import annotations

import importlib
from typing import Any

from kiosk.cli.common import add_group

MODULES: tuple[str, ...] = ("kiosk.cli.emulator_card", "kiosk.cli.emulator_validator")


def register(sub: Any) -> None:
    group = add_group(sub, "emulator", "Run a device emulator on a pseudo-terminal.",
                      "kiosk emulator ccnet")
    for name in MODULES:
        importlib.import_module(name).register(group)
