"""Refunds at the hall, maker-checker, and the operator's expiry policy.

A customer who would rather have the money back brings the voucher to the operator's hall;
the kiosk never pays cash out. One staff member requests the refund (the voucher is
frozen as ``refund_pending`` so no kiosk can spend it meanwhile), a *different* one
approves it (balance to 0, ``refunded``; the hall pays the balance) or rejects it (the
voucher is spendable again). Both steps are conditional UPDATEs like every voucher change,
and both leave an event. The back office screens call these functions; they take the
staff member's user name, not a session, because authentication is the caller's job.

Expiry is never automatic: ``set_expiry(ledger, seconds)`` is the operator's policy,
applied to vouchers issued from then on (``None`` = vouchers never expire, the default).
"""

from __future__ import annotations

import uuid
from typing import Any

from central.vouchers import codes, events
from central.vouchers.events import VoucherRefused
from central.vouchers.ledger import VoucherLedger


def request_refund(ledger: VoucherLedger, code_text: str, requested_by: str, reason: str
                   ) -> dict[str, Any]:
    """Freeze the voucher's balance for a refund; returns the pending refund."""
    code = codes.normalize(code_text)
    if code is None or not requested_by or not reason:
        raise VoucherRefused(422, "invalid_request", "code, requested_by and reason are needed")
    now = ledger.now()
    refund_id = str(uuid.uuid4())
    with ledger.db.tx() as conn:
        row = conn.execute("SELECT * FROM vouchers WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise VoucherRefused(404, "unknown_voucher", "no such voucher")
        n = conn.execute(
            "UPDATE vouchers SET status = 'refund_pending', version = version + 1,"
            " updated_at = ? WHERE code = ? AND status IN ('issued', 'partial') AND balance > 0"
            " AND (reserved_by IS NULL OR reserved_until <= ?)", (now, code, now)).rowcount
        if n != 1:
            raise VoucherRefused(409, "not_refundable",
                                 f"the voucher is {row['status']} or in use at a kiosk")
        conn.execute("INSERT INTO voucher_refunds (refund_id, code, amount, reason,"
                     " requested_by, requested_at, status) VALUES (?, ?, ?, ?, ?, ?, 'pending')",
                     (refund_id, code, row["balance"], reason, requested_by, now))
        events.record(conn, now, "refund_requested", {"refund_id": refund_id,
                                                      "amount": row["balance"],
                                                      "by": requested_by, "reason": reason},
                      code=code)
    return refund(ledger, refund_id)


def approve_refund(ledger: VoucherLedger, refund_id: str, approved_by: str) -> dict[str, Any]:
    """The checker's approval: the voucher is spent, the hall pays ``amount`` out."""
    return _decide(ledger, refund_id, approved_by, approve=True)


def reject_refund(ledger: VoucherLedger, refund_id: str, rejected_by: str) -> dict[str, Any]:
    """The checker's rejection: the voucher is spendable again."""
    return _decide(ledger, refund_id, rejected_by, approve=False)


def refund(ledger: VoucherLedger, refund_id: str) -> dict[str, Any]:
    rows = ledger.db.query("SELECT * FROM voucher_refunds WHERE refund_id = ?", (refund_id,))
    if not rows:
        raise VoucherRefused(404, "unknown_refund", "no such refund")
    return rows[0]


def pending_refunds(ledger: VoucherLedger) -> list[dict[str, Any]]:
    return ledger.db.query("SELECT * FROM voucher_refunds WHERE status = 'pending'"
                           " ORDER BY requested_at, refund_id")


def _decide(ledger: VoucherLedger, refund_id: str, by: str, *, approve: bool
            ) -> dict[str, Any]:
    now = ledger.now()
    with ledger.db.tx() as conn:
        r = conn.execute("SELECT * FROM voucher_refunds WHERE refund_id = ?",
                         (refund_id,)).fetchone()
        if r is None:
            raise VoucherRefused(404, "unknown_refund", "no such refund")
        if not by or by == r["requested_by"]:
            raise VoucherRefused(403, "same_person", "a second staff member must decide")
        n = conn.execute("UPDATE voucher_refunds SET status = ?, decided_by = ?, decided_at = ?"
                         " WHERE refund_id = ? AND status = 'pending'",
                         ("approved" if approve else "rejected", by, now, refund_id)).rowcount
        if n != 1:
            raise VoucherRefused(409, "already_decided", f"the refund is {r['status']}")
        if approve:
            conn.execute("UPDATE vouchers SET balance = 0, status = 'refunded', version ="
                         " version + 1, updated_at = ? WHERE code = ? AND status ="
                         " 'refund_pending'", (now, r["code"]))
        else:
            conn.execute("UPDATE vouchers SET status = CASE WHEN balance = amount THEN 'issued'"
                         " ELSE 'partial' END, version = version + 1, updated_at = ?"
                         " WHERE code = ? AND status = 'refund_pending'", (now, r["code"]))
        events.record(conn, now, "refunded" if approve else "refund_rejected",
                      {"refund_id": refund_id, "amount": r["amount"], "by": by},
                      code=r["code"])
    return refund(ledger, refund_id)


def set_expiry(ledger: VoucherLedger, seconds: int | None) -> None:
    """Operator policy: vouchers issued from now on expire ``seconds`` after issue."""
    if seconds is not None and (isinstance(seconds, bool) or seconds <= 0):
        raise VoucherRefused(422, "invalid_policy", "expiry must be a positive number of "
                             "seconds or None")
    with ledger.db.tx() as conn:
        conn.execute("DELETE FROM voucher_policy WHERE name = 'expire_after_s'")
        conn.execute("INSERT INTO voucher_policy (name, value) VALUES ('expire_after_s', ?)",
                     (seconds,))
