"""Tables of the QR payments feature, in SQL that runs on SQLite and PostgreSQL.

Portable on purpose: TEXT / BIGINT / DOUBLE PRECISION only, ``ON CONFLICT DO NOTHING``
instead of ``INSERT OR IGNORE``, no AUTOINCREMENT. Money is BIGINT fen.

- ``qr_payments``: one row per kiosk transaction paid by QR; ``out_trade_no`` (our
  transaction id, as the provider's merchant order number) is unique, so there is one
  provider order per transaction whatever the retries. ``code_hash`` is the SHA-256 of
  the one-time payment code (unique: the same code scanned for a second transaction is
  refused before it reaches the provider); the code itself is never stored, only
  ``code_masked``.
- ``qr_refunds``: refunds along the wallet path (delivery failed, late payment).
- ``qr_notifications``: provider notifications by id (resends are deduplicated).
"""

from __future__ import annotations

from central.db import CentralDB, Migration, ensure, register

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS qr_payments (
        transaction_id TEXT PRIMARY KEY,
        out_trade_no TEXT NOT NULL UNIQUE,
        kiosk_id TEXT NOT NULL,
        mode TEXT NOT NULL,
        provider TEXT NOT NULL,
        wallet TEXT NOT NULL,
        amount BIGINT NOT NULL,
        currency TEXT NOT NULL,
        description TEXT NOT NULL,
        code_hash TEXT UNIQUE,
        code_masked TEXT,
        code_url TEXT,
        state TEXT NOT NULL,
        reason TEXT,
        provider_id TEXT,
        created_at DOUBLE PRECISION NOT NULL,
        deadline DOUBLE PRECISION NOT NULL,
        next_query_at DOUBLE PRECISION NOT NULL,
        paid_at DOUBLE PRECISION,
        updated_at DOUBLE PRECISION NOT NULL,
        refunded BIGINT NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX IF NOT EXISTS qr_payments_open ON qr_payments (state, next_query_at)",
    "CREATE INDEX IF NOT EXISTS qr_payments_kiosk ON qr_payments (kiosk_id, created_at)",
    """CREATE TABLE IF NOT EXISTS qr_refunds (
        out_refund_no TEXT PRIMARY KEY,
        transaction_id TEXT NOT NULL,
        amount BIGINT NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL,
        updated_at DOUBLE PRECISION NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS qr_notifications (
        notification_id TEXT PRIMARY KEY,
        out_trade_no TEXT NOT NULL,
        trade_state TEXT NOT NULL,
        amount BIGINT NOT NULL,
        received_at DOUBLE PRECISION NOT NULL
    )""",
)


#: version 1 is the schema the first servers created themselves (IF NOT EXISTS: a
#: database that has the tables just records the version). Append-only from here.
MIGRATION = register(Migration("qr_payments", 1, ";\n".join(STATEMENTS)))


def ensure_schema(db: CentralDB) -> None:
    """Apply the migration if this database lacks it (safe at every start-up)."""
    ensure(db, "qr_payments")
