"""The server's voucher ledger: balance, reserve, redeem and release, exactly once fleet-wide.

Why conditional UPDATEs and not locks: every state change is one ``UPDATE vouchers ...
WHERE <the state we expect>``, and the row count says whether we won. Two kiosks racing
for one voucher both send the UPDATE; the database serialises them on the row, the
second one's WHERE no longer holds and it changes nothing. That holds on SQLite (one
writer) and on PostgreSQL under READ COMMITTED (the WHERE is re-checked after the row
lock), with no lock held across a network round trip.

Flow (docs/protocols.md, "Vouchers"): a kiosk ``reserve``s a code for its session (the
reservation lapses after ``reserve_ttl_s``), applies the balance it needs, and
``redeem``s that amount when the session finalizes, under a redemption id it chose (the
idempotency key: a retry gets the stored answer). ``release`` gives the reservation back
on cancel, timeout or crash recovery. A partial redemption keeps the rest on the same
code as its remaining ``balance``. ``balance`` reads a code's state without changing it
(the home screen's "use a voucher" look-up).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from central.vouchers import codes, events, schema
from central.vouchers.events import VoucherRefused

RESERVE_TTL_S = 900
SPENDABLE = ("issued", "partial")


class VoucherLedger:
    def __init__(self, db: Any, clock: Callable[[], float] = time.time, *,
                 reserve_ttl_s: int = RESERVE_TTL_S) -> None:
        self.db = db
        self.clock = clock
        self.reserve_ttl_s = reserve_ttl_s
        schema.ensure(db)

    def now(self) -> int:
        return int(self.clock())

    # -- kiosk operations ----------------------------------------------------------
    def reserve(self, kiosk_id: str, code_text: Any, session_id: str) -> dict[str, Any]:
        """Hold the voucher for this kiosk's session; the reply says how much it holds."""
        code = _code(code_text)
        now = self.now()
        until = now + self.reserve_ttl_s
        with self.db.tx() as conn:
            events.check_guess_rate(conn, kiosk_id, now)
            row = self._known(conn, kiosk_id, code, now)
            if row is None:
                refusal: VoucherRefused | None = _unknown()
            else:
                won = conn.execute(
                    "UPDATE vouchers SET reserved_by = ?, reserved_session = ?,"
                    " reserved_until = ?, version = version + 1, updated_at = ?"
                    " WHERE code = ? AND status IN ('issued', 'partial') AND balance > 0"
                    " AND (expires_at IS NULL OR expires_at > ?)"
                    " AND (reserved_by IS NULL OR reserved_until <= ?"
                    "      OR (reserved_by = ? AND reserved_session = ?))",
                    (kiosk_id, session_id, until, now, code, now, now, kiosk_id,
                     session_id)).rowcount
                refusal = None if won == 1 else _why_not(row, kiosk_id, session_id, now)
                events.record(conn, now, "reserved" if refusal is None else "reserve_refused",
                              {"session_id": session_id, "balance": row["balance"],
                               **({"error": refusal.error} if refusal else {})},
                              code=code, kiosk_id=kiosk_id)
        if refusal is not None:
            raise refusal
        assert row is not None
        return {"code": code, "status": "reserved", "balance": int(row["balance"]),
                "currency": row["currency"], "reserved_until": until,
                "session_id": session_id}

    def release(self, kiosk_id: str, code_text: Any, session_id: str) -> dict[str, Any]:
        """Give a reservation back; harmless when it is not (or no longer) ours."""
        code = _code(code_text)
        now = self.now()
        with self.db.tx() as conn:
            n = conn.execute(
                "UPDATE vouchers SET reserved_by = NULL, reserved_session = NULL,"
                " reserved_until = NULL, version = version + 1, updated_at = ?"
                " WHERE code = ? AND reserved_by = ? AND reserved_session = ?",
                (now, code, kiosk_id, session_id)).rowcount
            if n:
                events.record(conn, now, "released", {"session_id": session_id},
                              code=code, kiosk_id=kiosk_id)
        return {"code": code, "released": bool(n)}

    def redeem(self, kiosk_id: str, code_text: Any, *, amount: int, session_id: str,
               redemption_id: str, transaction_id: str | None = None) -> dict[str, Any]:
        """Take ``amount`` off a voucher this kiosk's session holds; idempotent by id."""
        code = _code(code_text)
        if amount <= 0:
            raise VoucherRefused(422, "invalid_amount", "amount must be a positive integer")
        with self.db.tx() as conn:  # a refusal still commits its event row
            try:
                return self.redeem_in(conn, kiosk_id, code, amount=amount,
                                      session_id=session_id, redemption_id=redemption_id,
                                      transaction_id=transaction_id, offline=False)
            except VoucherRefused as exc:
                refusal = exc
        raise refusal

    def redeem_in(self, conn: Any, kiosk_id: str, code: str, *, amount: int,
                  session_id: str | None, redemption_id: str, transaction_id: str | None,
                  offline: bool) -> dict[str, Any]:
        """``redeem`` inside the caller's transaction (the outbox path uses it too).

        ``offline`` additionally allows the redemption without a reservation when this
        kiosk issued the voucher and nobody else holds it: the offline rule.
        """
        now = self.now()
        done = _stored(conn, kiosk_id, code, amount, redemption_id)
        if done is not None:
            return done
        cond = "reserved_by = ? AND reserved_session = ?"
        params: list[Any] = [kiosk_id, session_id or ""]
        if offline:
            cond = (f"(({cond}) OR (issuer_kiosk = ? AND (reserved_by IS NULL OR"
                    " reserved_until <= ?)))")
            params = [*params, kiosk_id, now]
        won = conn.execute(
            "UPDATE vouchers SET balance = balance - ?,"
            " status = CASE WHEN balance = ? THEN 'redeemed' ELSE 'partial' END,"
            " reserved_by = NULL, reserved_session = NULL, reserved_until = NULL,"
            " version = version + 1, updated_at = ?"
            f" WHERE code = ? AND balance >= ? AND status IN ('issued', 'partial') AND {cond}",
            (amount, amount, now, code, amount, *params)).rowcount
        row = conn.execute("SELECT * FROM vouchers WHERE code = ?", (code,)).fetchone()
        if won != 1:
            done = _stored(conn, kiosk_id, code, amount, redemption_id)
            if done is not None:  # a concurrent retry of the same redemption won
                return done
            refusal = _unknown() if row is None else _why_not(row, kiosk_id, session_id, now,
                                                              amount=amount)
            kind = "double_spend" if offline and row is not None else "redeem_refused"
            events.record(conn, now, kind, {
                "redemption_id": redemption_id, "amount": amount, "session_id": session_id,
                "transaction_id": transaction_id, "error": refusal.error,
                "status": row["status"] if row else None,
                "balance": row["balance"] if row else None}, code=code, kiosk_id=kiosk_id)
            raise refusal
        assert row is not None
        conn.execute("INSERT INTO voucher_redemptions (redemption_id, code, kiosk_id,"
                     " session_id, transaction_id, amount, balance_after, channel, at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (redemption_id, code, kiosk_id, session_id, transaction_id, amount,
                      row["balance"], "offline" if offline else "online", now))
        events.record(conn, now, "redeemed", {"redemption_id": redemption_id, "amount": amount,
                                              "balance": row["balance"],
                                              "transaction_id": transaction_id},
                      code=code, kiosk_id=kiosk_id)
        return _redeemed(code, amount, int(row["balance"]), row["currency"], redemption_id,
                         "redeemed")

    def balance(self, kiosk_id: str, code_text: Any, session_id: str | None = None
                ) -> dict[str, Any]:
        """What a code holds now and whether it can be spent, changing nothing.

        Why not ``reserve`` + ``release``: a look-up must not hold the voucher (another
        kiosk's customer would be told it is in use) nor write ``reserve_refused`` noise.
        It is still a look-up of a code, so it passes the same gate as ``reserve``: the
        per-kiosk limit on unknown codes is checked first and an unknown (or forged) code
        is recorded as ``unknown_code``, the one row this call may write, so alternating
        between the two endpoints cannot test more codes than ``reserve`` alone.
        ``session_id``: the asking session, whose own reservation reads as ``active``.
        """
        code = _code(code_text)
        now = self.now()
        with self.db.tx() as conn:
            events.check_guess_rate(conn, kiosk_id, now)
            row = self._known(conn, kiosk_id, code, now)
        if row is None:
            raise _unknown()
        return {"code": code, "state": _state(row, kiosk_id, session_id, now),
                "balance": int(row["balance"]), "currency": row["currency"]}

    # -- reading ---------------------------------------------------------------------
    def voucher(self, code_text: Any) -> dict[str, Any] | None:
        """The row, its redemptions and events (back office; no kiosk sees this)."""
        code = codes.normalize(code_text)
        if code is None:
            return None
        rows = self.db.query("SELECT * FROM vouchers WHERE code = ?", (code,))
        if not rows:
            return None
        out = dict(rows[0])
        out["redemptions"] = self.db.query("SELECT * FROM voucher_redemptions WHERE code = ?"
                                           " ORDER BY at, balance_after DESC", (code,))
        out["events"] = events.listing(self.db, code=code)
        return out

    def _known(self, conn: Any, kiosk_id: str, code: str, now: int) -> Any:
        """The row if the code exists and carries its issuer's MAC, else an event + None."""
        row = conn.execute("SELECT * FROM vouchers WHERE code = ?", (code,)).fetchone()
        if row is not None:
            secret = conn.execute("SELECT secret_hex FROM kiosks WHERE kiosk_id = ?",
                                  (row["issuer_kiosk"],)).fetchone()
            if secret is not None and codes.mac_ok(
                    codes.voucher_key(bytes.fromhex(secret["secret_hex"])), code):
                return row
        events.record(conn, now, "unknown_code", {}, code=code, kiosk_id=kiosk_id)
        return None


