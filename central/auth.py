"""Verification of the kiosk request signature (contracts section 2).

Checked in this order, each a 401 with its own error code: known kiosk, timestamp
within MAX_SKEW_S, signature, then the nonce is remembered (a reused nonce is a replay).
The nonce is stored only after the signature checked out, so garbage cannot fill the
table. Nonces older than twice the skew window are purged: older requests fail the
timestamp check anyway.
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
from collections.abc import Callable, Mapping

from central.db import CentralDB
from central.errors import ApiError

MAX_SKEW_S = 300
PURGE_EVERY = 200


def expected_signature(secret: bytes, method: str, path: str, timestamp: str, nonce: str,
                       body: bytes) -> str:
    message = "\n".join([method.upper(), path, timestamp, nonce,
                         hashlib.sha256(body).hexdigest()]).encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


class Verifier:
    def __init__(self, db: CentralDB, clock: Callable[[], float]) -> None:
        self.db = db
        self.clock = clock
        self._since_purge = 0

    def verify(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> str:
        """The authenticated kiosk id, or ApiError(401)."""
        kiosk_id = headers.get("x-kiosk-id", "")
        timestamp = headers.get("x-timestamp", "")
        nonce = headers.get("x-nonce", "")
        sig = headers.get("x-signature", "")
        if not (kiosk_id and timestamp and nonce and sig):
            raise ApiError(401, "missing_auth", "X-Kiosk-Id, X-Timestamp, X-Nonce and "
                                                "X-Signature are required")
        rows = self.db.query("SELECT secret_hex FROM kiosks WHERE kiosk_id = ?", (kiosk_id,))
        if not rows:
            raise ApiError(401, "unknown_kiosk", f"kiosk {kiosk_id!r} is not registered")
        try:
            ts = int(timestamp)
        except ValueError:
            raise ApiError(401, "bad_timestamp",
                           "X-Timestamp must be integer unix seconds") from None
        now = self.clock()
        if abs(now - ts) > MAX_SKEW_S:
            raise ApiError(401, "clock_skew", f"timestamp is {int(ts - now)} s off the server "
                                              f"clock (max {MAX_SKEW_S})",
                           server_time=int(now))
        if len(nonce) > 128:
            raise ApiError(401, "bad_nonce", "nonce too long")
        want = expected_signature(bytes.fromhex(rows[0]["secret_hex"]), method, path, timestamp,
                                  nonce, body)
        if not hmac.compare_digest(want, sig.lower()):
            raise ApiError(401, "bad_signature", "signature does not match")
        try:
            with self.db.tx() as conn:
                conn.execute("INSERT INTO nonces (kiosk_id, nonce, ts) VALUES (?, ?, ?)",
                             (kiosk_id, nonce, now))
                conn.execute("UPDATE kiosks SET last_seen_at = ? WHERE kiosk_id = ?",
                             (now, kiosk_id))
                self._since_purge += 1
                if self._since_purge >= PURGE_EVERY:
                    self._since_purge = 0
                    conn.execute("DELETE FROM nonces WHERE ts < ?", (now - 2 * MAX_SKEW_S,))
        except sqlite3.IntegrityError:
            raise ApiError(401, "reused_nonce", "nonce already used") from None
        return kiosk_id
