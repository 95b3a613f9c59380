"""``kiosk emulator ccnet|id003``: a bill validator on a pty, driven from stdin.

Prints ``{"event": "ready", "port": PATH, ...}`` first, then runs one command per line
from ``--script`` and then stdin, answering each with a JSON line. End of stdin keeps it
serving until Ctrl-C or SIGTERM. Note values are integer minor units (10000 = 100 yuan).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
import time
from typing import Any

from devices.emulators.ccnet import CcnetEmulator
from devices.emulators.id003 import Id003Emulator
from devices.emulators.validator_emulator import ValidatorEmulator
from kiosk_cli.common import add_command, emit

HELP = ("insert VALUE | jam [validator|cassette] | clear | remove-cassette | insert-cassette"
        " | cassette-full | fail CODE | power-cycle [validator|stacker] | silent on|off"
        " | corrupt | delay MS | sleep MS | status | help")


def register(group: Any) -> None:
    for name, text in (("ccnet", "CashCode CCNET"), ("id003", "JCM ID-003")):
        parser = add_command(group, name, f"Emulate a {text} bill validator on a pty.",
                             f"kiosk emulator {name} --script notes.txt")
        parser.add_argument("--script", help="file of commands to run first (one per line)")
        parser.add_argument("--link", help="also publish the pty as this symlink path")
        parser.set_defaults(func=_run, protocol=name)


def apply(emulator: ValidatorEmulator, line: str) -> dict[str, Any]:
    """Run one command line; bad input gives ``{"ok": false, "error": ...}``."""
    words = line.split()
    if not words or words[0].startswith("#"):
        return {"ok": True}
    verb, args = words[0].lower(), words[1:]
    try:
        if verb == "insert":
            emulator.insert_note(int(args[0]))
        elif verb == "jam":
            emulator.jam(args[0] if args else "validator")
        elif verb == "clear":
            emulator.clear_jam()
            emulator.clear_failure()
        elif verb == "remove-cassette":
            emulator.remove_cassette()
        elif verb == "insert-cassette":
            emulator.insert_cassette()
        elif verb == "cassette-full":
            emulator.cassette_full()
        elif verb == "fail":
            emulator.fail(int(args[0], 0))
        elif verb == "power-cycle":
            emulator.power_cycle(args[0] if args else None)
        elif verb == "silent":
            emulator.set_silent(args[0].lower() in ("on", "1", "true", "yes"))
        elif verb == "corrupt":
            emulator.corrupt_next()
        elif verb == "delay":
            emulator.set_delay(int(args[0]) / 1000)
        elif verb == "sleep":
            time.sleep(int(args[0]) / 1000)  # script pacing, asked for by the user
        elif verb == "status":
            return {"ok": True, **emulator.counters()}
        elif verb == "help":
            return {"ok": True, "commands": HELP}
        else:
            return {"ok": False, "error": f"unknown command {verb!r}; try: help"}
    except (IndexError, ValueError) as exc:
        return {"ok": False, "error": f"bad arguments for {verb}: {exc}"}
    return {"ok": True, "command": line.strip()}


def _run(args: argparse.Namespace) -> int:
    emulator: ValidatorEmulator = CcnetEmulator() if args.protocol == "ccnet" \
        else Id003Emulator()
    path = emulator.start()
    if args.link:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(args.link)
        os.symlink(path, args.link)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    emit({"event": "ready", "protocol": args.protocol, "port": args.link or path, "pty": path,
          "notes": list(emulator.bill_table)})
    try:
        if args.script:
            with open(args.script, encoding="utf-8") as script:
                for line in script:
                    emit(apply(emulator, line))
        for line in sys.stdin:
            if line.strip() in ("quit", "exit"):
                return 0
            if line.strip():
                emit(apply(emulator, line))
        threading.Event().wait()  # stdin closed: keep serving until interrupted
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
        if args.link:
            with contextlib.suppress(OSError):
                os.unlink(args.link)
    return 0


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt
