"""The core tables of the central server, as migration ``core`` version 1.

Every kiosk-supplied id is unique per kiosk, never globally: ``records``,
``transactions`` and ``reversals`` are keyed by ``(kiosk_id, id)``, so one kiosk can
neither learn about nor block another's records. Times the server sets are unix seconds
(``DOUBLE PRECISION``); amounts are ``BIGINT`` minor units.
"""

from __future__ import annotations

from central.db import Migration, register

CORE = register(Migration("core", 1, """
CREATE TABLE IF NOT EXISTS kiosks (
    kiosk_id TEXT PRIMARY KEY,
    secret_hex TEXT NOT NULL,
    public_key_hex TEXT,
    created_at DOUBLE PRECISION NOT NULL,
    last_seen_at DOUBLE PRECISION,
    last_heartbeat TEXT,
    last_heartbeat_at DOUBLE PRECISION
);
CREATE TABLE IF NOT EXISTS nonces (
    kiosk_id TEXT NOT NULL,
    nonce TEXT NOT NULL,
    ts DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (kiosk_id, nonce)
);
CREATE INDEX IF NOT EXISTS nonces_ts ON nonces (ts);
CREATE TABLE IF NOT EXISTS records (
    id AUTO_ID,
    kiosk_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    type TEXT NOT NULL,
    payload_hash TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (kiosk_id, record_id)
);
CREATE TABLE IF NOT EXISTS transactions (
    kiosk_id TEXT NOT NULL,
    transaction_id TEXT NOT NULL,
    seq BIGINT,
    service TEXT,
    biller TEXT,
    account TEXT,
    currency TEXT,
    method TEXT,
    gross BIGINT NOT NULL,
    fee BIGINT NOT NULL,
    commission BIGINT,
    total BIGINT NOT NULL,
    cash BIGINT,
    card BIGINT,
    voucher BIGINT,
    status TEXT NOT NULL,
    business_date TEXT,
    created_at TEXT,
    completed_at TEXT,
    completed_ts DOUBLE PRECISION,
    received_at TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, transaction_id)
);
CREATE INDEX IF NOT EXISTS transactions_completed ON transactions (kiosk_id, completed_ts);
CREATE INDEX IF NOT EXISTS transactions_date ON transactions (business_date);
CREATE TABLE IF NOT EXISTS reversals (
    kiosk_id TEXT NOT NULL,
    transaction_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    reason TEXT,
    at TEXT,
    applied BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (kiosk_id, transaction_id)
);
CREATE TABLE IF NOT EXISTS heartbeats (
    id AUTO_ID,
    kiosk_id TEXT NOT NULL,
    at DOUBLE PRECISION NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS heartbeats_at ON heartbeats (at);
CREATE INDEX IF NOT EXISTS heartbeats_kiosk ON heartbeats (kiosk_id, at);
CREATE TABLE IF NOT EXISTS commands (
    command_id TEXT PRIMARY KEY,
    kiosk_id TEXT NOT NULL,
    command TEXT NOT NULL,
    args TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    delivered_at DOUBLE PRECISION,
    result_ok BIGINT,
    result_detail TEXT,
    result_at DOUBLE PRECISION
);
CREATE INDEX IF NOT EXISTS commands_open ON commands (kiosk_id, result_at, created_at);
CREATE TABLE IF NOT EXISTS settlements (
    kiosk_id TEXT NOT NULL,
    batch_no BIGINT NOT NULL,
    payload_hash TEXT NOT NULL,
    payload TEXT NOT NULL,
    chain_head TEXT NOT NULL,
    period_start_ts DOUBLE PRECISION,
    period_end_ts DOUBLE PRECISION,
    received_at TEXT NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, batch_no)
);
CREATE TABLE IF NOT EXISTS settlement_items (
    kiosk_id TEXT NOT NULL,
    transaction_id TEXT NOT NULL,
    batch_no BIGINT NOT NULL,
    PRIMARY KEY (kiosk_id, transaction_id)
);
CREATE TABLE IF NOT EXISTS reconciliations (
    id AUTO_ID,
    kiosk_id TEXT NOT NULL,
    batch_no BIGINT,
    created_at DOUBLE PRECISION NOT NULL,
    report TEXT NOT NULL
)
"""))

#: the reconciliation alarm reads the newest report of each batch
RECONCILIATION_INDEX = register(Migration("core", 2, """
CREATE INDEX IF NOT EXISTS reconciliations_batch ON reconciliations (kiosk_id, batch_no, id)
"""))
