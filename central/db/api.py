"""What every engine offers: transactions, queries with ``?`` placeholders, notifications.

Why notifications live here: a parked long poll must wake when a command is queued,
by any worker. PostgreSQL carries them across processes (LISTEN/NOTIFY, sent on
commit); SQLite, a single-process store, delivers them in-process after the commit.
Listeners are called from whatever thread committed or listens: bridge to asyncio with
``loop.call_soon_threadsafe``.
"""

from __future__ import annotations

import contextlib
import json
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from typing import Any

Row = dict[str, Any]
Params = Sequence[Any]
Listener = Callable[[str, str], None]
CHANNEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz_")


def dumps(obj: Any) -> str:
    """Canonical-enough JSON text for storing structured values in a TEXT column."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


class Tx(ABC):
    """One open transaction; every statement uses ``?`` placeholders."""

    def __init__(self) -> None:
        self.pending: list[tuple[str, str]] = []

    @abstractmethod
    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; the number of rows it changed."""

    @abstractmethod
    def query(self, sql: str, params: Params = ()) -> list[Row]:
        """All rows as dicts keyed by column name."""

    def one(self, sql: str, params: Params = ()) -> Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    @abstractmethod
    def connection(self) -> Any:
        """DB-API style access for older modules: ``.execute(sql, params)`` returns a cursor
        (``fetchone``/``fetchall``/``rowcount``), rows by column name or position."""

    def notify(self, channel: str, payload: str) -> None:
        """Tell listeners of ``channel`` once this transaction commits (dropped on rollback)."""
        if not channel or not set(channel) <= CHANNEL_CHARS:
            raise ValueError(f"channel names are lowercase letters and '_': {channel!r}")
        self.pending.append((channel, payload))


class Database(ABC):
    """A store the server and the CLI share; thread-safe, one instance per process."""

    engine: str  # "sqlite" or "postgresql"
    #: appended to a SELECT that must lock its rows until commit ("" where the engine
    #: serialises writers anyway)
    for_update: str = ""

    def __init__(self) -> None:
        self._listeners: dict[str, list[Listener]] = {}
        self._listeners_lock = threading.Lock()

    @abstractmethod
    def transaction(self) -> contextlib.AbstractContextManager[Tx]:
        """Commit on normal exit, roll back on an exception."""

    @abstractmethod
    def close(self) -> None:
        """Release connections and stop the listener."""

    @contextlib.contextmanager
    def tx(self) -> Iterator[Any]:
        """``transaction()`` yielding ``Tx.connection()``, the API of the first modules
        (``with db.tx() as conn: conn.execute(...).fetchone()``); new code uses Tx."""
        with self.transaction() as t:
            yield t.connection()

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        with self.transaction() as tx:
            return tx.query(sql, params)

    def one(self, sql: str, params: Params = ()) -> Row | None:
        with self.transaction() as tx:
            return tx.one(sql, params)

    def execute(self, sql: str, params: Params = ()) -> int:
        with self.transaction() as tx:
            return tx.execute(sql, params)

    def listen(self, channel: str, listener: Listener) -> Callable[[], None]:
        """Call ``listener(channel, payload)`` for each notification; returns an unsubscribe."""
        with self._listeners_lock:
            self._listeners.setdefault(channel, []).append(listener)
        self._started_listening(channel)

        def stop() -> None:
            with self._listeners_lock, contextlib.suppress(ValueError):
                self._listeners.get(channel, []).remove(listener)
        return stop

    def _started_listening(self, channel: str) -> None:  # noqa: B027  (optional hook)
        """Engines that need a subscription per channel hook in here."""

    def _dispatch(self, channel: str, payload: str) -> None:
        with self._listeners_lock:
            targets = list(self._listeners.get(channel, ()))
        for fn in targets:
            fn(channel, payload)
