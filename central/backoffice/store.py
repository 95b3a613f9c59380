"""The back office's only contact with the central db layer.

Every back-office query goes through ``Store`` (rows / one / run, and ``atomic()`` for a
transaction), so following the db layer's API as it changes (SQLite today, PostgreSQL
next) touches this file alone. SQL elsewhere in the package is portable: ``?``
placeholders, TEXT/INTEGER/BIGINT columns, no engine-specific functions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from central.db import CentralDB


class Tx:
    """Statements inside one transaction of the db layer."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self._conn.execute(sql, params).fetchall()]

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        row = self._conn.execute(sql, params).fetchone()
        return None if row is None else dict(row)

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return int(self._conn.execute(sql, params).rowcount)


class Store:
    def __init__(self, db: CentralDB) -> None:
        self.db = db

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self.db.query(sql, params)

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        found = self.db.query(sql, params)
        return found[0] if found else None

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One autocommitted statement; the row count."""
        return self.db.execute(sql, params)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Tx]:
        with self.db.tx() as conn:
            yield Tx(conn)
