"""PostgreSQL engine: psycopg 3 with a connection pool, for a fleet and several workers.

Statements arrive with ``?`` placeholders and are rewritten once (cached) to psycopg's
``%s``. Transactions run at READ COMMITTED; races between workers are settled by keys
and ``ON CONFLICT`` in the statements themselves, or by ``SELECT ... FOR UPDATE`` on a
parent row (``Database.for_update``). Notifications are ``pg_notify`` inside the
transaction, so PostgreSQL delivers them on commit to every worker's listener thread,
which holds one dedicated connection doing ``LISTEN``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections.abc import Iterator
from typing import Any

import psycopg
from psycopg.rows import RowMaker
from psycopg_pool import ConnectionPool

from central.db.api import Database, Params, Row, Tx

log = logging.getLogger(__name__)
#: a channel of this module's own: ``close`` notifies it so the listener stops at once
WAKE_CHANNEL = "central_listener_wake"


@functools.lru_cache(maxsize=1024)
def to_pyformat(sql: str) -> str:
    """``?`` -> ``%s`` and ``%`` -> ``%%``, leaving quoted literals and identifiers alone."""
    out: list[str] = []
    quote = ""
    for ch in sql:
        if quote:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


class PgRow(dict[str, Any]):
    """A dict row that also answers ``row[0]`` (as sqlite3.Row does) for older callers."""

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int):
            return list(self.values())[key]
        return super().__getitem__(key)


def pg_row(cursor: psycopg.Cursor[Any]) -> RowMaker[PgRow]:
    names = [c.name for c in cursor.description or ()]

    def make(values: Any) -> PgRow:
        return PgRow(zip(names, values, strict=True))
    return make


class LegacyConnection:
    """``conn.execute(sql_with_?, params)`` -> psycopg cursor, as sqlite3 offers it."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Params = ()) -> psycopg.Cursor[Any]:
        return self._conn.execute(to_pyformat(sql), tuple(params))


class PostgresTx(Tx):
    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        super().__init__()
        self.conn = conn

    def execute(self, sql: str, params: Params = ()) -> int:
        return self.conn.execute(to_pyformat(sql), tuple(params)).rowcount

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        cur = self.conn.execute(to_pyformat(sql), tuple(params))
        return list(cur.fetchall()) if cur.description else []

    def connection(self) -> LegacyConnection:
        return LegacyConnection(self.conn)


class PostgresDatabase(Database):
    engine = "postgresql"
    for_update = " FOR UPDATE"

    def __init__(self, conninfo: str, *, pool_size: int = 10) -> None:
        super().__init__()
        self.conninfo = conninfo
        self.pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            conninfo, min_size=1, max_size=pool_size, open=True, timeout=30.0,
            kwargs={"row_factory": pg_row, "autocommit": False})
        self._channels: set[str] = set()
        self._listen_conn: psycopg.Connection[Any] | None = None
        self._listen_thread: threading.Thread | None = None
        self._listen_lock = threading.Lock()
        self._stop = threading.Event()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self.pool.connection() as conn:
            tx = PostgresTx(conn)
            with conn.transaction():
                yield tx
                for channel, payload in tx.pending:
                    conn.execute("SELECT pg_notify(%s, %s)", (channel, payload))

    def _started_listening(self, channel: str) -> None:
        with self._listen_lock:
            if channel in self._channels:
                return
            self._channels.add(channel)
            if self._listen_conn is None:
                self._listen_conn = psycopg.connect(self.conninfo, autocommit=True)
                self._listen_conn.execute(f"LISTEN {WAKE_CHANNEL}")
                self._listen_thread = threading.Thread(target=self._listen_loop,
                                                       name="central-pg-listen", daemon=True)
            self._listen_conn.execute(f"LISTEN {channel}")  # channel: [a-z_]+ (Tx.notify)
            if not self._listen_thread.is_alive():  # type: ignore[union-attr]
                self._listen_thread.start()  # type: ignore[union-attr]

    def _listen_loop(self) -> None:
        conn = self._listen_conn
        assert conn is not None
        while not self._stop.is_set():
            try:
                for note in conn.notifies(timeout=0.1):
                    if note.channel == WAKE_CHANNEL:
                        break
                    self._dispatch(note.channel, note.payload)
            except psycopg.Error:
                if not self._stop.is_set():
                    log.exception("notification listener failed")
                return

    def close(self) -> None:
        self._stop.set()
        if self._listen_thread is not None and self._listen_thread.is_alive():
            # wake the listener now rather than at the end of its 0.1 s wait
            with contextlib.suppress(psycopg.Error), self.pool.connection(timeout=1.0) as c:
                c.execute("SELECT pg_notify(%s, '')", (WAKE_CHANNEL,))
                c.commit()
            self._listen_thread.join(5)
        if self._listen_conn is not None:
            self._listen_conn.close()
        self.pool.close()
