"""The lab side of one kiosk worker process: spawn it, be its customer's hand, wait for it.

Why the hand is here: the emulator (and so the ground-truth note counters) belongs to
the lab process, which outlives every worker it kills.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devices.emulators.validator_emulator import ValidatorEmulator


def insert_when_enabled(emu: ValidatorEmulator, value: int, timeout_s: float = 0.3,
                        tag: object = None) -> None:
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
    emu.insert_note(value, tag)


@dataclass(frozen=True)
class Hostility:
    """What the hand and the line do to a note besides inserting it (seeded per run).

    ``lose_ack``: chance that the kiosk's ACK of this note's reports is lost on the line
    (the device repeats its stacked report); ``drop_link``: chance that the link goes
    silent for ``drop_s`` once the note is in transport (stacking), so the kiosk's
    session ends with the note in flight and the report comes after reconnecting.
    """

    lose_ack: float = 0.0
    drop_link: float = 0.0
    drop_s: float = 0.5
    seed: int = 0


def _watch(emu: ValidatorEmulator, cond: Any, wait_s: float) -> bool:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        with emu.lock:
            if cond(emu.model):
                return True
        time.sleep(0.002)  # watching the device's state from outside: nothing to wait on
    return False


def lose_report_ack(emu: ValidatorEmulator, wait_s: float = 3.0) -> None:
    """Once the note's report (stacked/returned) is queued, the host's ACK of it is lost."""
    if _watch(emu, lambda m: bool(m.events), wait_s):
        emu.lose_acks(1)


def drop_link_while_stacking(emu: ValidatorEmulator, silent_s: float,
                             wait_s: float = 3.0) -> None:
    """Once the note is in transport, the line goes silent for ``silent_s``."""
    if _watch(emu, lambda m: m.transport is not None, wait_s):
        emu.set_silent(True)
        threading.Event().wait(silent_s)
        emu.set_silent(False)


class WorkerProc:
    """``python -m lab.runner`` with its stdout protocol handled on a thread."""

    def __init__(self, emu: ValidatorEmulator, args: list[str], *, stderr: Path,
                 hostility: Hostility | None = None) -> None:
        self.emu = emu
        self.hostility = hostility or Hostility()
        self._rng = random.Random(self.hostility.seed)
        self.acks_lost_asked = 0
        self.links_dropped = 0
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
                # a note an earlier customer left waiting at the slot goes back with them
                # before this customer's goes in (their session ended meanwhile)
                self.emu.take_back_entry(keep_tag=msg.get("txn"))
                self._insert(int(msg["insert"]), msg.get("txn"))
            elif "ready" in msg:
                self.ready.set()
            elif "session" in msg:
                self.sessions += 1
                # the session is over: what its customer still holds at the slot leaves
                # with them, never to be drawn in for the next one (tests/lab/test_crash's
                # seed 1013: a session ended by the kiosk with a note waiting at the entry,
                # and the next customer was credited with it)
                self.emu.take_back_entry()
            elif "killing" in msg:
                self.killing = str(msg["killing"])
            elif "done" in msg:
                self.done = msg["done"]
            self.lines.append(msg)

    def _insert(self, value: int, txn: object) -> None:
        h = self.hostility
        lose = bool(h.lose_ack) and self._rng.random() < h.lose_ack
        drop = bool(h.drop_link) and self._rng.random() < h.drop_link
        insert_when_enabled(self.emu, value, tag=txn)
        if lose:
            self.acks_lost_asked += 1
            threading.Thread(target=lose_report_ack, args=(self.emu,), name="lab-lost-ack",
                             daemon=True).start()
        if drop:
            self.links_dropped += 1
            threading.Thread(target=drop_link_while_stacking, args=(self.emu, h.drop_s),
                             name="lab-link-drop", daemon=True).start()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()

    def wait(self, timeout_s: float) -> int | None:
        """Exit status (negative = signal), or None if it had to be killed for hanging.

        Once the life is over (and the hand has finished its last insert), a note still
        waiting at the entry goes back with its customer (``take_back_entry``): it was
        never drawn in, and must not be for the next life's customer (campaign of
        2026-12-03, CCNET seed 224: drawn in while inhibited at the next start-up, its
        rejection reached the next session as that customer's note's outcome).
        """
        try:
            code = self.proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
            code = None
        self._reader.join(5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.emu.take_back_entry()
        return code
