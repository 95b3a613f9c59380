"""SQLite engine: the embedded default (demo, a single kiosk, most tests).

One connection behind a lock, WAL, ``synchronous=FULL``: SQLite has one writer anyway,
and ``BEGIN IMMEDIATE`` takes the write lock up front so a read-then-write transaction
cannot deadlock against another connection (the CLI's, on the same file). Callers run
it from worker threads, never on the event loop.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from central.db.api import Database, Params, Row, Tx


class SqliteTx(Tx):
    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__()
        self.conn = conn

    def execute(self, sql: str, params: Params = ()) -> int:
        return self.conn.execute(sql, tuple(params)).rowcount

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, tuple(params)).fetchall()]

    def connection(self) -> sqlite3.Connection:
        return self.conn


class SqliteDatabase(Database):
    engine = "sqlite"

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(str(self.path), isolation_level=None,
                                     check_same_thread=False, timeout=30.0)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute("PRAGMA busy_timeout=30000")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self._lock:
            if self._conn.in_transaction:
                raise RuntimeError("transactions do not nest; pass the open Tx down instead")
            self._conn.execute("BEGIN IMMEDIATE")
            tx = SqliteTx(self._conn)
            try:
                yield tx
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        for channel, payload in tx.pending:
            self._dispatch(channel, payload)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
