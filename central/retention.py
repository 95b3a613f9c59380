"""Retention: the tables that grow with every request are pruned as the server runs.

- ``nonces``: a row older than twice the signature skew window can never match again (a
  request with such a timestamp fails the skew check), so it goes; an index on ``ts``
  makes that a range delete, not a scan.
- ``heartbeats``: kept ``HEARTBEAT_KEEP_S`` (7 days, enough for the back office's charts);
  the latest of each kiosk also lives in ``kiosks.last_heartbeat``.

``maybe_purge`` is called from request threads and does the work at most every
``EVERY_S`` seconds per process; several workers purging is harmless (deletes by age).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from central.auth import MAX_SKEW_S
from central.db import Database

EVERY_S = 60.0
HEARTBEAT_KEEP_S = 7 * 86400.0


class Retention:
    def __init__(self, db: Database, clock: Callable[[], float], *,
                 heartbeat_keep_s: float = HEARTBEAT_KEEP_S,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.db = db
        self.clock = clock
        self.heartbeat_keep_s = heartbeat_keep_s
        self.monotonic = monotonic
        self._next = 0.0
        self._lock = threading.Lock()

    def maybe_purge(self) -> None:
        if self.monotonic() < self._next or not self._lock.acquire(blocking=False):
            return
        try:
            self._next = self.monotonic() + EVERY_S
            self.purge()
        finally:
            self._lock.release()

    def purge(self) -> dict[str, int]:
        """Delete what expired; the number of rows per table (blocking)."""
        now = self.clock()
        with self.db.transaction() as tx:
            nonces = tx.execute("DELETE FROM nonces WHERE ts < ?", (now - 2 * MAX_SKEW_S,))
            beats = tx.execute("DELETE FROM heartbeats WHERE at < ?",
                               (now - self.heartbeat_keep_s,))
        return {"nonces": nonces, "heartbeats": beats}
