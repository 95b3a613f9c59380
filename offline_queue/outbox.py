"""Outbox bookkeeping used by the sync worker: next batch, acks, dead letters.

Kept apart from the store's journal code because only delivery needs it; all writes
still go through ``Store.atomic()`` and so through the single writer.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from offline_queue.records import OutboxRow

if TYPE_CHECKING:
    from offline_queue.transaction import Transaction


class OutboxMixin:
    """Methods mixed into Store; they rely on its ``atomic``, ``query`` and clock."""

    if TYPE_CHECKING:
        def atomic(self) -> contextlib.AbstractContextManager[Transaction]: ...
        def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
                  ) -> list[dict[str, Any]]: ...
        _clock: Callable[[], float]

    def next_batch(self, limit: int) -> list[OutboxRow]:
        """The oldest pending rows that share the oldest row's endpoint, in order.

        Stopping at the first row for another endpoint keeps delivery in enqueue order
        across endpoints (a settlement never overtakes the transactions it covers).
        """
        rows = self.query("SELECT * FROM outbox WHERE state = 'pending' ORDER BY id LIMIT ?",
                          (max(1, limit),))
        batch: list[OutboxRow] = []
        for r in rows:
            if batch and r["endpoint"] != batch[0].endpoint:
                break
            batch.append(OutboxRow(id=r["id"], record_id=r["record_id"],
                                   record_type=r["record_type"], endpoint=r["endpoint"],
                                   data=json.loads(r["data"]), created_at=r["created_at"],
                                   attempts=r["attempts"]))
        return batch

    def mark_sent(self, outbox_ids: Sequence[int]) -> None:
        """Acknowledge delivered rows in one transaction."""
        if not outbox_ids:
            return
        now = self._clock()
        with self.atomic() as tx:
            for chunk in _chunks(list(outbox_ids), 500):
                marks = ",".join("?" * len(chunk))
                tx.execute(f"UPDATE outbox SET state = 'sent', sent_at = ? "
                           f"WHERE id IN ({marks}) AND state = 'pending'", [now, *chunk])
            _set_state(tx, "last_success", repr(now))

    def note_failure(self, outbox_ids: Sequence[int], error: str) -> None:
        """Count an attempt on rows that stay pending, and remember the error."""
        now = self._clock()
        with self.atomic() as tx:
            for chunk in _chunks(list(outbox_ids), 500):
                marks = ",".join("?" * len(chunk))
                tx.execute(f"UPDATE outbox SET attempts = attempts + 1, last_error = ? "
                           f"WHERE id IN ({marks})", [error, *chunk])
            _set_state(tx, "last_error", error)
            _set_state(tx, "last_error_at", repr(now))

    def dead_letter(self, row: OutboxRow, status_code: int | None, reason: str) -> None:
        """Move a row the server refused for good out of the queue, keeping the reason."""
        now = self._clock()
        with self.atomic() as tx:
            tx.execute("UPDATE outbox SET state = 'dead', last_error = ? WHERE id = ?",
                       (reason, row.id))
            tx.execute("INSERT INTO dead_letters (outbox_id, record_id, record_type, endpoint,"
                       " status_code, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (row.id, row.record_id, row.record_type, row.endpoint, status_code,
                        reason, now))
            _set_state(tx, "last_error", f"dead letter {row.record_id}: {reason}")
            _set_state(tx, "last_error_at", repr(now))

    def dead_letters(self) -> list[dict[str, Any]]:
        return self.query("SELECT * FROM dead_letters ORDER BY id")

    def requeue_dead_letter(self, record_id: str) -> bool:
        """Put a dead letter back in the queue (after the back office fixed the cause)."""
        with self.atomic() as tx:
            cur = tx.execute("UPDATE outbox SET state = 'pending' WHERE record_id = ? "
                             "AND state = 'dead'", (record_id,))
            tx.execute("DELETE FROM dead_letters WHERE record_id = ?", (record_id,))
            return cur.rowcount == 1


def _set_state(tx: Transaction, key: str, value: str) -> None:
    tx.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
