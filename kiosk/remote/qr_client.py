"""The kiosk's side of QR payments: the server's ``/v1/qr`` endpoints, typed.

Why through ``ServerClient``: the same authentication, timeouts, reply checks and
online/offline tracking as every other interactive call (QR payments are online only,
so ``online`` decides whether 扫码支付 is offered). The payment code goes out in one
request body and is kept nowhere: not in this object, not in logs, not in the journal.

Errors are ServerClient's: ``ServerUnavailable`` (retry-safe: every call is keyed by
the transaction id, so repeating it continues the same payment), ``ServerRejected``
(with the server's error code, e.g. ``code_used``), ``MalformedReply``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from kiosk.errors import MalformedReply
from kiosk.remote.server_client import ServerClient

#: States after which nothing more happens to a payment (see docs/protocols.md).
FINAL = frozenset({"paid", "failed", "reversed", "closed", "refunded", "refund_failed"})


@dataclass(frozen=True)
class QrOffer:
    available: bool
    wallets: tuple[str, ...]
    modes: tuple[str, ...]
    native_ttl_s: int
    user_paying_timeout_s: int


@dataclass(frozen=True)
class QrStatus:
    transaction_id: str
    state: str
    mode: str
    amount: int
    wallet: str
    reason: str | None
    next_step: str | None
    refunded: int = 0
    code_url: str | None = None
    expires_in: int | None = None

    @property
    def final(self) -> bool:
        return self.state in FINAL

    @property
    def paid(self) -> bool:
        return self.state == "paid"


def _status(body: Any) -> QrStatus:
    try:
        amount, refunded = body["amount"], body.get("refunded", 0)
        if type(amount) is not int or type(refunded) is not int:
            raise ValueError("amounts must be integers")
        expires = body.get("expires_in")
        return QrStatus(str(body["transaction_id"]), str(body["state"]), str(body["mode"]),
                        amount, str(body.get("wallet") or ""), body.get("reason"),
                        body.get("next_step"), refunded, body.get("code_url"),
                        expires if type(expires) is int else None)
    except (KeyError, TypeError, ValueError) as exc:
        raise MalformedReply(f"QR payment reply: {exc}") from exc


class QrClient:
    def __init__(self, server: ServerClient) -> None:
        self.server = server

    @property
    def online(self) -> bool:
        return self.server.online

    def offer(self) -> QrOffer:
        body = self.server._request("GET", "/v1/qr/wallets")
        try:
            return QrOffer(bool(body["available"]), tuple(map(str, body["wallets"])),
                           tuple(map(str, body["modes"])), int(body["native_ttl_s"]),
                           int(body["user_paying_timeout_s"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedReply(f"QR wallets reply: {exc}") from exc

    def charge(self, transaction_id: str, amount: int, code: str, description: str
               ) -> QrStatus:
        """Charge a scanned payment code (the customer shows it to the scanner)."""
        return _status(self.server._request("POST", "/v1/qr/charges", {
            "transaction_id": transaction_id, "amount": amount, "code": code,
            "description": description}))

    def order(self, transaction_id: str, amount: int, description: str) -> QrStatus:
        """A dynamic QR code for the customer to scan (``code_url``, ``expires_in``)."""
        return _status(self.server._request("POST", "/v1/qr/orders", {
            "transaction_id": transaction_id, "amount": amount, "description": description}))

    def status(self, transaction_id: str) -> QrStatus:
        return _status(self.server._request(
            "GET", f"/v1/qr/payments/{quote(transaction_id, safe='')}"))

    def cancel(self, transaction_id: str, reason: str) -> QrStatus:
        """Stop an open payment, or refund a paid one whose service was not delivered."""
        return _status(self.server._request(
            "POST", f"/v1/qr/payments/{quote(transaction_id, safe='')}/cancel",
            {"reason": reason}))
