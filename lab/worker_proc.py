"""The lab side of one kiosk worker process: spawn it, be its customer's hand, wait for it.

Why the hand is here: the emulator (and so the ground-truth note counters) belongs to
the lab process, which outlives every worker it kills.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from devices.emulators.validator_emulator import ValidatorEmulator


def insert_when_enabled(emu: ValidatorEmulator, value: int, timeout_s: float = 0.3) -> None:
    """Insert once the host has enabled this note and the unit idles (the green light).

    Why also idle: the kiosk may ask for the next note while the previous one is still
    being stacked or returned (its event reached the session first); a customer cannot
    push a note into a busy acceptor either, so the hand waits as the customer would.
    """
    index = emu.bill_table.index(value) if value in emu.bill_table else None
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with emu.lock:
            m = emu.model
            if index is not None and not m.inhibited and index in m.enabled \
                    and not emu.busy():
                break
        time.sleep(0.002)  # watching another process's device state: nothing to wait on
    emu.insert_note(value)


class WorkerProc:
    """``python -m lab.runner`` with its stdout protocol handled on a thread."""

    def __init__(self, emu: ValidatorEmulator, args: list[str], *, stderr: Path) -> None:
        self.emu = emu
        self.lines: list[dict[str, Any]] = []
        self.ready = threading.Event()
        self.done: dict[str, Any] | None = None
        self.killing: str | None = None
        self.inserted = 0
        self.sessions = 0
        with open(stderr, "ab") as err:
            self.proc = subprocess.Popen([sys.executable, "-m", "lab.runner", *args],
                                         stdout=subprocess.PIPE, stderr=err)
        self._reader = threading.Thread(target=self._read, name="lab-worker-reader",
                                        daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            try:
                msg = json.loads(raw)
            except ValueError:
                continue
            if "insert" in msg:
                self.inserted += 1
                insert_when_enabled(self.emu, int(msg["insert"]))
            elif "ready" in msg:
                self.ready.set()
            elif "session" in msg:
                self.sessions += 1
            elif "killing" in msg:
                self.killing = str(msg["killing"])
            elif "done" in msg:
                self.done = msg["done"]
            self.lines.append(msg)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()

    def wait(self, timeout_s: float) -> int | None:
        """Exit status (negative = signal), or None if it had to be killed for hanging."""
        try:
            code = self.proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
            code = None
        self._reader.join(5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        return code
