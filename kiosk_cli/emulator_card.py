"""``kiosk emulator zvt|printer``: the card terminal and receipt printer on a pty.

Prints ``{"event": "ready", "port": ...}`` first, then reads one command per line on
stdin (``help`` lists them). Runs until Ctrl-C; end of stdin keeps it serving.
"""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any, TextIO

from devices.emulators.printer import PrinterEmulator
from devices.emulators.zvt import OUTCOMES, ZvtEmulator
from kiosk_cli.common import add_command, emit


def register(group: Any) -> None:
    zvt = add_command(group, "zvt", "Emulate a ZVT card terminal (approve, decline, drop...).",
                      "kiosk emulator zvt --outcome decline --pin")
    zvt.add_argument("--link", help="also publish the pty as this symlink path")
    zvt.add_argument("--outcome", choices=OUTCOMES, default="approve")
    zvt.add_argument("--pin", action="store_true", help="ask for a PIN during payments")
    zvt.set_defaults(func=_zvt)
    prn = add_command(group, "printer", "Emulate an ESC/POS printer, render receipts as text.",
                      "kiosk emulator printer --out /tmp/receipts.txt")
    prn.add_argument("--link", help="also publish the pty as this symlink path")
    prn.add_argument("--out", help="append rendered receipts here (default: stdout)")
    prn.add_argument("--paper", choices=("ok", "near_end", "out", "silent"), default="ok")
    prn.set_defaults(func=_printer)


def _serve(emulator: Any) -> int:
    emit({"event": "ready", "port": emulator.port, "pty": emulator.slave_path})
    try:
        for line in sys.stdin:
            if line.strip() in ("quit", "exit"):
                break
            if line.strip():
                emit({"event": "reply", "text": emulator.command(line)})
        else:
            threading.Event().wait()  # stdin closed: keep serving until Ctrl-C
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
    return 0


def _zvt(args: argparse.Namespace) -> int:
    emulator = ZvtEmulator(args.link)
    emulator.outcome, emulator.pin = args.outcome, args.pin
    return _serve(emulator.start())


def _printer(args: argparse.Namespace) -> int:
    out: TextIO = open(args.out, "a", encoding="utf-8") if args.out else sys.stdout  # noqa: SIM115
    emulator = PrinterEmulator(args.link, out=out)
    emulator.paper = args.paper
    try:
        return _serve(emulator.start())
    finally:
        if args.out:
            out.close()
