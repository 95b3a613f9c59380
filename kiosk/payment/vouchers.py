"""Vouchers as tender: reserve at the server, hold in the ledger, redeem or release.

Why the server first: a voucher issued at one kiosk is spendable at every kiosk, so only
the server's ledger can say how much it still holds and make sure it is spent once
fleet-wide (money rule 11). The flow for one code in one payment (session id = the
transaction id):

1. ``apply``: online, ``reserve`` the code (held for this session for 15 minutes) and
   hold ``min(balance, what is still due)`` in the ledger as tender; the rest stays on
   the code. Offline (or the server unreachable), only **the offline rule**: a voucher
   this kiosk issued itself whose ``issued`` record is still in the outbox (the server
   has not seen it, so nobody else can have spent it).
2. ``Ledger.finalize`` redeems the held tender when the payment completes (a ``voucher``
   outbox record under the redemption id) and releases it otherwise.
3. ``settle`` (after the end, off the customer's path): the online ``redeem`` /
   ``release`` calls, idempotent, so the server frees the code at once; if they fail the
   outbox record (redeem) or the reservation's time limit (release) does the same later.
   Crash recovery calls ``settle`` too.

Before any payment (the home screen's "use a voucher"), ``balance`` only reads: the
server's ``voucher_balance`` holds nothing, so the look-up cannot block the voucher.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from kiosk.errors import MalformedReply, ServerRejected, ServerUnavailable, ValidationError
from kiosk.ledger.ledger import Ledger
from kiosk.ledger.states import TenderState
from kiosk.rules.vouchers import normalize_code

log = logging.getLogger(__name__)

#: The server's refusal codes in customer-facing core words (ui.texts.explain maps them).
REFUSALS = {
    "invalid_code": "not a valid voucher code",
    "unknown_voucher": "unknown voucher code",
    "voucher_spent": "voucher already used",
    "voucher_reserved": "voucher is in use at another session, try again later",
    "voucher_expired": "voucher has expired",
    "refund_pending": "voucher is being refunded at the service hall",
    "insufficient_balance": "voucher already used",
    "too_many_attempts": "too many voucher attempts, try again later",
}
#: The server's balance states that cannot be spent now, as the refusal they amount to
#: (a refunded voucher's value was paid out at the hall: it is used).
STATE_REFUSALS = {"reserved": "voucher_reserved", "redeemed": "voucher_spent",
                  "expired": "voucher_expired", "refund_pending": "refund_pending",
                  "refunded": "voucher_spent"}
OFFLINE_REFUSAL = ("offline: only vouchers issued at this kiosk and not yet sent to the "
                   "server can be used now")


class VoucherServer(Protocol):
    @property
    def online(self) -> bool: ...
    def voucher_balance(self, code: str, session_id: str | None = None
                        ) -> dict[str, Any]: ...
    def reserve_voucher(self, code: str, session_id: str) -> dict[str, Any]: ...
    def redeem_voucher(self, code: str, session_id: str, redemption_id: str, amount: int,
                       transaction_id: str | None = None) -> dict[str, Any]: ...
    def release_voucher(self, code: str, session_id: str) -> bool: ...


@dataclass(frozen=True)
class Applied:
    code: str
    amount: int  # taken as tender now
    balance: int  # what the code held before
    channel: str  # online | offline

    @property
    def remainder(self) -> int:
        """What stays on the code after this payment (shown and printed)."""
        return self.balance - self.amount


@dataclass(frozen=True)
class Balance:
    """What a code holds now, looked up before any payment (the home screen's entry)."""

    code: str
    balance: int
    channel: str  # online | offline


class VoucherDesk:
    def __init__(self, ledger: Ledger, server: VoucherServer | None, currency: str) -> None:
        self.ledger = ledger
        self.server = server
        self.currency = currency

    def apply(self, txn_id: str, text: str, want: int) -> Applied:
        """Hold up to ``want`` of the voucher ``text`` as tender of ``txn_id``."""
        code = normalize_code(text)
        if code is None:
            raise ValidationError(REFUSALS["invalid_code"])
        if want <= 0:
            raise ValidationError("nothing more to pay")
        if self.server is not None and self.server.online:
            try:
                return self._online(txn_id, code, want)
            except ServerUnavailable:
                log.info("voucher %s: server unreachable, trying the offline rule", code[-4:])
        return self._offline(txn_id, code, want)

    def balance(self, text: str) -> Balance:
        """What the voucher ``text`` holds, without spending or holding any of it.

        Online: the server's read-only ``voucher_balance`` (its lookup limit applies; a
        state other than ``active`` is refused with the words of the matching reserve
        refusal); an unknown code this kiosk issued moments ago, and a server that cannot
        be asked, fall back to the offline rule."""
        code = normalize_code(text)
        if code is None:
            raise ValidationError(REFUSALS["invalid_code"])
        if self.server is not None and self.server.online:
            try:
                res = self.server.voucher_balance(code)
            except ServerRejected as exc:
                if not (str(exc) == "unknown_voucher" and self.ledger.own_unseen_voucher(code)):
                    raise ValidationError(REFUSALS.get(str(exc), "unknown voucher code")
                                          ) from exc
            except (ServerUnavailable, MalformedReply):
                log.info("voucher %s: server unreachable, trying the offline rule", code[-4:])
            else:
                state = str(res["state"])
                if state != "active":
                    raise ValidationError(REFUSALS[STATE_REFUSALS.get(state, "voucher_spent")])
                if res["currency"] != self.currency:
                    raise ValidationError("voucher is in another currency")
                return Balance(code, int(res["balance"]), "online")
        return Balance(code, self._own_unseen_left(code), "offline")

    def _online(self, txn_id: str, code: str, want: int) -> Applied:
        assert self.server is not None
        try:
            res = self.server.reserve_voucher(code, txn_id)
        except ServerRejected as exc:
            if str(exc) == "unknown_voucher" and self.ledger.own_unseen_voucher(code):
                # issued here moments ago, its record not yet delivered: the offline rule
                return self._offline(txn_id, code, want)
            raise ValidationError(REFUSALS.get(str(exc), "unknown voucher code")) from exc
        except MalformedReply as exc:
            raise ServerUnavailable(f"voucher reserve: {exc}") from exc
        balance = int(res["balance"])
        if res.get("currency", self.currency) != self.currency:
            self._release_quietly(code, txn_id)
            raise ValidationError("voucher is in another currency")
        amount = min(balance, want)
        try:
            self.ledger.apply_voucher(txn_id, code, amount, balance=balance, channel="online",
                                      reserved_until=int(res.get("reserved_until") or 0))
        except Exception:
            self._release_quietly(code, txn_id)
            raise
        return Applied(code, amount, balance, "online")

    def _own_unseen_left(self, code: str) -> int:
        """The offline rule: what is left on a voucher this kiosk issued and the server
        has not seen yet; anything else cannot be used (or looked at) offline."""
        own = self.ledger.own_unseen_voucher(code)
        if own is None:
            raise ServerUnavailable(OFFLINE_REFUSAL)
        _, left, currency = own
        if currency != self.currency:
            raise ValidationError("voucher is in another currency")
        if left <= 0:
            raise ValidationError(REFUSALS["voucher_spent"])
        return left

    def _offline(self, txn_id: str, code: str, want: int) -> Applied:
        left = self._own_unseen_left(code)
        amount = min(left, want)
        self.ledger.apply_voucher(txn_id, code, amount, balance=left, channel="offline")
        return Applied(code, amount, left, "offline")

    def settle(self) -> int:
        """Tell the server about every ended online tender it has not answered; returns
        how many it answered. Never raises (the outbox and the reservation's time limit
        are the fallbacks)."""
        if self.server is None:
            return 0
        done = 0
        for t in self.ledger.voucher_tenders(unsettled=True):
            try:
                if t["state"] == TenderState.REDEEMED:
                    self.server.redeem_voucher(t["code"], t["transaction_id"],
                                               t["redemption_id"], int(t["amount"]),
                                               t["transaction_id"])
                else:
                    self.server.release_voucher(t["code"], t["transaction_id"])
            except ServerRejected as exc:
                # The outbox record gets the final word (parked + alarm if refused).
                log.warning("voucher %s %s refused: %s", t["code"][-4:], t["state"], exc)
            except (ServerUnavailable, MalformedReply) as exc:
                log.info("voucher %s %s not answered: %s", t["code"][-4:], t["state"], exc)
                continue
            self.ledger.tender_settled(int(t["id"]))
            done += 1
        return done

    def _release_quietly(self, code: str, session_id: str) -> None:
        if self.server is None:
            return
        try:
            self.server.release_voucher(code, session_id)
        except Exception:  # the reservation lapses by itself
            log.info("release of voucher %s failed", code[-4:])