def _code(text: Any) -> str:
    code = codes.normalize(text)
    if code is None:
        raise VoucherRefused(422, "invalid_code", "not a voucher code (16 digits, check digit)")
    return code


def _unknown() -> VoucherRefused:
    return VoucherRefused(404, "unknown_voucher", "no such voucher")


def _redeemed(code: str, amount: int, balance: int, currency: str, redemption_id: str,
              status: str) -> dict[str, Any]:
    return {"code": code, "status": status, "amount": amount, "balance": balance,
            "currency": currency, "redemption_id": redemption_id}


def _stored(conn: Any, kiosk_id: str, code: str, amount: int, redemption_id: str
            ) -> dict[str, Any] | None:
    """The earlier answer for this redemption id, or None; a different payload is 422."""
    r = conn.execute("SELECT r.code, r.kiosk_id, r.amount, r.balance_after, v.currency FROM"
                     " voucher_redemptions r JOIN vouchers v ON v.code = r.code WHERE"
                     " r.redemption_id = ?", (redemption_id,)).fetchone()
    if r is None:
        return None
    if (r["code"], r["kiosk_id"], int(r["amount"])) != (code, kiosk_id, amount):
        raise VoucherRefused(422, "redemption_conflict",
                             "this redemption id was used with another code or amount")
    return _redeemed(code, amount, int(r["balance_after"]), r["currency"], redemption_id,
                     "duplicate")


