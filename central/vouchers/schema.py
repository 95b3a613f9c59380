"""Tables of the voucher ledger, in SQL that runs on SQLite and PostgreSQL.

Portable on purpose: BIGINT for money and unix seconds (PostgreSQL's INTEGER is 32 bit,
REAL is single precision), TEXT keys chosen by the caller (no AUTOINCREMENT/SERIAL),
``ON CONFLICT ... DO NOTHING`` instead of ``INSERT OR IGNORE``, no engine-specific types.

``vouchers`` holds one row per code with its remaining ``balance``: a partial redemption
lowers the balance and the same code stays valid for the rest. The reservation columns
(``reserved_by`` kiosk, ``reserved_session``, ``reserved_until``) are what the
conditional UPDATEs in ``ledger`` compare, so two kiosks racing for one voucher cannot
both win. ``voucher_events`` is the history and the alarm list the back office reads.
"""

from __future__ import annotations

from typing import Any

from central.db import Migration, register
from central.db import ensure as ensure_module

STATUSES = ("issued", "partial", "redeemed", "refund_pending", "refunded")

TABLES = [
    """CREATE TABLE IF NOT EXISTS vouchers (
        code TEXT PRIMARY KEY,
        issuer_kiosk TEXT NOT NULL,
        issued_txn TEXT,
        currency TEXT NOT NULL,
        amount BIGINT NOT NULL,
        balance BIGINT NOT NULL,
        status TEXT NOT NULL,
        issued_at BIGINT NOT NULL,
        expires_at BIGINT,
        reserved_by TEXT,
        reserved_session TEXT,
        reserved_until BIGINT,
        version BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        CHECK (amount > 0 AND balance >= 0 AND balance <= amount),
        CHECK (status IN ('issued', 'partial', 'redeemed', 'refund_pending', 'refunded'))
    )""",
    "CREATE INDEX IF NOT EXISTS vouchers_issuer ON vouchers (issuer_kiosk, issued_at)",
    """CREATE TABLE IF NOT EXISTS voucher_redemptions (
        redemption_id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        session_id TEXT,
        transaction_id TEXT,
        amount BIGINT NOT NULL,
        balance_after BIGINT NOT NULL,
        channel TEXT NOT NULL,
        at BIGINT NOT NULL,
        CHECK (amount > 0 AND balance_after >= 0),
        CHECK (channel IN ('online', 'offline'))
    )""",
    "CREATE INDEX IF NOT EXISTS voucher_redemptions_code ON voucher_redemptions (code)",
    """CREATE TABLE IF NOT EXISTS voucher_events (
        event_id TEXT PRIMARY KEY,
        code TEXT,
        kiosk_id TEXT,
        kind TEXT NOT NULL,
        alarm INTEGER NOT NULL,
        detail TEXT NOT NULL,
        at BIGINT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS voucher_events_at ON voucher_events (at)",
    "CREATE INDEX IF NOT EXISTS voucher_events_kiosk ON voucher_events (kiosk_id, kind, at)",
    """CREATE TABLE IF NOT EXISTS voucher_refunds (
        refund_id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        amount BIGINT NOT NULL,
        reason TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        requested_at BIGINT NOT NULL,
        status TEXT NOT NULL,
        decided_by TEXT,
        decided_at BIGINT,
        CHECK (status IN ('pending', 'approved', 'rejected'))
    )""",
    """CREATE TABLE IF NOT EXISTS voucher_policy (
        name TEXT PRIMARY KEY,
        value BIGINT
    )""",
]


#: version 1 is the schema the first servers created themselves (IF NOT EXISTS: a
#: database that has the tables just records the version). Append-only from here.
MIGRATION = register(Migration("vouchers", 1, ";\n".join(TABLES)))


def ensure(db: Any) -> None:
    """Apply the voucher ledger's migration if this database lacks it."""
    ensure_module(db, "vouchers")
