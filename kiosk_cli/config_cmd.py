"""``kiosk config``: inspect the effective configuration."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk_cli.common import add_command, add_group, load_config


def register(sub: Any) -> None:
    group = add_group(sub, "config", "Inspect the effective configuration.", "kiosk config show")
    show = add_command(
        group,
        "show",
        "Print the effective config as TOML, secrets masked.",
        "kiosk --config /etc/kiosk/kiosk.toml config show",
    )
    show.set_defaults(func=_show)


def _show(args: argparse.Namespace) -> int:
    config = load_config(args)
    sys.stdout.write(f"# effective configuration (from {config.source})\n")
    sys.stdout.write(config.to_toml())
    return 0
