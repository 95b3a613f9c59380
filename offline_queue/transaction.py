"""The handle given out by ``Store.atomic()``: one SQLite transaction on the writer.

Journal record and outbox row are written through the same handle, so they commit or
roll back together (money rule 2: durable before acknowledged).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from offline_queue.records import GENESIS_HASH, chain_hash_of_text
from protocol.wire import iso

DEFAULT_ENDPOINT = "/v1/transactions"
#: The canonical encoder (records.canonical_json), built once: the payload is encoded a
#: single time and the same text is stored and hashed (the commit's hot path).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class Transaction:
    """Valid only inside its ``with store.atomic()`` block; not shareable across threads."""

    def __init__(self, conn: sqlite3.Connection, clock: Callable[[], float],
                 head: tuple[int, str] | None = None) -> None:
        self._conn = conn
        self._clock = clock
        self.head = head  # (seq, hash) of the journal's last record, if known
        self.closed = False
        self.journal_kinds: list[str] = []  # what this transaction journaled (fault rules)

    def _check(self) -> None:
        if self.closed:
            raise RuntimeError("transaction handle used after its atomic() block ended")

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Run one statement inside the transaction (application tables, kiosk/ layer)."""
        self._check()
        return self._conn.execute(sql, params)

    def journal(self, kind: str, payload: dict[str, Any]) -> int:
        """Append a hash-chained journal record; returns its gap-free sequence number.

        Only one writer exists per store, so the head it last committed is the head
        (``head``, cached by the store: no read on the commit's hot path). Another
        process appending to the same file makes that ``seq`` taken: the INSERT fails on
        the primary key, and the record is chained to the real head read then. Either
        way two records can never claim the same seq or the same previous hash.
        """
        self._check()
        self.journal_kinds.append(kind)
        at = float(self._clock())
        text = _CANONICAL.encode(payload)
        head = self.head or self._read_head()
        try:
            return self._append(head, kind, text, at)
        except sqlite3.IntegrityError:  # the cached head was stale (another writer)
            return self._append(self._read_head(), kind, text, at)

    def chain_head(self) -> tuple[int, str]:
        """(last seq, its hash) as this transaction sees it; (0, 64 zeros) when empty."""
        self._check()
        return self._read_head()

    def first_journal_at(self) -> float | None:
        """When the first journal record was written (epoch seconds); None when empty."""
        self._check()
        row = self._conn.execute("SELECT MIN(at) FROM journal").fetchone()
        return None if row[0] is None else float(row[0])

    def _read_head(self) -> tuple[int, str]:
        row = self._conn.execute(
            "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)

    def _append(self, head: tuple[int, str], kind: str, text: str, at: float) -> int:
        seq = head[0] + 1
        digest = chain_hash_of_text(head[1], seq, kind, text, at)
        self._conn.execute(
            "INSERT INTO journal (seq, kind, payload, at, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?)", (seq, kind, text, at, head[1], digest))
        self.head = (seq, digest)
        return seq

    def enqueue(self, record_type: str, record_id: str, data: dict[str, Any], *,
                endpoint: str = DEFAULT_ENDPOINT) -> bool:
        """Add an outbox row; returns False when ``record_id`` was already enqueued.

        Re-enqueueing the same id is a no-op on purpose: recovery code may replay a step
        and must not create a second delivery (the id is the Idempotency-Key).
        """
        self._check()
        if not record_id:
            raise ValueError("record_id must be a non-empty string")
        now = float(self._clock())
        created = iso(now)
        cur = self._conn.execute(
            "INSERT OR IGNORE INTO outbox (record_id, record_type, endpoint, data, created_at,"
            " created_ts) VALUES (?, ?, ?, ?, ?, ?)",
            (record_id, record_type, endpoint, json.dumps(data, ensure_ascii=False), created, now),
        )
        return cur.rowcount == 1
