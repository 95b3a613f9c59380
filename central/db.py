"""The central server's SQLite database: schema and a locked connection.

One connection guarded by a lock is plenty for a reference server and keeps intake
decisions (is this id new?) race-free inside one process; the CLI opens its own
connection on the same WAL file for admin commands while the server runs.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS kiosks (
    kiosk_id TEXT PRIMARY KEY,
    secret_hex TEXT NOT NULL,
    public_key_hex TEXT,
    created_at REAL NOT NULL,
    last_seen_at REAL,
    last_heartbeat TEXT
);
CREATE TABLE IF NOT EXISTS nonces (
    kiosk_id TEXT NOT NULL,
    nonce TEXT NOT NULL,
    ts REAL NOT NULL,
    PRIMARY KEY (kiosk_id, nonce)
);
CREATE TABLE IF NOT EXISTS records (
    record_id TEXT PRIMARY KEY,
    kiosk_id TEXT NOT NULL,
    type TEXT NOT NULL,
    payload_hash TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_kiosk ON records (kiosk_id);
CREATE TABLE IF NOT EXISTS transactions (
    transaction_id TEXT PRIMARY KEY,
    kiosk_id TEXT NOT NULL,
    seq INTEGER,
    service TEXT,
    biller TEXT,
    account TEXT,
    currency TEXT,
    method TEXT,
    gross INTEGER NOT NULL,
    fee INTEGER NOT NULL,
    commission INTEGER,
    total INTEGER NOT NULL,
    cash INTEGER,
    card INTEGER,
    voucher INTEGER,
    status TEXT NOT NULL,
    business_date TEXT,
    created_at TEXT,
    completed_at TEXT,
    completed_ts REAL,
    received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transactions_kiosk ON transactions (kiosk_id, completed_ts);
CREATE TABLE IF NOT EXISTS reversals (
    transaction_id TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    reason TEXT,
    at TEXT,
    applied INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kiosk_id, transaction_id)
);
CREATE TABLE IF NOT EXISTS heartbeats (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kiosk_id TEXT NOT NULL,
    at REAL NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS commands (
    command_id TEXT PRIMARY KEY,
    kiosk_id TEXT NOT NULL,
    command TEXT NOT NULL,
    args TEXT NOT NULL,
    created_at REAL NOT NULL,
    delivered_at REAL,
    result_ok INTEGER,
    result_detail TEXT,
    result_at REAL
);
CREATE TABLE IF NOT EXISTS settlements (
    kiosk_id TEXT NOT NULL,
    batch_no INTEGER NOT NULL,
    payload_hash TEXT NOT NULL,
    payload TEXT NOT NULL,
    chain_head TEXT NOT NULL,
    received_at TEXT NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, batch_no)
);
CREATE TABLE IF NOT EXISTS reconciliations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kiosk_id TEXT NOT NULL,
    batch_no INTEGER,
    created_at REAL NOT NULL,
    report TEXT NOT NULL
);
"""


class CentralDB:
    """Thread-safe wrapper; ``tx()`` gives one IMMEDIATE transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(str(self.path), isolation_level=None,
                                    check_same_thread=False, timeout=30.0)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA busy_timeout=30000")
        with self.lock:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self.conn.execute(statement)
            self.conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)",
                              (str(SCHEMA_VERSION),))

    @contextlib.contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(r) for r in self.conn.execute(sql, params).fetchall()]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One autocommitted statement; returns the row count."""
        with self.lock:
            return self.conn.execute(sql, params).rowcount

    def close(self) -> None:
        with self.lock:
            self.conn.close()


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)
