"""``kiosk device``: talk to a real or emulated device for diagnosis.

Subcommands live in their own modules (one per device family); each exposes
``register(group_subparsers)``.
"""

from __future__ import annotations

from typing import Any

from kiosk_cli import device_card, device_validator
from kiosk_cli.common import add_group


def register(sub: Any) -> None:
    group = add_group(sub, "device", "Talk to a device (real or emulated) and print JSON lines.",
                      "kiosk device watch --protocol ccnet --port /dev/pts/5")
    device_card.register(group)
    device_validator.register(group)
