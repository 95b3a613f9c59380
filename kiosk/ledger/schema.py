"""The kiosk's own tables in the store, registered as migrations under namespace ``kiosk``.

Why in the same SQLite file as the journal and outbox: a status change, its journal
record and its outbox row must commit in one transaction (money rule 2).
"""

from __future__ import annotations

NAMESPACE = "kiosk"

MIGRATIONS: list[tuple[int, str]] = [
    (1, """
CREATE TABLE kiosk_transactions (
    id TEXT PRIMARY KEY,                 -- client UUID, also the Idempotency-Key
    seq INTEGER NOT NULL UNIQUE,         -- kiosk-local, gap-free (max+1 inside the writer)
    service TEXT NOT NULL,               -- topup | bill
    biller TEXT,
    account TEXT NOT NULL,
    currency TEXT NOT NULL,
    due INTEGER,                         -- total due (gross+fee) or NULL for an open amount
    partial_ok INTEGER NOT NULL,         -- may complete with less than due
    overpay_ok INTEGER NOT NULL,         -- excess above due becomes account credit
    fee_rule TEXT NOT NULL,              -- JSON FeeRule, so recovery prices exactly alike
    offline INTEGER NOT NULL DEFAULT 0,
    method TEXT NOT NULL DEFAULT 'cash',
    status TEXT NOT NULL,
    gross INTEGER NOT NULL DEFAULT 0,
    fee INTEGER NOT NULL DEFAULT 0,
    commission INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    card INTEGER NOT NULL DEFAULT 0,     -- confirmed card amount
    card_info TEXT,                      -- JSON: masked_pan (BIN+last4), auth_code, receipt_no
    voucher_code TEXT,                   -- voucher issued by this transaction
    detail TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    completed_at TEXT,
    business_date TEXT NOT NULL
);
CREATE INDEX kiosk_transactions_status ON kiosk_transactions (status);
CREATE TABLE kiosk_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transaction_id TEXT NOT NULL REFERENCES kiosk_transactions (id),
    amount INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('escrowed', 'stacked', 'returned', 'unresolved')),
    escrowed_at TEXT,
    resolved_at TEXT
);
CREATE INDEX kiosk_notes_txn ON kiosk_notes (transaction_id, state);
CREATE TABLE kiosk_vouchers (
    code TEXT PRIMARY KEY,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('issued', 'redeemed')),
    issued_by TEXT NOT NULL REFERENCES kiosk_transactions (id),
    redeemed_by TEXT REFERENCES kiosk_transactions (id),
    issued_at TEXT NOT NULL,
    redeemed_at TEXT
);
CREATE TABLE kiosk_status_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transaction_id TEXT NOT NULL REFERENCES kiosk_transactions (id),
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    journal_seq INTEGER NOT NULL
);
CREATE TABLE kiosk_catalog (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version TEXT NOT NULL,
    body TEXT NOT NULL
);
"""),
    (2, """
-- The exact ``transaction`` record a card confirmation sent (JSON), set just before the
-- request goes out. Once set, it is the only payload ever sent under the transaction id;
-- an outcome other than completed travels as a separate ``transaction_reversal``.
ALTER TABLE kiosk_transactions ADD COLUMN confirm_record TEXT;
"""),
    (3, """
-- Why a note needs a look at the cash count although its state is settled (e.g. returned
-- because the device sat idle after a crash): cash collection lists it with this reason.
ALTER TABLE kiosk_notes ADD COLUMN flag TEXT;
"""),
    (4, """
-- The transaction a supplementary credit belongs to: a note that reached the cassette
-- after its own session ended (a late note) is credited to a new ``credited``
-- transaction of the same customer; ``origin`` links it back, so the original receipt
-- (find my payment) and the back office see the credit against the original payment.
ALTER TABLE kiosk_transactions ADD COLUMN origin TEXT;
"""),
    (5, """
-- QR payments (kiosk/payment/qr_flow.py): the amount the server confirmed as paid by the
-- wallet (0 until then) and what the receipt shows of it (JSON: wallet, merchant order
-- number). Nothing of the customer's payment code is ever stored.
ALTER TABLE kiosk_transactions ADD COLUMN qr INTEGER NOT NULL DEFAULT 0;
ALTER TABLE kiosk_transactions ADD COLUMN qr_info TEXT;
"""),
    (6, """
-- Vouchers applied as tender to a transaction (any kiosk's code, online via the server's
-- reservation, or offline one this kiosk issued that the server has not seen yet).
-- ``held`` until the transaction ends: a completed payment redeems them (``redeemed``,
-- a ``voucher`` record with ``redemption_id`` as the server's idempotency key), any other
-- end gives them back (``released``). ``balance`` is what the code held when applied.
CREATE TABLE kiosk_voucher_tenders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transaction_id TEXT NOT NULL REFERENCES kiosk_transactions (id),
    code TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    balance INTEGER NOT NULL,
    currency TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('online', 'offline')),
    state TEXT NOT NULL CHECK (state IN ('held', 'redeemed', 'released')),
    redemption_id TEXT NOT NULL UNIQUE,
    reserved_until INTEGER,
    applied_at TEXT NOT NULL,
    ended_at TEXT,
    server_done INTEGER NOT NULL DEFAULT 0   -- the online redeem/release was answered
);
CREATE INDEX kiosk_voucher_tenders_txn ON kiosk_voucher_tenders (transaction_id, state);
CREATE INDEX kiosk_voucher_tenders_code ON kiosk_voucher_tenders (code, state);
-- The server-granted offline allowance (signed; docs/protocols.md), the latest one only.
CREATE TABLE kiosk_allowance (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    body TEXT NOT NULL,
    signature TEXT NOT NULL,
    received_at REAL NOT NULL
);
"""),
    (7, """
-- When the kiosk answered STACK for the note (``Ledger.record_stack``, its own commit
-- after the escrow row, just before the command). Why: after a restart, a device that
-- says nothing about a note within the settle window has returned it only if it was
-- never told to stack; a note told to stack stays ``unresolved`` until its stacked (or
-- returned) report comes, however late, and is then credited to its own customer.
ALTER TABLE kiosk_notes ADD COLUMN stack_at TEXT;
"""),
]
