"""Helpers shared by CLI command modules: loading config, printing JSON lines, errors."""

from __future__ import annotations

import argparse
import json
import sys
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
