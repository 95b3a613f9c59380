"""Vouchers applied as tender (``kiosk_voucher_tenders``), inside the ledger's transactions.

A tender is ``held`` while its transaction is open. ``Ledger.finalize`` ends it: a
``completed`` payment redeems it (state ``redeemed`` plus a ``voucher`` outbox record
``{"status": "redeemed", ..., "redemption_id", "session_id"}``, the server's idempotency
key, sent even when the online redeem already answered: the server then says
``duplicate``), every other end releases it (the voucher keeps its whole balance). The
session id the kiosk reserves under is the transaction id.
"""

from __future__ import annotations

from typing import Any

from kiosk.ledger.states import JournalKind, TenderState, VoucherStatus
from offline_queue.transaction import Transaction

COLUMNS = ("id", "transaction_id", "code", "amount", "balance", "currency", "channel",
           "state", "redemption_id", "reserved_until", "applied_at", "ended_at", "server_done")


def _rows(cur: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def held(tx: Transaction, txn_id: str) -> list[dict[str, Any]]:
    return _rows(tx.execute("SELECT * FROM kiosk_voucher_tenders WHERE transaction_id = ? AND"
                            " state = 'held' ORDER BY id", (txn_id,)))


def total(tx: Transaction, txn_id: str, state: TenderState) -> int:
    return int(tx.execute("SELECT COALESCE(SUM(amount), 0) FROM kiosk_voucher_tenders WHERE"
                          " transaction_id = ? AND state = ?", (txn_id, state)).fetchone()[0])


def spent_on(tx: Transaction, code: str) -> int:
    """How much of ``code`` this kiosk has applied (held or redeemed)."""
    return int(tx.execute("SELECT COALESCE(SUM(amount), 0) FROM kiosk_voucher_tenders WHERE"
                          " code = ? AND state IN ('held', 'redeemed')", (code,)).fetchone()[0])


def add(tx: Transaction, *, txn_id: str, code: str, amount: int, balance: int, currency: str,
        channel: str, redemption_id: str, reserved_until: int | None, at: str) -> None:
    tx.execute("INSERT INTO kiosk_voucher_tenders (transaction_id, code, amount, balance,"
               " currency, channel, state, redemption_id, reserved_until, applied_at)"
               " VALUES (?, ?, ?, ?, ?, ?, 'held', ?, ?, ?)",
               (txn_id, code, amount, balance, currency, channel, redemption_id,
                reserved_until, at))
    tx.journal(JournalKind.VOUCHER_APPLIED, {"transaction_id": txn_id, "code": code,
                                             "amount": amount, "balance": balance,
                                             "channel": channel,
                                             "redemption_id": redemption_id})


def end(tx: Transaction, rows: list[dict[str, Any]], state: TenderState, at: str) -> None:
    """Redeem or release the held tenders ``rows`` (inside finalize's transaction)."""
    for t in rows:
        tx.execute("UPDATE kiosk_voucher_tenders SET state = ?, ended_at = ? WHERE id = ?",
                   (state, at, t["id"]))
        tx.journal(JournalKind.voucher(state), {"transaction_id": t["transaction_id"],
                                        "code": t["code"], "amount": t["amount"],
                                        "redemption_id": t["redemption_id"]})
        if state != TenderState.REDEEMED:
            continue
        tx.enqueue("voucher", t["redemption_id"], {
            "status": VoucherStatus.REDEEMED, "code": t["code"], "amount": int(t["amount"]),
            "currency": t["currency"], "transaction_id": t["transaction_id"], "at": at,
            "redemption_id": t["redemption_id"], "session_id": t["transaction_id"]})
        # One of this kiosk's own vouchers used up: no longer offered offline.
        left = int(tx.execute("SELECT amount FROM kiosk_vouchers WHERE code = ?",
                              (t["code"],)).fetchone()[0]) if _own(tx, t["code"]) else None
        if left is not None and spent_on(tx, t["code"]) >= left:
            tx.execute("UPDATE kiosk_vouchers SET status = 'redeemed', redeemed_at = ?"
                       " WHERE code = ? AND status = 'issued'", (at, t["code"]))


def _own(tx: Transaction, code: str) -> bool:
    return tx.execute("SELECT 1 FROM kiosk_vouchers WHERE code = ?", (code,)).fetchone() \
        is not None
