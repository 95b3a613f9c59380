"""Entry point of the ``kiosk`` command.

Each command group lives in its own module under ``kiosk.cli`` and exposes
``register(subparsers)``; adding a group means adding it to ``GROUPS`` below. Every
command handler receives the parsed ``argparse.Namespace`` and returns an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from kiosk import __version__

#: Command-group modules, in the order ``kiosk --help`` lists them.
GROUPS = (
    "kiosk.cli.run_cmd",
    "kiosk.cli.config_cmd",
    "kiosk.cli.device_cmd",
    "kiosk.cli.emulator_cmd",
    "kiosk.cli.demo_cmd",
    "kiosk.cli.users_cmd",
    "kiosk.cli.maint_cmd",
    "kiosk.cli.settlement_cmd",
    "kiosk.cli.logs_cmd",
    "kiosk.cli.lab_cmd",
)


class KioskArgumentParser(argparse.ArgumentParser):
    """Argument parser that shows examples verbatim (help texts carry an Example line)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The ``kiosk`` parser; ``only`` (a command name) registers just that group, because
    a group module imports what its commands need and ``kiosk run`` must paint its first
    screen without paying for every other group's imports."""
    parser = KioskArgumentParser(
        prog="kiosk",
        description="Self-service payment kiosk: run it, its emulators and its tools.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="TOML configuration file (default: built-in defaults; KIOSK_* env vars override)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=KioskArgumentParser)
    for name in GROUPS:
        if only is None or name == f"kiosk.cli.{only}_cmd":
            importlib.import_module(name).register(sub)
    return parser


def _command_word(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` when it is a known group (else None: full parser)."""
    words = iter(argv)
    for word in words:
        if word == "--config":
            next(words, None)
        elif not word.startswith("-"):
            return word if f"kiosk.cli.{word}_cmd" in GROUPS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(only=_command_word(argv))
    args = parser.parse_args(argv)
    handler = getattr(args, "func", None)
    if handler is None:
        # A group given without its subcommand: show that group's help.
        target = getattr(args, "group_parser", parser)
        target.print_help()
        return 2
    try:
        code = handler(args)
    except KeyboardInterrupt:
        return 130
    return int(code or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
