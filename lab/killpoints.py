"""Kill points: SIGKILL the kiosk worker at an exact step of the money path.

Why wrappers installed by the lab and not hooks in production code: the code under test
stays exactly as shipped; the worker wraps a few seams (ledger methods, the journal
append inside an open SQLite transaction, the sync worker's HTTP session) and kills
itself with SIGKILL on the N-th hit. SIGKILL cannot be caught, so nothing is flushed or
rolled back by Python: what survives is only what SQLite had committed.

Points (``POINTS``):
- ``escrow``   after the escrowed note is committed, before STACK is answered;
- ``stacked``  after the stacked note is committed, before the session hears of it;
- ``journal``  inside any journal append, before COMMIT (mid journal commit);
- ``finalize`` inside the final transaction record's append, before COMMIT;
- ``sync``     after the server answered a batch, before the kiosk marks it sent;
- ``settle``   inside the settlement batch's journal append, before COMMIT.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from typing import Any

import requests

from kiosk.ledger.ledger import Ledger
from kiosk.ledger.states import JournalKind, NoteState
from offline_queue.transaction import Transaction

POINTS = ("escrow", "stacked", "journal", "finalize", "sync", "settle")


class KillSwitch:
    """Counts hits of one point; the ``at``-th hit kills the process (0 = never)."""

    def __init__(self, point: str | None, at: int,
                 on_kill: Callable[[str], None] | None = None) -> None:
        if point is not None and point not in POINTS:
            raise ValueError(f"unknown kill point {point!r}; use one of {', '.join(POINTS)}")
        self.point, self.at, self.hits = point, at, 0
        self._lock = threading.Lock()
        self._on_kill = on_kill

    def hit(self, point: str) -> None:
        if point != self.point or self.at <= 0:
            return
        with self._lock:
            self.hits += 1
            if self.hits != self.at:
                return
        if self._on_kill is not None:
            self._on_kill(point)
        os.kill(os.getpid(), signal.SIGKILL)


def install(switch: KillSwitch, ledger: Ledger) -> requests.Session:
    """Wrap the seams; returns the HTTP session to hand to the SyncWorker."""
    record_escrow, record_note = ledger.record_escrow, ledger.record_note

    def escrow(txn_id: str, amount: int) -> int:
        note = record_escrow(txn_id, amount)
        switch.hit("escrow")
        return note

    def note(txn_id: str, amount: int, state: str, *, via: str = "",
             flag: str | None = None) -> int:
        out = record_note(txn_id, amount, state, via=via, flag=flag)
        if state == NoteState.STACKED:
            switch.hit("stacked")
        return out

    ledger.record_escrow = escrow  # type: ignore[method-assign]
    ledger.record_note = note  # type: ignore[method-assign]

    original = Transaction.journal

    def journal(self: Transaction, kind: str, payload: dict[str, Any]) -> int:
        seq = original(self, kind, payload)
        switch.hit("journal")
        if kind == JournalKind.TXN_FINAL:
            switch.hit("finalize")
        elif kind == "settlement.closed":
            switch.hit("settle")
        return seq

    Transaction.journal = journal  # type: ignore[method-assign]
    return _KillingSession(switch)


class _KillingSession(requests.Session):
    def post(self, url: str | bytes, data: Any = None, json: Any = None,
             **kwargs: Any) -> requests.Response:
        resp = super().post(url, data=data, json=json, **kwargs)
        switch: KillSwitch = self._switch
        switch.hit("sync")
        return resp

    def __init__(self, switch: KillSwitch) -> None:
        super().__init__()
        self._switch = switch
