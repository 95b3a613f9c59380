"""Shared by the maintenance CLI groups: ask the running kiosk, open the store, read PINs,
log in.

PINs come from an interactive prompt (not echoed) or, with ``--pin-stdin``, one per line
from standard input (for scripts; never as a command-line argument, which would land in
shell history and ``ps``). A PIN sent to the running kiosk goes over its control socket
(mode 0600, peer uid checked), never through a file or the command line.

A refused login says what the staff login screen says (``login_refusal``), exit 4.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from collections.abc import Iterator
from typing import Any

from kiosk.errors import KioskError
from kiosk.runtime.control_socket import ControlError, NotRunning, call
from kiosk.staff.setup import MaintenanceStack, build_maintenance, open_store
from kiosk.staff.users import AuthError, User, login_refusal
from kiosk_cli.common import fail, load_config, local_iso
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
        fail(f"login refused: {login_refusal(exc)}", code=4)
    except KioskError as exc:
        fail(str(exc), code=1)
    except StorageFault as exc:
        fail(f"storage fault: {exc}", code=3)
    finally:
        store.close()


def read_pin(args: argparse.Namespace) -> str:
    return PinReader(args.pin_stdin).read(f"PIN for {args.user}: ")


def login(stack: MaintenanceStack, args: argparse.Namespace, pin: str | None = None) -> User:
    """Log ``--user`` in (the PIN read now unless the caller already has it)."""
    return stack.maintenance.login(args.user, read_pin(args) if pin is None else pin)


def ask_kiosk(args: argparse.Namespace, op: str, pin: str, *, timeout_s: float = 10.0,
              **fields: Any) -> dict[str, Any] | None:
    """The running kiosk's answer to ``op`` as ``--user``, or None when no kiosk runs.

    A kiosk that answers and refuses is final (exit 4 for the login, 1 otherwise): the
    caller must not then do the job itself from the store.
    """
    config = load_config(args)
    try:
        return call(config.data_dir, op, timeout_s=timeout_s, user=args.user, pin=pin,
                    **fields)
    except NotRunning:
        return None
    except ControlError as exc:
        reply = exc.reply
        if reply.get("kind") == "login":
            refusal = AuthError(str(exc), reply.get("locked_until"), reply.get("tries_left"))
            fail(f"login refused: {login_refusal(refusal)}", code=4)
        if reply.get("kind") in ("denied", "busy", "request", "starting"):
            fail(str(exc), code=1)
        fail(f"the running kiosk: {exc}", code=1)
        raise  # unreachable


#: Where the diagnostics report carries a time: epoch seconds (the queue, the server's
#: clock) or UTC ISO (service reasons, the last batch's period). The screen formats them
#: itself from the same dict (ui/maintenance/status.py takes the epoch numbers, and the
#: heartbeat sends it to the server as is), so the shell converts here.
TIME_FIELDS = {"queue": ("last_success", "last_error_at"), "server": ("server_time",),
               "last_batch": ("period_start", "period_end")}


def readable(report: dict[str, Any]) -> dict[str, Any]:
    """A diagnostics report with every time as local ISO 8601 with its UTC offset."""
    out = dict(report)
    for section, keys in TIME_FIELDS.items():
        part = out.get(section)
        if isinstance(part, dict):
            out[section] = {k: local_iso(v) if k in keys else v for k, v in part.items()}
    service = out.get("service")
    if isinstance(service, dict) and isinstance(service.get("reasons"), list):
        out["service"] = {**service, "reasons": [
            {**r, "since": local_iso(r.get("since"))} if isinstance(r, dict) else r
            for r in service["reasons"]]}
    return out
