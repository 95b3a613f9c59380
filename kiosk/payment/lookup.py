"""Find my payment: from a scanned or typed receipt reference to the payment's state.

Why only by signed reference: browsing payments by phone number would show anyone's
top-ups to whoever types a number. A full reference carries a MAC; a typed short number
carries six check digits, and wrong tries are limited (five, then a one-minute pause) so
the digits cannot be guessed at the keypad. "Not found" and "wrong check digits" give the
same answer, so the kiosk is no oracle for which sequence numbers exist.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.ledger.states import FINAL
from kiosk.rules.receipt_ref import BadReference, parse, parse_short, short_check, sign, verify

MAX_TRIES = 5
LOCKOUT_S = 60.0


class LookupLocked(BadReference):
    """Too many wrong references in a row: the search pauses."""

    def __init__(self, wait_s: int) -> None:
        super().__init__(f"too many tries: wait {wait_s} s")
        self.wait_s = wait_s


@dataclass(frozen=True)
class FoundPayment:
    transaction_id: str
    seq: int
    status: str  # a kiosk_transactions status; not final means "still in progress"
    service: str
    biller: str | None
    account: str
    currency: str
    total: int
    voucher_code: str | None
    completed_at: str | None
    delivered: bool | None  # server has it (True), waiting (False), nothing to send (None)
    #: Supplementary credits of this payment: a note that reached the cassette after the
    #: payment ended (a late note), credited as a voucher (code, amount) to this customer.
    late_credits: tuple[tuple[str, int], ...] = field(default=())

    @property
    def final(self) -> bool:
        return self.status in FINAL


class PaymentLookup:
    def __init__(self, store: Any, key: bytes, kiosk_id: str, clock: Callable[[], float],
                 *, max_tries: int = MAX_TRIES, lockout_s: float = LOCKOUT_S) -> None:
        self.store = store
        self.key = key
        self.kiosk_id = kiosk_id
        self.clock = clock
        self.max_tries = max_tries
        self.lockout_s = lockout_s
        self._failures = 0
        self._locked_until = 0.0

    def reference(self, transaction_id: str) -> str:
        return sign(self.key, self.kiosk_id, transaction_id).text

    def short_number(self, transaction_id: str, seq: int) -> str:
        return f"{seq}-{short_check(self.key, self.kiosk_id, transaction_id)}"

    def find(self, text: str) -> FoundPayment:
        """The payment ``text`` (full reference, check URL or short number) points to.

        BadReference ("not found") for anything else; LookupLocked after too many.
        """
        now = self.clock()
        if now < self._locked_until:
            raise LookupLocked(int(self._locked_until - now) + 1)
        try:
            found = self._find(text)
        except BadReference:
            self._failures += 1
            if self._failures >= self.max_tries:
                self._failures = 0
                self._locked_until = now + self.lockout_s
            raise BadReference("no payment with this reference at this kiosk") from None
        self._failures = 0
        return found

    def _find(self, text: str) -> FoundPayment:
        if "." in text:
            ref = parse(text)
            if ref.kiosk_id != self.kiosk_id:
                raise BadReference("another kiosk's receipt")
            verify(self.key, ref)
            rows = self.store.query("SELECT * FROM kiosk_transactions WHERE id = ?",
                                    (ref.transaction_id,))
        else:
            seq, check = parse_short(text)
            rows = self.store.query("SELECT * FROM kiosk_transactions WHERE seq = ?", (seq,))
            expected = short_check(self.key, self.kiosk_id, rows[0]["id"]) if rows else "x"
            if not hmac.compare_digest(expected, check):
                raise BadReference("check digits do not match")
        if not rows:
            raise BadReference("no such transaction")
        return self._found(rows[0])

    def _found(self, row: dict[str, Any]) -> FoundPayment:
        sent = self.store.query("SELECT state FROM outbox WHERE record_id = ?", (row["id"],))
        delivered = None if not sent else sent[0]["state"] == "sent"
        late = self.store.query("SELECT voucher_code, total FROM kiosk_transactions WHERE"
                                " origin = ? AND voucher_code IS NOT NULL ORDER BY seq",
                                (row["id"],))
        return FoundPayment(
            transaction_id=str(row["id"]), seq=int(row["seq"]), status=str(row["status"]),
            service=str(row["service"]), biller=row["biller"], account=str(row["account"]),
            currency=str(row["currency"]), total=int(row["total"]),
            voucher_code=row["voucher_code"], completed_at=row["completed_at"],
            delivered=delivered,
            late_credits=tuple((str(r["voucher_code"]), int(r["total"])) for r in late))
