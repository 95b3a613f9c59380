"""HMAC request signing for the kiosk -> central server protocol (contracts section 2).

Signed string: ``METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nSHA256_HEX(BODY)`` where PATH is the
path as sent on the wire including the query string. The nonce and timestamp stop
replays; the body hash binds the payload, so a proxy cannot alter amounts.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable

import requests
from requests.auth import AuthBase


def signature(secret: bytes, method: str, path: str, timestamp: int, nonce: str,
              body: bytes) -> str:
    """Lowercase hex HMAC-SHA256 of the canonical request string."""
    message = "\n".join([method.upper(), path, str(timestamp), nonce,
                         hashlib.sha256(body).hexdigest()]).encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


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

    def __repr__(self) -> str:  # never print the secret
        return f"HmacAuth(kiosk_id={self.kiosk_id!r})"
