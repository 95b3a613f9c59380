"""Helpers shared by CLI command modules: loading config, printing JSON lines, errors."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from kiosk.config import Config, ConfigError, load


def load_config(args: argparse.Namespace) -> Config:
    """The effective config for a command; exits with status 2 and the key on a bad value."""
    try:
        return load(getattr(args, "config", None))
    except ConfigError as exc:
        fail(f"configuration error: {exc}", code=2)
        raise  # unreachable; keeps type checkers happy


def emit(obj: dict[str, Any]) -> None:
    """Print one JSON object per line, flushed at once (for pipes and technicians' tools)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, sort_keys=False) + "\n")
    sys.stdout.flush()


def local_iso(value: Any) -> Any:
    """A time as a person at this kiosk reads it: local ISO 8601 with the UTC offset
    (``2026-12-03T15:48:07+08:00``). Takes epoch seconds or a UTC ISO string (the
    journal's ``...Z``); ``None`` and anything else are returned unchanged."""
    if isinstance(value, bool) or value is None:
        return value
    try:
        if isinstance(value, int | float):
            moment = datetime.fromtimestamp(value).astimezone()
        elif isinstance(value, str):
            moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone()
        else:
            return value
    except (ValueError, OverflowError, OSError):
        return value
    return moment.isoformat(timespec="seconds")


def note(message: str) -> None:
    """Print ``kiosk: note: message`` to stderr: said to the person, not part of the JSON."""
    sys.stderr.write(f"kiosk: note: {message}\n")
    sys.stderr.flush()


def fail(message: str, code: int = 1) -> None:
    """Print ``kiosk: error: message`` to stderr and exit with ``code``."""
    sys.stderr.write(f"kiosk: error: {message}\n")
    sys.stderr.flush()
    raise SystemExit(code)


def add_group(sub: Any, name: str, help_text: str, example: str) -> Any:
    """Add a command group whose bare invocation prints the group's help."""
    parser = sub.add_parser(
        name, help=help_text, description=f"{help_text}\n\nExample:\n  {example}"
    )
    parser.set_defaults(group_parser=parser)
    return parser.add_subparsers(
        dest=f"{name}_command", metavar="SUBCOMMAND", parser_class=type(parser)
    )


def add_command(sub: Any, name: str, help_text: str, example: str) -> argparse.ArgumentParser:
    """Add a leaf command; its help shows ``example`` verbatim."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help_text, description=f"{help_text}\n\nExample:\n  {example}"
    )
    return parser
