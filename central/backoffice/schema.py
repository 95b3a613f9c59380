"""The back office's tables (prefix ``bo_``), in SQL that runs on SQLite and PostgreSQL.

Portable on purpose: TEXT/INTEGER/BIGINT only, times as BIGINT unix seconds, text ids
(no AUTOINCREMENT / SERIAL), ``CREATE ... IF NOT EXISTS``, and partial unique indexes
(both engines have them) for "one open alarm per kiosk and condition" and "one pending
approval per subject".
"""

from __future__ import annotations

from central.backoffice.store import Store
from central.db import Migration, ensure, register

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS bo_operators (
        username TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until BIGINT,
        created_at BIGINT NOT NULL,
        last_login_at BIGINT
    )""",
    """CREATE TABLE IF NOT EXISTS bo_sessions (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        csrf TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        last_seen_at BIGINT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS bo_audit (
        audit_id TEXT PRIMARY KEY,
        at BIGINT NOT NULL,
        username TEXT,
        role TEXT,
        action TEXT NOT NULL,
        subject TEXT,
        detail TEXT NOT NULL,
        remote TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS bo_audit_at ON bo_audit (at)",
    """CREATE TABLE IF NOT EXISTS bo_alarms (
        alarm_id TEXT PRIMARY KEY,
        kiosk_id TEXT NOT NULL,
        condition TEXT NOT NULL,
        subject TEXT NOT NULL,
        state TEXT NOT NULL,
        active INTEGER NOT NULL,
        detail TEXT,
        opened_at BIGINT NOT NULL,
        acknowledged_at BIGINT,
        acknowledged_by TEXT,
        resolved_at BIGINT,
        resolved_by TEXT,
        last_bad_at BIGINT NOT NULL,
        clear_since BIGINT,
        flaps INTEGER NOT NULL
    )""",
    "CREATE UNIQUE INDEX IF NOT EXISTS bo_alarms_one_active ON bo_alarms (kiosk_id, condition)"
    " WHERE active = 1",
    "CREATE INDEX IF NOT EXISTS bo_alarms_kiosk ON bo_alarms (kiosk_id, opened_at)",
    """CREATE TABLE IF NOT EXISTS bo_approvals (
        approval_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        kiosk_id TEXT,
        amount BIGINT NOT NULL,
        currency TEXT NOT NULL,
        reason TEXT NOT NULL,
        state TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        requested_at BIGINT NOT NULL,
        decided_by TEXT,
        decided_at BIGINT,
        decision_note TEXT,
        result TEXT
    )""",
    "CREATE UNIQUE INDEX IF NOT EXISTS bo_approvals_one_pending ON bo_approvals (kind, subject)"
    " WHERE state = 'requested'",
)


#: version 1 is the schema the first servers created themselves (IF NOT EXISTS: a
#: database that has the tables just records the version). Append-only from here.
MIGRATION = register(Migration("backoffice", 1, ";\n".join(STATEMENTS)))


def ensure_schema(store: Store) -> None:
    """Apply the back office's migration if this database lacks it (safe at every start)."""
    ensure(store.db, "backoffice")
