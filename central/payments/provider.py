"""The payment-provider adapter interface the money rules are written against.

An adapter translates one provider's API into these calls. Why outcomes are so
explicit: the one thing money code must never do is guess. ``ProviderUnavailable``
(timeout, connection error, 5xx, SYSTEMERROR/BANKERROR) means the outcome is UNKNOWN
and the caller queries; only a definite answer moves a payment to paid or failed.
Every call is keyed by our ``out_trade_no`` (= the kiosk's transaction id) or
``out_refund_no``, so a retry after a lost reply is the same operation, never a second
charge or refund.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from central.errors import CentralError


class PaymentError(CentralError):
    """Root of the payments package's errors."""


class ProviderUnavailable(PaymentError):
    """No definite answer: the operation may or may not have happened. Query."""


class ProviderRejected(PaymentError):
    """A definite refusal with the provider's ``code`` (e.g. ORDERPAID, NOTENOUGH)."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message or code


class TradeState(enum.Enum):
    SUCCESS = "SUCCESS"
    REFUND = "REFUND"
    NOTPAY = "NOTPAY"
    CLOSED = "CLOSED"
    REVOKED = "REVOKED"
    USERPAYING = "USERPAYING"
    PAYERROR = "PAYERROR"


#: States after which the provider will not take the customer's money any more.
FINAL_UNPAID = frozenset({TradeState.CLOSED, TradeState.REVOKED, TradeState.PAYERROR})
PAID = frozenset({TradeState.SUCCESS, TradeState.REFUND})


@dataclass(frozen=True)
class Trade:
    out_trade_no: str
    state: TradeState
    amount: int = 0
    provider_id: str = ""
    success_time: str = ""
    message: str = ""


@dataclass(frozen=True)
class Notification:
    """A verified, decrypted payment notification."""

    id: str
    event_type: str
    trade: Trade


#: Provider error codes that are a customer-facing decline, with what to do next.
DECLINES = {
    "NOTENOUGH": "insufficient_balance",
    "NOTSUPORTCARD": "card_not_supported",
    "AUTHCODEEXPIRE": "code_expired",
    "AUTH_CODE_ERROR": "code_used",
    "AUTH_CODE_INVALID": "code_invalid",
    "BUYER_MISMATCH": "code_invalid",
    "TRADE_ERROR": "declined",
    "PAYERROR": "declined",
}


class PaymentProvider(Protocol):
    """One provider's API; every method raises ``ProviderUnavailable`` when unsure."""

    name: str

    def micropay(self, out_trade_no: str, amount: int, auth_code: str,
                 description: str) -> Trade:
        """Charge a scanned payment code: SUCCESS, USERPAYING or a ProviderRejected."""

    def native(self, out_trade_no: str, amount: int, description: str,
               expires_at: float) -> str:
        """Create a native order; returns the code URL the kiosk shows as a QR code."""

    def query(self, out_trade_no: str) -> Trade | None:
        """The trade as the provider holds it; None if it never reached the provider."""

    def reverse(self, out_trade_no: str) -> None:
        """Cancel a code payment: unpaid -> revoked, paid -> refunded by the provider."""

    def close(self, out_trade_no: str) -> None:
        """Close a native order; ProviderRejected('ORDERPAID') if it was paid."""

    def refund(self, out_trade_no: str, out_refund_no: str, amount: int, total: int
               ) -> str:
        """Refund to the wallet it came from; the refund status (SUCCESS, PROCESSING)."""

    def statement(self, bill_date: str) -> str:
        """The daily trade statement (``YYYY-MM-DD``) as text, hash checked."""

    def notification(self, headers: Mapping[str, str], body: bytes, now: float
                     ) -> Notification:
        """Verify and decrypt a notification; raises ProviderRejected if it is not ours."""
