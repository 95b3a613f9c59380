"""How an open QR payment moves on: queries, reversal, close, refund, notifications.

States (``qr_payments.state``)::

    code:    pending -> paid | user_paying | unknown | failed
             user_paying/unknown --query--> paid | (deadline) reversing -> reversed
    native:  pending -> awaiting --notification or query--> paid
             awaiting --(deadline) close--> closed | paid (ORDERPAID)
    any paid payment the kiosk cancels, or a notification for a closed/failed/reversed
    one (late payment): refund_pending -> refunded | refund_failed

Every provider call here is keyed by our order or refund number, so calling ``advance``
again after a crash or a lost reply repeats the same operation, never a new one. The
caller holds the payment's lock.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from central.payments.provider import (
    FINAL_UNPAID,
    PAID,
    Notification,
    ProviderRejected,
    ProviderUnavailable,
    TradeState,
)

if TYPE_CHECKING:
    from central.payments.service import QrPayments

log = logging.getLogger(__name__)
OPEN = ("pending", "unknown", "user_paying", "reversing", "awaiting", "refund_pending")
OPEN_SQL = ", ".join(f"'{s}'" for s in OPEN)
REASONED = frozenset({"failed", "reversed", "closed", "refund_pending", "refunded",
                      "refund_failed", "unknown"})
NEXT_STEP = {"pending": "wait", "unknown": "wait", "user_paying": "confirm_on_phone",
             "reversing": "wait", "awaiting": "scan_with_phone", "paid": "done",
             "failed": "try_another_method", "reversed": "try_again",
             "closed": "start_again", "refund_pending": "refund_to_wallet",
             "refunded": "refund_to_wallet", "refund_failed": "contact_operator"}


def advance(svc: QrPayments, tid: str) -> dict[str, Any]:
    row = svc.row(tid)
    if row is None or row["state"] not in OPEN:
        return row or {}
    now = svc.clock()
    if row["state"] == "refund_pending":
        refund(svc, row)
    elif row["state"] == "reversing":
        _reverse(svc, row)
    elif now >= float(row["next_query_at"]) or now >= float(row["deadline"]):
        if row["mode"] == "code":
            _code(svc, row, now)
        else:
            _native(svc, row, now)
    return svc.row(tid) or {}


def _query(svc: QrPayments, row: dict[str, Any]) -> Any:
    """The provider's trade, None if it never got there, or ``...`` when unreachable."""
    try:
        return svc.need_provider().query(row["out_trade_no"])
    except (ProviderUnavailable, ProviderRejected) as exc:
        log.info("QR query %s failed: %s", row["transaction_id"], exc)
        svc.update(row["transaction_id"], next_query_at=svc.clock() + svc.query_interval_s)
        return ...


def _paid(svc: QrPayments, row: dict[str, Any], provider_id: str) -> None:
    svc.update(row["transaction_id"], state="paid", provider_id=provider_id,
               paid_at=svc.clock(), reason=None)


def _code(svc: QrPayments, row: dict[str, Any], now: float) -> None:
    trade = _query(svc, row)
    tid = row["transaction_id"]
    if trade is not ... and trade is not None and trade.state in PAID:
        _paid(svc, row, trade.provider_id)
        return
    if trade is not ... and trade is not None and trade.state in FINAL_UNPAID:
        declined = trade.state == TradeState.PAYERROR
        svc.update(tid, state="reversing" if declined else "reversed",
                   reason="declined" if declined else "cancelled_by_provider")
        if declined:
            _reverse(svc, svc.row(tid) or row)
        return
    if now >= float(row["deadline"]):  # still paying, unknown, or never arrived: stop it
        svc.update(tid, state="reversing", reason="timeout")
        _reverse(svc, svc.row(tid) or row)
    elif trade is not ...:
        svc.update(tid, next_query_at=now + svc.query_interval_s)


def _reverse(svc: QrPayments, row: dict[str, Any]) -> None:
    tid = row["transaction_id"]
    final = "failed" if row["reason"] == "declined" else "reversed"
    try:
        svc.need_provider().reverse(row["out_trade_no"])
    except ProviderUnavailable as exc:
        log.info("QR reverse %s failed, will retry: %s", tid, exc)
        svc.update(tid, next_query_at=svc.clock() + svc.query_interval_s)
        return
    except ProviderRejected as exc:
        if exc.code in ("ORDER_NOT_EXIST", "ORDERNOTEXIST"):
            svc.update(tid, state="failed", reason=row["reason"] or "not_charged")
            return
        trade = _query(svc, row)  # e.g. too late to reverse: was it paid?
        if trade is ... or trade is None:
            return
        if trade.state in PAID:
            svc.update(tid, state="refund_pending", reason=row["reason"] or "reversal_refused")
            refund(svc, svc.row(tid) or row)
        else:
            svc.update(tid, state=final)
        return
    svc.update(tid, state=final)


