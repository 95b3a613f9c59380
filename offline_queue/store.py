"""The durable store: one SQLite file, one writer connection, journal + outbox.

Why one writer: SQLite serialises writers anyway; doing it in-process with a lock turns
"database is locked" surprises into plain waiting, and makes the hash chain's
read-head-then-append safe. Readers get their own connection per thread (WAL lets them
run beside the writer).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

from offline_queue import migrations
from offline_queue.faults import CommitFaults, StorageFault, as_fault
from offline_queue.outbox import OutboxMixin
from offline_queue.records import GENESIS_HASH, JournalEntry, SyncStatus, chain_hash
from offline_queue.transaction import Transaction

FaultListener = Callable[[StorageFault], None]


class Store(OutboxMixin):
    """Open (creating if needed) the store at ``path``.

    Raises StorageFault when the file is corrupt (integrity_check), read-only, or the disk
    is full while migrating. ``extra_pragmas`` are applied to the writer after the
    mandatory ones (tests use ``{"max_page_count": n}`` to make the disk "full").
    """

    def __init__(self, path: str | Path, *, clock: Callable[[], float] = time.time,
                 extra_pragmas: Mapping[str, Any] | None = None) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._fault: StorageFault | None = None
        self._fault_listeners: list[FaultListener] = []
        self._closed = False
        self.commit_faults = CommitFaults()  # tests and the lab inject disk faults here
        self._head: tuple[int, str] | None = None  # journal head this writer committed
        try:
            self._writer = sqlite3.connect(str(self.path), isolation_level=None,
                                           check_same_thread=False, timeout=30.0)
            self._configure(self._writer)
            self._writer.execute("PRAGMA journal_mode=WAL").fetchone()
            for name, value in (extra_pragmas or {}).items():
                self._writer.execute(f"PRAGMA {name}={int(value)}").fetchall()
            result = [r[0] for r in self._writer.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                raise StorageFault("corrupt", "integrity_check: " + "; ".join(map(str, result)))
            migrations.apply(self._writer, migrations.CORE_NAMESPACE, migrations.CORE_MIGRATIONS,
                             clock=self._clock())
        except StorageFault:
            self._close_quietly()
            raise
        except (sqlite3.Error, OSError) as exc:
            self._close_quietly()
            fault = as_fault(exc) or StorageFault("unknown", str(exc))
            raise fault from exc

    @staticmethod
    def _configure(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")

    # -- faults ---------------------------------------------------------------------
    @property
    def fault(self) -> StorageFault | None:
        """The last storage fault; cleared by the next successful commit."""
        return self._fault

    def add_fault_listener(self, fn: FaultListener) -> None:
        """``fn`` runs on the failing thread right before the fault is raised."""
        self._fault_listeners.append(fn)

    def _raise_fault(self, exc: BaseException) -> None:
        fault = as_fault(exc)
        if fault is None:
            return
        self._fault = fault
        for fn in list(self._fault_listeners):
            with contextlib.suppress(Exception):
                fn(fault)
        raise fault from exc

    # -- writing --------------------------------------------------------------------
    def register_migrations(self, namespace: str, items: Sequence[tuple[int, str]]) -> list[int]:
        """Apply an upper layer's migrations once each, in version order."""
        if namespace == migrations.CORE_NAMESPACE:
            raise ValueError(f"namespace {namespace!r} is reserved")
        with self._lock:
            self._check_open()
            try:
                return migrations.apply(self._writer, namespace, items, clock=self._clock())
            except (sqlite3.Error, OSError) as exc:
                self._raise_fault(exc)
                raise

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Transaction]:
        """One write transaction; returns only after COMMIT (fsync, synchronous=FULL).

        Raises StorageFault (after rolling back) when the disk is full, read-only or
        failing; any other exception rolls back and propagates unchanged.
        """
        with self._lock:
            self._check_open()
            tx = Transaction(self._writer, self._clock, self._head)
            try:
                self._writer.execute("BEGIN IMMEDIATE")
            except (sqlite3.Error, OSError) as exc:
                self._raise_fault(exc)
                raise
            try:
                yield tx
                tx.closed = True
                self.commit_faults.before_commit(tx.journal_kinds)
                self._writer.execute("COMMIT")
            except BaseException as exc:
                tx.closed = True
                self._head = None  # re-read: the rolled-back records never happened
                if self._writer.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._writer.execute("ROLLBACK")
                if isinstance(exc, (sqlite3.Error, OSError)):
                    self._raise_fault(exc)
                raise
            self._head = tx.head
            self._fault = None

    # -- reading --------------------------------------------------------------------
    def _reader(self) -> sqlite3.Connection:
        self._check_open()
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30.0)
            conn.execute("PRAGMA query_only=ON")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
            with self._lock:
                self._readers.append(conn)
        return conn

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts from this thread's read-only connection (sees committed data)."""
        try:
            return list(sqlite_utils.Database(self._reader()).query(sql, params))
        except (sqlite3.Error, OSError) as exc:
            self._raise_fault(exc)
            raise

    def journal_entries(self, after_seq: int = 0, limit: int | None = None) -> list[JournalEntry]:
        sql = "SELECT * FROM journal WHERE seq > ? ORDER BY seq"
        params: list[Any] = [after_seq]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [JournalEntry(seq=r["seq"], kind=r["kind"], payload=json.loads(r["payload"]),
                             at=r["at"], prev_hash=r["prev_hash"], hash=r["hash"])
                for r in self.query(sql, params)]

    def chain_head(self) -> tuple[int, str]:
        """(last seq, its hash); (0, 64 zeros) for an empty journal."""
        rows = self.query("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")
        return (rows[0]["seq"], rows[0]["hash"]) if rows else (0, GENESIS_HASH)

    def backlog(self, record_type: str, amount_field: str) -> tuple[int, float | None]:
        """Pending (not yet delivered) outbox rows of ``record_type``: the sum of their
        integer ``amount_field`` and the oldest one's creation time (None: nothing pending).
        """
        rows = self.query(
            "SELECT COALESCE(SUM(json_extract(data, ?)), 0) AS total,"
            " MIN(created_ts) AS oldest FROM outbox WHERE state = 'pending'"
            " AND record_type = ?", (f"$.{amount_field}", record_type))
        oldest = rows[0]["oldest"]
        return int(rows[0]["total"]), None if oldest is None else float(oldest)

    def pending_positive(self, record_type: str,
                         amount_field: str) -> tuple[int, float | None, int]:
        """Pending ``record_type`` rows whose integer ``amount_field`` is above zero: the
        sum, the oldest one's creation time (None: none) and how many there are."""
        rows = self.query(
            "SELECT COALESCE(SUM(json_extract(data, ?)), 0) AS total,"
            " MIN(created_ts) AS oldest, COUNT(*) AS n FROM outbox WHERE state = 'pending'"
            " AND record_type = ? AND json_extract(data, ?) > 0",
            (f"$.{amount_field}", record_type, f"$.{amount_field}"))
        oldest = rows[0]["oldest"]
        return (int(rows[0]["total"]), None if oldest is None else float(oldest),
                int(rows[0]["n"]))

    @staticmethod
    def pending_has(tx: Any, record_type: str, fields: dict[str, str]) -> bool:
        """Inside an open transaction ``tx``: is a pending ``record_type`` row whose data
        has every one of ``fields`` (top-level string values) still undelivered?"""
        where = "".join(f" AND json_extract(data, '$.{k}') = ?" for k in fields)
        row = tx.execute("SELECT 1 FROM outbox WHERE record_type = ? AND state = 'pending'"
                         + where, (record_type, *fields.values())).fetchone()
        return row is not None

    def journal_hash(self, seq: int) -> str | None:
        """The hash of journal record ``seq`` (64 zeros for 0, the genesis); None if absent."""
        rows = self.query("SELECT hash FROM journal WHERE seq = ?", (seq,))
        return str(rows[0]["hash"]) if rows else GENESIS_HASH if seq == 0 else None

    def first_journal_at(self) -> float | None:
        """When the first journal record was written (epoch seconds); None when empty."""
        first = self.query("SELECT MIN(at) AS a FROM journal")[0]["a"]
        return None if first is None else float(first)

    def verify_chain(self, page: int = 5000) -> bool:
        """Recompute every hash; False on any gap, edited payload or broken link."""
        prev_seq, prev_hash = 0, GENESIS_HASH
        while True:
            entries = self.journal_entries(prev_seq, page)
            if not entries:
                return True
            for e in entries:
                if e.seq != prev_seq + 1 or e.prev_hash != prev_hash:
                    return False
                if chain_hash(prev_hash, e.body()) != e.hash:
                    return False
                prev_seq, prev_hash = e.seq, e.hash

    def status(self) -> SyncStatus:
        counts = {r["state"]: r for r in self.query(
            "SELECT state, COUNT(*) AS n, MIN(created_ts) AS oldest FROM outbox GROUP BY state")}
        pending = counts.get("pending")
        state = {r["key"]: r["value"] for r in self.query("SELECT key, value FROM sync_state")}
        dead = self.query("SELECT COUNT(*) AS n FROM dead_letters")[0]["n"]
        oldest = pending["oldest"] if pending else None
        return SyncStatus(
            pending=pending["n"] if pending else 0,
            oldest_pending_age_s=None if oldest is None else max(0.0, self._clock() - oldest),
            last_success=_float_or_none(state.get("last_success")),
            last_error=state.get("last_error"),
            last_error_at=_float_or_none(state.get("last_error_at")),
            dead_letters=dead,
            sent=counts["sent"]["n"] if "sent" in counts else 0,
            fault=str(self._fault) if self._fault else None,
        )

    # -- lifecycle ------------------------------------------------------------------
    def _check_open(self) -> None:
        if self._closed:
            raise StorageFault("closed", f"store {self.path} is closed")

    def _close_quietly(self) -> None:
        with contextlib.suppress(Exception):
            self._writer.close()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for conn in self._readers:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._readers.clear()
            self._close_quietly()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _float_or_none(value: str | None) -> float | None:
    return None if value is None else float(value)
