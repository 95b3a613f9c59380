"""The provider emulator's ledger: trades, refunds and what the customer does.

Why a separate book: the HTTP side (``emulator_app.py``) only translates; the
behaviour a test needs (a customer confirming on the phone, a code used twice, a
payment landing after the order closed) lives here, driven by explicit calls so tests
never sleep. Modelled on WeChat Pay v3 semantics (see docs/payment.md).

A scanned code's behaviour follows its last digit unless ``script`` says otherwise, so
the demo works without setup: 0-5 success, 6 user paying then success after
``confirm_after`` queries, 7 user paying until reversed, 8 NOTENOUGH, 9 one
SYSTEMERROR (outcome unknown) and then success. A code is single use: the second
charge with it is AUTH_CODE_ERROR, whatever happened the first time.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

BEHAVIOURS = ("success", "paying_then_success", "paying_forever", "decline", "unknown_once")
BY_DIGIT = {"6": "paying_then_success", "7": "paying_forever", "8": "decline",
            "9": "unknown_once"}


class BookError(Exception):
    """A provider error reply: HTTP ``status``, ``code`` and message."""

    def __init__(self, status: int, code: str, message: str = "") -> None:
        super().__init__(f"{code}: {message}")
        self.status, self.code, self.message = status, code, message or code


@dataclass
class EmuTrade:
    out_trade_no: str
    kind: str  # CODEPAY or NATIVE
    amount: int
    description: str
    created_at: float
    state: str = "NOTPAY"
    provider_id: str = ""
    success_time: float | None = None
    auth_code: str = ""
    behaviour: str = "success"
    queries: int = 0
    refunds: list[str] = field(default_factory=list)


@dataclass
class EmuRefund:
    out_refund_no: str
    out_trade_no: str
    amount: int
    created_at: float
    status: str = "SUCCESS"


class Book:
    def __init__(self, clock: Callable[[], float] = time.time, confirm_after: int = 2) -> None:
        self.clock = clock
        self.confirm_after = confirm_after
        self.trades: dict[str, EmuTrade] = {}
        self.refunds: dict[str, EmuRefund] = {}
        self.used_codes: set[str] = set()
        self.script: dict[str, str] = {}
        self.on_paid: Callable[[EmuTrade], None] = lambda _t: None
        self.lock = threading.RLock()
        self._seq = 0

    def _provider_id(self) -> str:
        self._seq += 1
        return f"4200{int(self.clock()):010d}{self._seq:06d}"

    def _paid(self, trade: EmuTrade) -> None:
        trade.state = "SUCCESS"
        trade.provider_id = trade.provider_id or self._provider_id()
        trade.success_time = self.clock()
        self.on_paid(trade)

    # -- API operations ----------------------------------------------------------------
    def codepay(self, out_trade_no: str, amount: int, auth_code: str, description: str
                ) -> EmuTrade:
        with self.lock:
            known = self.trades.get(out_trade_no)
            if known is not None:
                if known.auth_code != auth_code or known.amount != amount:
                    raise BookError(403, "OUT_TRADE_NO_USED", "out_trade_no already used")
                if known.behaviour == "unknown_once":
                    known.behaviour = "success"
                    self._paid(known)
                return known  # the same request again: idempotent
            if not (auth_code.isdigit() and len(auth_code) == 18 and
                    auth_code[:2] in ("10", "11", "12", "13", "14", "15")):
                raise BookError(400, "AUTH_CODE_INVALID", "not a WeChat payment code")
            if auth_code in self.used_codes:
                raise BookError(403, "AUTH_CODE_ERROR", "payment code already used")
            self.used_codes.add(auth_code)
            behaviour = self.script.get(auth_code) or BY_DIGIT.get(auth_code[-1], "success")
            trade = EmuTrade(out_trade_no, "CODEPAY", amount, description, self.clock(),
                             auth_code=auth_code, behaviour=behaviour)
            if behaviour == "decline":
                trade.state = "PAYERROR"
                self.trades[out_trade_no] = trade
                raise BookError(403, "NOTENOUGH", "insufficient balance")
            self.trades[out_trade_no] = trade
            if behaviour == "unknown_once":
                trade.state = "USERPAYING"
                raise BookError(500, "SYSTEMERROR", "system busy")
            if behaviour in ("paying_then_success", "paying_forever"):
                trade.state = "USERPAYING"
            else:
                self._paid(trade)
            return trade

    def native(self, out_trade_no: str, amount: int, description: str) -> str:
        with self.lock:
            known = self.trades.get(out_trade_no)
            if known is not None and (known.kind != "NATIVE" or known.amount != amount):
                raise BookError(403, "OUT_TRADE_NO_USED", "out_trade_no already used")
            if known is None:
                self.trades[out_trade_no] = EmuTrade(out_trade_no, "NATIVE", amount,
                                                     description, self.clock())
            digest = hashlib.sha256(out_trade_no.encode()).hexdigest()[:12]
            return f"weixin://wxpay/bizpayurl?pr=emu{digest}"

    def query(self, out_trade_no: str) -> EmuTrade:
        with self.lock:
            trade = self.trades.get(out_trade_no)
            if trade is None:
                raise BookError(404, "ORDER_NOT_EXIST", "no such order")
            trade.queries += 1
            if trade.state == "USERPAYING" and trade.behaviour == "paying_then_success" \
                    and trade.queries >= self.confirm_after:
                self._paid(trade)
            elif trade.state == "USERPAYING" and trade.behaviour == "unknown_once":
                trade.behaviour = "success"
                self._paid(trade)
            return trade

    def reverse(self, out_trade_no: str) -> EmuTrade:
        with self.lock:
            trade = self.trades.get(out_trade_no)
            if trade is None:
                raise BookError(404, "ORDER_NOT_EXIST", "no such order")
            if trade.state in ("SUCCESS", "USERPAYING", "NOTPAY", "PAYERROR"):
                if trade.state == "SUCCESS":
                    self.refunds[f"REV-{out_trade_no}"] = EmuRefund(
                        f"REV-{out_trade_no}", out_trade_no, trade.amount, self.clock())
                trade.state = "REVOKED"
            return trade

    def close(self, out_trade_no: str) -> None:
        with self.lock:
            trade = self.trades.get(out_trade_no)
            if trade is None:
                raise BookError(404, "ORDER_NOT_EXIST", "no such order")
            if trade.state in ("SUCCESS", "REFUND"):
                raise BookError(400, "ORDERPAID", "order paid")
            trade.state = "CLOSED"

    def refund(self, out_trade_no: str, out_refund_no: str, amount: int, total: int
               ) -> EmuRefund:
        with self.lock:
            known = self.refunds.get(out_refund_no)
            if known is not None:
                return known
            trade = self.trades.get(out_trade_no)
            if trade is None or trade.state not in ("SUCCESS", "REFUND"):
                raise BookError(400, "TRADE_NOT_PAID", "nothing paid to refund")
            if total != trade.amount or amount <= 0 or amount + sum(
                    self.refunds[r].amount for r in trade.refunds) > trade.amount:
                raise BookError(400, "INVALID_REQUEST", "refund amount out of range")
            refund = EmuRefund(out_refund_no, out_trade_no, amount, self.clock())
            self.refunds[out_refund_no] = refund
            trade.refunds.append(out_refund_no)
            trade.state = "REFUND"
            return refund

    # -- the customer's phone ------------------------------------------------------------
    def customer_pays(self, out_trade_no: str, *, even_if_closed: bool = False) -> EmuTrade:
        """The customer confirms a native order (``even_if_closed``: the race where the
        payment lands as the merchant closes the order)."""
        with self.lock:
            trade = self.trades[out_trade_no]
            if trade.state == "NOTPAY" or (even_if_closed and trade.state == "CLOSED"):
                self._paid(trade)
            return trade
