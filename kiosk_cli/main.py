"""Entry point of the ``kiosk`` command: the composition root, above ``ui`` and ``kiosk``.

Each command group lives in its own module under ``kiosk_cli`` and exposes
``register(subparsers)``; adding a group means one loader function and one entry in
``GROUPS`` below. The loaders import lazily (plain imports inside a function) because a
group module imports what its commands need and ``kiosk run`` must paint its first
screen without paying for every other group's imports. Every command handler receives
the parsed ``argparse.Namespace`` and returns an exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

from kiosk import __version__


# One loader per command group (lazy, see the module docstring).
def _run() -> ModuleType:
    from kiosk_cli import run_cmd
    return run_cmd


def _config() -> ModuleType:
    from kiosk_cli import config_cmd
    return config_cmd


def _device() -> ModuleType:
    from kiosk_cli import device_cmd
    return device_cmd


def _emulator() -> ModuleType:
    from kiosk_cli import emulator_cmd
    return emulator_cmd


def _demo() -> ModuleType:
    from kiosk_cli import demo_cmd
    return demo_cmd


def _users() -> ModuleType:
    from kiosk_cli import users_cmd
    return users_cmd


def _maint() -> ModuleType:
    from kiosk_cli import maint_cmd
    return maint_cmd


def _settlement() -> ModuleType:
    from kiosk_cli import settlement_cmd
    return settlement_cmd


def _logs() -> ModuleType:
    from kiosk_cli import logs_cmd
    return logs_cmd


def _update() -> ModuleType:
    from kiosk_cli import update_cmd
    return update_cmd


def _lab() -> ModuleType:
    from kiosk_cli import lab_cmd
    return lab_cmd


#: Command groups by command word, in the order ``kiosk --help`` lists them.
GROUPS: dict[str, Callable[[], ModuleType]] = {
    "run": _run,
    "config": _config,
    "device": _device,
    "emulator": _emulator,
    "demo": _demo,
    "users": _users,
    "maint": _maint,
    "settlement": _settlement,
    "logs": _logs,
    "update": _update,
    "lab": _lab,
}


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
    for name, load_group in GROUPS.items():
        if only is None or name == only:
            load_group().register(sub)
    return parser


def _command_word(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` when it is a known group (else None: full parser)."""
    words = iter(argv)
    for word in words:
        if word == "--config":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in GROUPS else None
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