def _native(svc: QrPayments, row: dict[str, Any], now: float) -> None:
    tid = row["transaction_id"]
    if now < float(row["deadline"]):
        trade = _query(svc, row)  # notifications can be lost: ask when silent
        if trade is ...:
            return
        if trade is not None and trade.state in PAID:
            _paid(svc, row, trade.provider_id)
        else:
            svc.update(tid, next_query_at=now + svc.query_interval_s)
        return
    try:
        svc.need_provider().close(row["out_trade_no"])
    except ProviderUnavailable:
        svc.update(tid, next_query_at=now + svc.query_interval_s)
        return
    except ProviderRejected as exc:
        if exc.code != "ORDERPAID":
            if exc.code not in ("ORDER_NOT_EXIST", "ORDERNOTEXIST", "ORDERCLOSED"):
                svc.update(tid, next_query_at=now + svc.query_interval_s, reason=exc.code)
                return
        else:
            trade = _query(svc, row)
            if trade is not ... and trade is not None and trade.state in PAID:
                _paid(svc, row, trade.provider_id)
            return
    svc.update(tid, state="closed", reason="expired")


def cancel(svc: QrPayments, tid: str, reason: str) -> dict[str, Any]:
    row = svc.row(tid) or {}
    state = row.get("state")
    if state == "paid":
        svc.update(tid, state="refund_pending", reason=reason)
        refund(svc, svc.row(tid) or row)
    elif row.get("mode") == "code" and state in ("pending", "unknown", "user_paying"):
        svc.update(tid, state="reversing", reason=reason)
        _reverse(svc, svc.row(tid) or row)
    elif row.get("mode") == "native" and state in ("pending", "awaiting"):
        svc.update(tid, deadline=svc.clock())
        _native(svc, svc.row(tid) or row, svc.clock())
        if (svc.row(tid) or {}).get("state") == "paid":  # paid just as the customer left
            return cancel(svc, tid, reason)
    return svc.row(tid) or {}


def refund(svc: QrPayments, row: dict[str, Any]) -> None:
    """Refund the whole payment to the wallet; retried (same out_refund_no) until done."""
    tid, now = row["transaction_id"], svc.clock()
    refund_no = ("R" + row["out_trade_no"])[:32]
    with svc.db.tx() as conn:
        conn.execute("INSERT INTO qr_refunds (out_refund_no, transaction_id, amount, reason,"
                     " status, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)"
                     " ON CONFLICT (out_refund_no) DO NOTHING",
                     (refund_no, tid, row["amount"], row["reason"] or "refund", now, now))
    try:
        status = svc.need_provider().refund(row["out_trade_no"], refund_no, row["amount"],
                                            row["amount"])
    except ProviderUnavailable as exc:
        log.info("QR refund %s failed, will retry: %s", tid, exc)
        svc.update(tid, next_query_at=now + svc.query_interval_s)
        return
    except ProviderRejected as exc:
        status = f"FAILED:{exc.code}"
    with svc.db.tx() as conn:
        conn.execute("UPDATE qr_refunds SET status = ?, updated_at = ? WHERE out_refund_no = ?",
                     (status, now, refund_no))
    if status.startswith("FAILED"):
        svc.update(tid, state="refund_failed")
        log.error("QR refund %s refused: %s", tid, status)
    else:
        svc.update(tid, state="refunded", refunded=row["amount"])


def notified(svc: QrPayments, note: Notification) -> None:
    trade = note.trade
    with svc.db.tx() as conn:
        fresh = conn.execute("INSERT INTO qr_notifications (notification_id, out_trade_no,"
                             " trade_state, amount, received_at) VALUES (?, ?, ?, ?, ?)"
                             " ON CONFLICT (notification_id) DO NOTHING",
                             (note.id, trade.out_trade_no, trade.state.value, trade.amount,
                              svc.clock())).rowcount
    if not fresh:
        return  # a resend: applied already
    rows = svc.db.query("SELECT transaction_id FROM qr_payments WHERE out_trade_no = ?",
                        (trade.out_trade_no,))
    if not rows or trade.state not in PAID:
        if not rows:
            log.warning("QR notification for unknown order %s", trade.out_trade_no)
        return
    tid = rows[0]["transaction_id"]
    with svc.lock(tid):
        row = svc.row(tid) or {}
        if row["state"] in ("pending", "awaiting", "unknown", "user_paying"):
            _paid(svc, row, trade.provider_id)
        elif row["state"] in ("closed", "failed", "reversed"):
            log.warning("QR payment %s paid after it was %s: refunding", tid, row["state"])
            svc.update(tid, state="refund_pending", reason="paid_after_close",
                       provider_id=trade.provider_id)
            refund(svc, svc.row(tid) or row)
