"""The command channel: queued commands, parked long polls woken by notifications.

A parked ``GET /v1/kiosks/{id}/commands?wait=S`` costs one coroutine waiting on an
``asyncio.Event``, nothing else: no database polling. Queueing a command notifies
channel ``commands`` with the kiosk id inside the inserting transaction; the database
layer delivers it after commit (PostgreSQL NOTIFY reaches every worker; SQLite delivers
in-process) and ``wake`` sets the events of that kiosk's parked polls. The waiter is
registered before the first look at the table, so a command committed in between is
not missed. A command queued by another process on an SQLite file is seen at the next
poll (at most ``wait`` seconds later).

A delivered command without a result is delivered again after ``REDELIVER_AFTER_S``, so
kiosks deduplicate by id.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import anyio.to_thread

from central.db import Database, Tx, dumps

CHANNEL = "commands"
REDELIVER_AFTER_S = 60.0
COMMANDS = ("force-sync", "upload-settlement", "out-of-service", "in-service", "reload-config",
            # remote operations and updates (issue 20; docs/operations.md section 10)
            "restart", "reboot", "screenshot", "logs", "update-check")


def queue_command(tx: Tx, kiosk_id: str, command: str, args: dict[str, Any], now: float
                  ) -> str:
    """Insert a command inside ``tx`` and wake the kiosk's parked polls on commit."""
    cid = str(uuid.uuid4())
    tx.execute("INSERT INTO commands (command_id, kiosk_id, command, args, created_at)"
               " VALUES (?, ?, ?, ?, ?)", (cid, kiosk_id, command, dumps(args), now))
    tx.notify(CHANNEL, kiosk_id)
    return cid


class CommandBoard:
    def __init__(self, db: Database, clock: Callable[[], float]) -> None:
        self.db = db
        self.clock = clock
        self._waiters: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}
        self._lock = threading.Lock()
        self._unlisten = db.listen(CHANNEL, self._notified)

    def parked(self) -> int:
        with self._lock:
            return sum(len(w) for w in self._waiters.values())

    def _notified(self, _: str, kiosk_id: str) -> None:
        """Any thread: set the events of the kiosk's parked polls on their loops."""
        with self._lock:
            targets = list(self._waiters.get(kiosk_id, ()))
        for loop, event in targets:
            loop.call_soon_threadsafe(event.set)

    def take(self, kiosk_id: str) -> list[dict[str, Any]]:
        """Pending commands, marked delivered now (blocking)."""
        now = self.clock()
        with self.db.transaction() as tx:
            rows = tx.query("SELECT command_id, command, args FROM commands WHERE kiosk_id = ?"
                            " AND result_at IS NULL AND (delivered_at IS NULL OR"
                            " delivered_at < ?) ORDER BY created_at",
                            (kiosk_id, now - REDELIVER_AFTER_S))
            for r in rows:
                tx.execute("UPDATE commands SET delivered_at = ? WHERE command_id = ?",
                           (now, r["command_id"]))
        return [{"id": r["command_id"], "command": r["command"], "args": json.loads(r["args"])}
                for r in rows]

    async def poll(self, kiosk_id: str, wait: float) -> list[dict[str, Any]]:
        """Commands for the kiosk, waiting up to ``wait`` seconds for the first one."""
        event = asyncio.Event()
        me = (asyncio.get_running_loop(), event)
        with self._lock:
            self._waiters.setdefault(kiosk_id, set()).add(me)
        try:
            deadline = time.monotonic() + wait
            while True:
                event.clear()
                found = await anyio.to_thread.run_sync(self.take, kiosk_id)
                left = deadline - time.monotonic()
                if found or left <= 0:
                    return found
                try:
                    await asyncio.wait_for(event.wait(), left)
                except TimeoutError:
                    return []
        finally:
            with self._lock:
                mine = self._waiters.get(kiosk_id)
                if mine is not None:
                    mine.discard(me)
                    if not mine:
                        del self._waiters[kiosk_id]

    def result(self, kiosk_id: str, command_id: str, ok: bool, detail: Any) -> bool:
        """Keep the first result; False when the kiosk has no such command (blocking)."""
        with self.db.transaction() as tx:
            row = tx.one("SELECT result_at FROM commands WHERE command_id = ? AND kiosk_id = ?",
                         (command_id, kiosk_id))
            if row is None:
                return False
            tx.execute("UPDATE commands SET result_ok = ?, result_detail = ?, result_at = ?"
                       " WHERE command_id = ? AND result_at IS NULL",
                       (int(ok), dumps(detail), self.clock(), command_id))
        return True

    def close(self) -> None:
        self._unlisten()
