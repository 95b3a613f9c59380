"""Shared by the maintenance CLI groups: open the store, read PINs, log in.

PINs come from an interactive prompt (not echoed) or, with ``--pin-stdin``, one per line
from standard input (for scripts; never as a command-line argument, which would land in
shell history and ``ps``).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from collections.abc import Iterator

from kiosk.errors import KioskError
from kiosk.staff.setup import MaintenanceStack, build_maintenance, open_store
from kiosk.staff.users import AuthError, User
from kiosk_cli.common import fail, load_config
from offline_queue import StorageFault


def add_login_args(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument("--user", required=required, metavar="NAME",
                        help="maintenance user to act as (asks for the PIN)")
    parser.add_argument("--pin-stdin", action="store_true",
                        help="read PIN(s) from standard input, one per line")


class PinReader:
    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin

    def read(self, prompt: str) -> str:
        if self.from_stdin:
            line = sys.stdin.readline()
            if not line:
                fail("expected a PIN on standard input", code=2)
            return line.strip()
        return getpass.getpass(prompt)


@contextlib.contextmanager
def opened(args: argparse.Namespace) -> Iterator[MaintenanceStack]:
    """The maintenance objects over the kiosk's store; storage trouble exits 3."""
    config = load_config(args)
    try:
        store = open_store(config)
    except StorageFault as exc:
        fail(f"cannot open the kiosk store: {exc}", code=3)
        raise
    try:
        yield build_maintenance(config, store)
    except AuthError as exc:
        fail(f"login refused: {exc}", code=4)
    except KioskError as exc:
        fail(str(exc), code=1)
    except StorageFault as exc:
        fail(f"storage fault: {exc}", code=3)
    finally:
        store.close()


def login(stack: MaintenanceStack, args: argparse.Namespace) -> User:
    pin = PinReader(args.pin_stdin).read(f"PIN for {args.user}: ")
    return stack.maintenance.login(args.user, pin)
