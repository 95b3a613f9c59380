"""HMAC request signing for the kiosk -> central server protocol (contracts section 2).

Signed string: ``METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nSHA256_HEX(BODY)`` where PATH is the
path as sent on the wire including the query string. The nonce and timestamp stop
replays; the body hash binds the payload, so a proxy cannot alter amounts.

Replies are signed too (the reply-signature contract): the server answers every
authenticated request with ``X-Reply-Signature = hex(HMAC-SHA256(secret, "REPLY\n" +
NONCE + "\n" + STATUS + "\n" + SHA256_HEX(BODY)))`` over the nonce this request sent.
Why: a 200 from a captive portal or a meddling proxy must never count as the server's
acknowledgement; only the server knows the kiosk's secret, and the nonce ties the reply
to this one request.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable

import requests
from requests.auth import AuthBase

from protocol.signing import reply_signature
from protocol.signing import request_signature as signature

REPLY_HEADER = "X-Reply-Signature"


class HmacAuth(AuthBase):
    """Signs every request a ``requests.Session`` sends; a retry gets a fresh nonce."""

    def __init__(self, kiosk_id: str, secret: bytes, clock: Callable[[], float] = time.time,
                 nonce: Callable[[], str] = secrets.token_hex) -> None:
        self.kiosk_id = kiosk_id
        self._secret = secret
        self._clock = clock
        self._nonce = nonce

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        body = r.body or b""
        if isinstance(body, str):
            body = body.encode()
        if not isinstance(body, bytes):
            raise TypeError("HmacAuth can only sign in-memory bodies (bytes or str)")
        timestamp = int(self._clock())
        nonce = self._nonce()
        r.headers["X-Kiosk-Id"] = self.kiosk_id
        r.headers["X-Timestamp"] = str(timestamp)
        r.headers["X-Nonce"] = nonce
        r.headers["X-Signature"] = signature(self._secret, r.method or "GET", r.path_url,
                                             timestamp, nonce, body)
        return r

    def reply_is_authentic(self, nonce: str, status: int, body: bytes, sig: str) -> bool:
        """True only for the server's signature over this request's ``nonce``."""
        if not (nonce and sig):
            return False
        return hmac.compare_digest(reply_signature(self._secret, nonce, status, body),
                                   sig.strip().lower())

    def authentic(self, resp: requests.Response) -> bool:
        """Whether ``resp`` is our server's answer to the request that produced it."""
        nonce = str(resp.request.headers.get("X-Nonce", "")) if resp.request else ""
        return self.reply_is_authentic(nonce, resp.status_code, resp.content or b"",
                                       resp.headers.get(REPLY_HEADER, ""))

    def __repr__(self) -> str:  # never print the secret
        return f"HmacAuth(kiosk_id={self.kiosk_id!r})"
