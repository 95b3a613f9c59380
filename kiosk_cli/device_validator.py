"""``kiosk device watch``: print a bill validator's events as JSON lines.

Enables every denomination the device reports (again after each reconnect), answers
escrow with ``--escrow`` (default ``return``, so diagnosing a live kiosk takes no money),
and keeps running across disconnects until Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import dataclasses
import queue
import signal
import threading
from typing import Any

from devices.bill_validator import EscrowDecision, ValidatorEvent
from devices.factory import PROTOCOLS, open_bill_validator
from devices.serial_port import PortNotFound, check_port
from devices.validator_driver import EventQueue
from kiosk_cli.common import add_command, emit, fail


def register(group: Any) -> None:
    watch = add_command(group, "watch",
                        "Watch a bill validator (CCNET or ID-003) and print one JSON line "
                        "per event.",
                        "kiosk device watch --protocol ccnet --port /dev/pts/5 --escrow accept")
    watch.add_argument("--protocol", choices=PROTOCOLS, required=True)
    watch.add_argument("--port", required=True, help="device path, pty or pyserial URL")
    watch.add_argument("--escrow", choices=("accept", "return"), default="return",
                       help="stack or return escrowed notes (default: return)")
    watch.add_argument("--currency", default="CNY",
                       help="ISO 4217 currency when the device does not say (ID-003)")
    watch.set_defaults(func=_watch)


def event_json(event: ValidatorEvent) -> dict[str, Any]:
    fields = {k: v for k, v in dataclasses.asdict(event).items() if k != "event"}
    return {"event": event.event, **{k: list(v) if isinstance(v, tuple) else v
                                     for k, v in fields.items()}}


def _watch(args: argparse.Namespace) -> int:
    try:
        check_port(args.port)
    except PortNotFound as exc:
        fail(f"{exc}; is the validator plugged in (or the emulator running)?", code=2)
    decision = EscrowDecision.STACK if args.escrow == "accept" else EscrowDecision.RETURN
    validator = open_bill_validator(args.protocol, args.port, currency_hint=args.currency)
    events = EventQueue()
    validator.add_listener(events)
    validator.set_escrow_decider(lambda _escrow: decision)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    validator.start()
    try:
        while True:
            try:
                event = events.get(timeout=0.5)
            except queue.Empty:
                continue
            if event.event == "ready":
                validator.enable(getattr(event, "denominations", ()))
            emit(event_json(event))
    except KeyboardInterrupt:
        return 0
    finally:
        validator.close()


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt
