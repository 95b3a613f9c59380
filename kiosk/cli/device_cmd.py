"""``kiosk device``: talk to a real or emulated device for diagnosis.

Subcommands live in their own modules (one per device family), listed in ``MODULES``;
each exposes ``register(group_subparsers)``.
"""

from __future__ import annotations

import importlib
from typing import Any

from kiosk.cli.common import add_group

MODULES: tuple[str, ...] = ("kiosk.cli.device_card", "kiosk.cli.device_validator")


def register(sub: Any) -> None:
    group = add_group(sub, "device", "Talk to a device (real or emulated) and print JSON lines.",
                      "kiosk device watch --protocol ccnet --port /dev/pts/5")
    for name in MODULES:
        importlib.import_module(name).register(group)
