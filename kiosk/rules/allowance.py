"""The server-granted offline allowance: the terms under which cash is taken unsynced.

Why the server grants it: cash taken while the server does not know about it is a promise
the operator makes (the money reaches the account later), so the operator sets the terms,
not this kiosk's config. The kiosk fetches ``GET /v1/kiosks/{id}/allowance`` while online
(``KioskCore.renew_allowance``), checks the signature with its own secret (a grant copied
from another kiosk or edited on disk is worthless) and keeps the latest one. Without a
valid, unexpired grant it refuses offline payments. The limits apply whenever records
are waiting for the server (network down *or* queue stalled): one offline payment at
most ``per_transaction``, unacknowledged cash at most ``total`` in at most ``count``
transactions, the oldest at most ``max_age_s`` old; the customer is told the money
arrives within ``credit_within_s``.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from protocol.signing import allowance_signature as signature

INT_FIELDS = ("issued_at", "expires_at", "per_transaction", "total", "count", "max_age_s",
              "credit_within_s")


@dataclass(frozen=True)
class Allowance:
    kiosk_id: str
    serial: str
    currency: str
    issued_at: int
    expires_at: int
    per_transaction: int
    total: int
    count: int
    max_age_s: int
    credit_within_s: int

    def valid(self, now: float) -> bool:
        return self.issued_at - 300 <= now < self.expires_at

    @property
    def credit_within_h(self) -> int:
        """Hours the customer is told ("最迟 X 小时"), rounded up."""
        return max(1, -(-self.credit_within_s // 3600))


def verify(secret: bytes, kiosk_id: str, currency: str, body: Any) -> Allowance:
    """The grant in ``body`` if it is signed with ``secret`` for this kiosk; else ValueError."""
    if not isinstance(body, dict) or not isinstance(body.get("allowance"), dict):
        raise ValueError("not an allowance grant")
    a, sig = body["allowance"], body.get("signature")
    if not isinstance(sig, str) or not hmac.compare_digest(signature(secret, a), sig):
        raise ValueError("allowance signature is not this kiosk's")
    if a.get("kiosk_id") != kiosk_id:
        raise ValueError("allowance is for another kiosk")
    if a.get("currency") != currency:
        raise ValueError("allowance is in another currency")
    for key in INT_FIELDS:
        val = a.get(key)
        if type(val) is not int or val < 0:
            raise ValueError(f"allowance.{key} must be a non-negative integer")
    return Allowance(kiosk_id=kiosk_id, serial=str(a.get("serial", "")), currency=currency,
                     **{k: int(a[k]) for k in INT_FIELDS})
