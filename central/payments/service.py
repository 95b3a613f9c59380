"""QR payment money rules on the server: what the kiosk endpoints call.

Rules (issue 18, DESIGN money rules):
- Online only, one provider order per transaction: ``out_trade_no`` is derived from the
  kiosk's transaction id and the row is written *before* the provider is called, so a
  retried request (lost reply, kiosk restart) finds the row and continues the same
  order instead of charging again.
- Unknown is never assumed: a timeout, 5xx or SYSTEMERROR leaves the payment
  ``unknown`` and it is queried (``progress.advance``) until the provider says.
- A customer still confirming on the phone (USERPAYING) is queried until paid or until
  ``user_paying_timeout_s`` (45 s, the provider's own limit), then reversed.
- A paid payment whose top-up or bill payment cannot be delivered, and a payment that
  lands after its order was closed, are refunded to the wallet (never in cash).
- The payment code is forwarded and forgotten: only its hash (duplicate check) and a
  masked form are kept, and only the masked form is logged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from central.db import CentralDB
from central.errors import ApiError
from central.payments import codes, progress
from central.payments.provider import (
    DECLINES,
    PaymentProvider,
    ProviderRejected,
    ProviderUnavailable,
    TradeState,
)
from central.payments.schema import ensure_schema

log = logging.getLogger(__name__)
MAX_AMOUNT = 5_000_00  # fen: a kiosk payment above 5,000 yuan is a typo or an attack


class QrPayments:
    def __init__(self, db: CentralDB, provider: PaymentProvider | None, *,
                 clock: Callable[[], float] = time.time, user_paying_timeout_s: float = 45.0,
                 query_interval_s: float = 3.0, native_ttl_s: float = 120.0,
                 wallets: tuple[str, ...] = ("wechat",)) -> None:
        self.db = db
        self.provider = provider
        self.clock = clock
        self.user_paying_timeout_s = user_paying_timeout_s
        self.query_interval_s = query_interval_s
        self.native_ttl_s = native_ttl_s
        self.wallets = wallets
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        ensure_schema(db)

    # -- helpers -----------------------------------------------------------------------
    def lock(self, tid: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(tid, threading.Lock())

    def need_provider(self) -> PaymentProvider:
        if self.provider is None:
            raise ApiError(503, "qr_unavailable", "no payment provider configured")
        return self.provider

    def row(self, tid: str) -> dict[str, Any] | None:
        rows = self.db.query("SELECT * FROM qr_payments WHERE transaction_id = ?", (tid,))
        return rows[0] if rows else None

    def update(self, tid: str, **fields: Any) -> None:
        fields["updated_at"] = self.clock()
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self.db.tx() as conn:
            conn.execute(f"UPDATE qr_payments SET {sets} WHERE transaction_id = ?",
                         (*fields.values(), tid))

    def _own(self, kiosk_id: str, tid: str) -> dict[str, Any] | None:
        row = self.row(tid)
        if row is not None and row["kiosk_id"] != kiosk_id:
            raise ApiError(403, "wrong_kiosk", "transaction belongs to another kiosk")
        return row

    @staticmethod
    def _check(tid: Any, amount: Any, description: Any) -> str:
        if not isinstance(tid, str) or (no := codes.out_trade_no(tid)) is None:
            raise ApiError(422, "invalid_field", "transaction_id: 6-32 of [0-9A-Za-z_-|*]"
                           " or a UUID", field="transaction_id")
        if not isinstance(amount, int) or isinstance(amount, bool) or \
                not 0 < amount <= MAX_AMOUNT:
            raise ApiError(422, "invalid_field", f"amount: integer fen 1..{MAX_AMOUNT}",
                           field="amount")
        if not isinstance(description, str) or not 0 < len(description) <= 127:
            raise ApiError(422, "invalid_field", "description: 1..127 characters",
                           field="description")
        return no

    def _insert(self, values: dict[str, Any]) -> bool:
        """Insert a new payment row; False if this transaction id already has one."""
        now = self.clock()
        values = {"currency": "CNY", "created_at": now, "updated_at": now,
                  "next_query_at": now, "refunded": 0, **values}
        cols = ", ".join(values)
        marks = ", ".join("?" * len(values))
        with self.db.tx() as conn:
            # One statement, safe across server workers: the primary key and the unique
            # code hash decide, never a read-then-write race.
            inserted = conn.execute(f"INSERT INTO qr_payments ({cols}) VALUES ({marks})"
                                    " ON CONFLICT DO NOTHING", tuple(values.values())).rowcount
            if inserted:
                return True
            if conn.execute("SELECT 1 FROM qr_payments WHERE transaction_id = ?",
                            (values["transaction_id"],)).fetchone():
                return False
        raise ApiError(409, "code_used", "this payment code was already used: "
                       "refresh the code in the wallet app and scan again")
        return True

    # -- kiosk operations --------------------------------------------------------------
    def charge_code(self, kiosk_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        tid, code = body.get("transaction_id"), body.get("code")
        no = self._check(tid, body.get("amount"), body.get("description", "kiosk payment"))
        assert isinstance(tid, str)
        if not isinstance(code, str) or not code.isdigit():
            raise ApiError(422, "invalid_field", "code: the scanned digits", field="code")
        wallet = codes.wallet_of(code)
        if wallet is None or wallet not in self.wallets:
            raise ApiError(422, "wallet_not_accepted",
                           f"accepted wallets: {', '.join(self.wallets)}", field="code")
        provider = self.need_provider()
        with self.lock(tid):
            row = self._own(kiosk_id, tid)
            if row is not None:
                if row["mode"] != "code" or row["amount"] != body["amount"] or \
                        row["code_hash"] != codes.code_hash(code):
                    raise ApiError(409, "conflict", "transaction already has another QR "
                                   "payment")
                if row["state"] in ("pending", "unknown"):
                    # The kiosk's retry brings the code again (we never kept it): send the
                    # same order again; the provider dedupes on out_trade_no.
                    self._micropay(provider, tid, no, int(body["amount"]), code,
                                   str(row["description"]))
                    if (self.row(tid) or {}).get("state") != "unknown":
                        return self.view(self.row(tid) or {})
                return self.view(progress.advance(self, tid))
            now = self.clock()
            fresh = self._insert({
                "transaction_id": tid, "out_trade_no": no, "kiosk_id": kiosk_id,
                "mode": "code", "provider": provider.name, "wallet": wallet,
                "amount": body["amount"],
                "description": body.get("description", "kiosk payment"),
                "code_hash": codes.code_hash(code), "code_masked": codes.mask(code),
                "state": "pending", "deadline": now + self.user_paying_timeout_s})
            if not fresh:  # another server worker took this request a moment ago
                return self.view(progress.advance(self, tid))
            log.info("QR charge %s kiosk %s code %s amount %s", tid, kiosk_id,
                     codes.mask(code), body["amount"])
            self._micropay(provider, tid, no, int(body["amount"]), code,
                           str(body.get("description", "kiosk payment")))
            return self.view(self.row(tid) or {})

    def _micropay(self, provider: PaymentProvider, tid: str, no: str, amount: int,
                  code: str, description: str) -> None:
        try:
            trade = provider.micropay(no, amount, code, description)
        except ProviderUnavailable as exc:
            self.update(tid, state="unknown", reason=str(exc)[:200])
            return
        except ProviderRejected as exc:
            if exc.code in DECLINES:
                self.update(tid, state="failed", reason=DECLINES[exc.code])
            else:  # ORDERPAID, OUT_TRADE_NO_USED...: the order exists, ask what it is
                self.update(tid, state="unknown", reason=exc.code)
            return
        if trade.state == TradeState.SUCCESS:
            self.update(tid, state="paid", provider_id=trade.provider_id,
                        paid_at=self.clock(), reason=None)
        elif trade.state == TradeState.USERPAYING:
            self.update(tid, state="user_paying", next_query_at=self.clock() +
                        self.query_interval_s)
        else:
            self.update(tid, state="unknown", reason=trade.state.value)

    def create_native(self, kiosk_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        tid = body.get("transaction_id")
        no = self._check(tid, body.get("amount"), body.get("description", "kiosk payment"))
        assert isinstance(tid, str)
        provider = self.need_provider()
        with self.lock(tid):
            row = self._own(kiosk_id, tid)
            if row is not None:
                if row["mode"] != "native" or row["amount"] != body["amount"]:
                    raise ApiError(409, "conflict", "transaction already has another QR "
                                   "payment")
                if row["state"] != "pending":
                    return self.view(progress.advance(self, tid))
            now = self.clock()
            if row is None:
                self._insert({"transaction_id": tid, "out_trade_no": no,
                              "kiosk_id": kiosk_id, "mode": "native",
                              "provider": provider.name, "wallet": provider.name,
                              "amount": body["amount"],
                              "description": body.get("description", "kiosk payment"),
                              "state": "pending", "deadline": now + self.native_ttl_s})
            deadline = float((self.row(tid) or {})["deadline"])
            try:
                url = provider.native(no, int(body["amount"]),
                                      str(body.get("description", "kiosk payment")), deadline)
            except (ProviderUnavailable, ProviderRejected) as exc:
                # Nothing shown, nothing payable: a retry with the same id tries again.
                raise ApiError(503, "provider_unavailable", f"order not created: {exc}",
                               headers={"Retry-After": "2"}) from exc
            self.update(tid, state="awaiting", code_url=url,
                        next_query_at=now + self.query_interval_s)
            return self.view(self.row(tid) or {})

    def status(self, kiosk_id: str, tid: str) -> dict[str, Any]:
        if self._own(kiosk_id, tid) is None:
            raise ApiError(404, "unknown_payment", f"no QR payment {tid}")
        with self.lock(tid):
            return self.view(progress.advance(self, tid))

    def cancel(self, kiosk_id: str, tid: str, reason: Any) -> dict[str, Any]:
        """The kiosk gives up (customer cancelled, or the top-up could not be delivered):
        stop what is open, refund what was paid."""
        if not isinstance(reason, str) or not 0 < len(reason) <= 100:
            raise ApiError(422, "invalid_field", "reason: 1..100 characters", field="reason")
        if self._own(kiosk_id, tid) is None:
            raise ApiError(404, "unknown_payment", f"no QR payment {tid}")
        with self.lock(tid):
            return self.view(progress.cancel(self, tid, reason))

    def notify(self, headers: Mapping[str, str], body: bytes) -> None:
        """A provider notification: verified, deduplicated, applied; raises ApiError."""
        try:
            note = self.need_provider().notification(headers, body, self.clock())
        except ProviderRejected as exc:
            raise ApiError(401, "bad_notification", exc.message) from exc
        progress.notified(self, note)

    def sweep(self) -> int:
        """Advance every open payment whose next query is due (kiosks that went away),
        and refund paid ones whose kiosk transaction record ended without delivery."""
        due = self.db.query("SELECT transaction_id FROM qr_payments WHERE state IN "
                            f"({progress.OPEN_SQL}) AND next_query_at <= ?", (self.clock(),))
        for r in due:
            with self.lock(r["transaction_id"]):
                progress.advance(self, r["transaction_id"])
        undelivered = self.db.query(
            "SELECT q.transaction_id, t.status FROM qr_payments q JOIN transactions t ON"
            " t.transaction_id = q.transaction_id AND t.kiosk_id = q.kiosk_id WHERE"
            " q.state = 'paid' AND t.status NOT IN ('completed', 'credited')")
        for r in undelivered:
            with self.lock(r["transaction_id"]):
                progress.cancel(self, r["transaction_id"], f"not_delivered:{r['status']}")
        return len(due) + len(undelivered)

    def view(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """What the kiosk sees: never the code, the provider's ids or secrets."""
        state = str(row.get("state"))
        out: dict[str, Any] = {"transaction_id": row.get("transaction_id"), "state": state,
                               "mode": row.get("mode"), "amount": row.get("amount"),
                               "currency": row.get("currency"), "wallet": row.get("wallet"),
                               "reason": row.get("reason") if state in progress.REASONED
                               else None, "next_step": progress.NEXT_STEP.get(state),
                               "refunded": row.get("refunded") or 0}
        if row.get("mode") == "native" and state in ("awaiting", "pending"):
            out["code_url"] = row.get("code_url")
            out["expires_in"] = max(0, int(float(row["deadline"]) - self.clock()))
        return out
