"""Versioned schema migrations, tracked per namespace in ``_migrations``.

The queue owns namespace ``offline_queue``; upper layers (kiosk/) register their own
namespace and versions through ``Store.register_migrations`` so one file holds the
journal, outbox and application tables and one transaction can span them all.
Each migration runs in its own transaction together with its bookkeeping row, so a
crash mid-migration leaves the version unapplied and the script is re-run whole.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence

from offline_queue.faults import OfflineQueueError

CORE_NAMESPACE = "offline_queue"

BOOKKEEPING = """
CREATE TABLE IF NOT EXISTS _migrations (
    namespace TEXT NOT NULL,
    version INTEGER NOT NULL,
    applied_at REAL NOT NULL,
    PRIMARY KEY (namespace, version)
)
"""

CORE_MIGRATIONS: list[tuple[int, str]] = [
    (1, """
CREATE TABLE journal (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    at REAL NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id TEXT NOT NULL UNIQUE,
    record_type TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_ts REAL NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    sent_at REAL,
    last_error TEXT
);
CREATE INDEX outbox_state_id ON outbox (state, id);
CREATE TABLE dead_letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    outbox_id INTEGER NOT NULL REFERENCES outbox (id),
    record_id TEXT NOT NULL,
    record_type TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    status_code INTEGER,
    reason TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT
);
"""),
]


class MigrationError(OfflineQueueError, ValueError):
    """A migration list is malformed (duplicate or non-positive versions)."""


def check_versions(migrations: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """The migrations sorted by version; rejects duplicates so a typo cannot skip one."""
    ordered = sorted(migrations, key=lambda m: m[0])
    seen: set[int] = set()
    for version, _sql in ordered:
        if not isinstance(version, int) or version <= 0 or version in seen:
            raise MigrationError(f"bad or duplicate migration version {version!r}")
        seen.add(version)
    return ordered


def applied_versions(conn: sqlite3.Connection, namespace: str) -> set[int]:
    rows = conn.execute("SELECT version FROM _migrations WHERE namespace = ?", (namespace,))
    return {int(r[0]) for r in rows}


def apply(conn: sqlite3.Connection, namespace: str,
          migrations: Sequence[tuple[int, str]], clock: float | None = None) -> list[int]:
    """Apply the not yet applied versions in order; returns the versions applied now.

    ``conn`` must be in autocommit mode (isolation_level=None): each script is wrapped in
    its own BEGIN IMMEDIATE ... COMMIT with the bookkeeping insert.
    """
    ordered = check_versions(migrations)
    conn.execute(BOOKKEEPING)
    done = applied_versions(conn, namespace)
    now = time.time() if clock is None else clock
    applied: list[int] = []
    for version, sql in ordered:
        if version in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO _migrations (namespace, version, applied_at)"
                         " VALUES (?, ?, ?)", (namespace, version, now))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def _statements(script: str) -> list[str]:
    """Split a script into complete statements (executescript would commit implicitly).

    Splitting at every ``;`` and re-joining until sqlite3 says the statement is
    complete keeps triggers (``BEGIN ... END;``) and semicolons in strings intact.
    """
    statements: list[str] = []
    buffer = ""
    for part in script.split(";"):
        buffer += part + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n\t;"):
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip(" \n\t;"):
        statements.append(buffer.strip())
    return statements