#: What ``balance`` answers, in the order the checks are made.
BALANCE_STATES = ("refunded", "refund_pending", "redeemed", "expired", "reserved", "active")


def _state(row: Any, kiosk_id: str, session_id: str | None, now: int) -> str:
    """A voucher row as the customer needs it: can it be spent now, and if not, why.
    ``reserved`` never says by which kiosk (as ``voucher_reserved`` does not)."""
    status = row["status"]
    if status in ("refunded", "refund_pending"):
        return str(status)
    if status not in SPENDABLE or int(row["balance"]) == 0:
        return "redeemed"
    if row["expires_at"] is not None and int(row["expires_at"]) <= now:
        return "expired"
    mine = (session_id is not None and row["reserved_by"] == kiosk_id
            and row["reserved_session"] == session_id)
    if row["reserved_by"] is not None and int(row["reserved_until"] or 0) > now and not mine:
        return "reserved"
    return "active"


def _why_not(row: Any, kiosk_id: str, session_id: str | None, now: int, *,
             amount: int | None = None) -> VoucherRefused:
    """Why a conditional UPDATE did not match, from the row as it is now."""
    status = row["status"]
    if status == "refund_pending":
        return VoucherRefused(409, "refund_pending", "a refund of this voucher is in progress")
    if status not in SPENDABLE or int(row["balance"]) == 0:
        return VoucherRefused(409, "voucher_spent", f"the voucher is {status}")
    mine = row["reserved_by"] == kiosk_id and row["reserved_session"] == session_id
    held = row["reserved_by"] is not None and int(row["reserved_until"] or 0) > now
    if held and not mine:
        return VoucherRefused(409, "voucher_reserved", "the voucher is in use at another "
                              "session; try again later")
    if amount is not None and int(row["balance"]) < amount:
        return VoucherRefused(409, "insufficient_balance",
                              f"the voucher holds {row['balance']}", balance=int(row["balance"]))
    if row["expires_at"] is not None and int(row["expires_at"]) <= now:
        return VoucherRefused(410, "voucher_expired", "the voucher expired (operator policy)")
    return VoucherRefused(409, "not_reserved", "reserve the voucher for this session first")
