"""Verification of the kiosk request signature (docs/protocols.md, Authentication).

Two phases, so nothing is read from an unauthenticated client beyond its headers:
``check_headers`` (presence, shape, known kiosk, timestamp within MAX_SKEW_S) runs before
the body is read; ``verify`` (HMAC over method, path, timestamp, nonce and body hash,
then the nonce is stored once) after. Every failure is the same 401 ``unauthorized``,
whichever check failed, so nobody can learn which kiosk ids exist; the reason goes to
the server log only. The reply carries ``server_time`` so a kiosk can see its clock is off.

Secrets are cached in memory (``SECRET_TTL_S``; unknown ids for ``UNKNOWN_TTL_S``, so a
flood of made-up ids costs no database round trip each) because every request needs one.
Nonces live in ``nonces`` keyed by (kiosk_id, nonce): a replay is a primary-key conflict, whichever
worker saw the first use. Rows older than twice the skew window are useless (such a
timestamp fails the skew check) and are purged by ``central.retention``.
"""

from __future__ import annotations

import hmac
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from central.db import Database
from central.errors import ApiError
from protocol.signing import request_signature as expected_signature

log = logging.getLogger(__name__)

MAX_SKEW_S = 300
SECRET_TTL_S = 30.0
UNKNOWN_TTL_S = 5.0
CACHE_MAX = 50_000
SEEN_EVERY_S = 30.0
KIOSK_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
NONCE = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
TIMESTAMP = re.compile(r"[0-9]{1,12}")
SIGNATURE = re.compile(r"[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class Claim:
    """Headers that passed phase one; ``secret`` is the kiosk's key."""

    kiosk_id: str
    timestamp: str
    nonce: str
    signature: str
    secret: bytes


class Unauthorized(ApiError):
    def __init__(self, reason: str, now: float) -> None:
        super().__init__(401, "unauthorized", "authentication failed", server_time=int(now))
        self.reason = reason


class Verifier:
    def __init__(self, db: Database, clock: Callable[[], float], *,
                 monotonic: Callable[[], float] = time.monotonic,
                 after_verify: Callable[[], None] | None = None) -> None:
        self.db = db
        self.clock = clock
        self.monotonic = monotonic
        self.after_verify = after_verify
        self._cache: dict[str, tuple[float, bytes | None]] = {}
        self._lock = threading.Lock()

    def _fail(self, reason: str, kiosk_id: str = "") -> Unauthorized:
        log.info("authentication failed: %s", reason, extra={"kiosk_id": kiosk_id[:64]})
        return Unauthorized(reason, self.clock())

    def cached_secret(self, kiosk_id: str) -> tuple[bool, bytes | None]:
        """(hit, secret) from memory; a hit with None is a known-unknown id."""
        with self._lock:
            hit = self._cache.get(kiosk_id)
        if hit is None or hit[0] < self.monotonic():
            return False, None
        return True, hit[1]

    def load_secret(self, kiosk_id: str) -> bytes | None:
        """Database look-up (blocking: call from a worker thread) that fills the cache."""
        row = self.db.one("SELECT secret_hex FROM kiosks WHERE kiosk_id = ?", (kiosk_id,))
        secret = bytes.fromhex(row["secret_hex"]) if row else None
        with self._lock:
            if len(self._cache) >= CACHE_MAX:
                self._cache.clear()
            ttl = SECRET_TTL_S if secret is not None else UNKNOWN_TTL_S
            self._cache[kiosk_id] = (self.monotonic() + ttl, secret)
        return secret

    def secret_for_reply(self, kiosk_id: str) -> bytes | None:
        """The secret to sign a reply with: the one the request was verified with (cached
        by then, used even if its TTL ran out during a long poll); a look-up otherwise."""
        with self._lock:
            hit = self._cache.get(kiosk_id)
        return hit[1] if hit is not None else self.load_secret(kiosk_id)

    def forget(self, kiosk_id: str) -> None:
        with self._lock:
            self._cache.pop(kiosk_id, None)

    def parse_headers(self, headers: Mapping[str, str]) -> tuple[str, str, str, str]:
        """Shape checks only (no I/O): (kiosk_id, timestamp, nonce, signature)."""
        kiosk_id = headers.get("x-kiosk-id", "")
        timestamp = headers.get("x-timestamp", "")
        nonce = headers.get("x-nonce", "")
        sig = headers.get("x-signature", "")
        if not (kiosk_id and timestamp and nonce and sig):
            raise self._fail("missing header")
        if not KIOSK_ID.fullmatch(kiosk_id):
            raise self._fail("malformed kiosk id")
        if not TIMESTAMP.fullmatch(timestamp):
            raise self._fail("malformed timestamp", kiosk_id)
        if not NONCE.fullmatch(nonce) or not SIGNATURE.fullmatch(sig):
            raise self._fail("malformed nonce or signature", kiosk_id)
        now = self.clock()
        if abs(now - int(timestamp)) > MAX_SKEW_S:
            raise self._fail(f"clock skew {int(int(timestamp) - now)} s", kiosk_id)
        return kiosk_id, timestamp, nonce, sig

    def claim(self, parsed: tuple[str, str, str, str], secret: bytes | None) -> Claim:
        kiosk_id, timestamp, nonce, sig = parsed
        if secret is None:
            raise self._fail("unknown kiosk", kiosk_id)
        return Claim(kiosk_id, timestamp, nonce, sig, secret)

    def verify(self, claim: Claim, method: str, path: str, body: bytes) -> str:
        """Signature, then the nonce stored once (blocking); the kiosk id, or 401."""
        want = expected_signature(claim.secret, method, path, claim.timestamp, claim.nonce,
                                  body)
        if not hmac.compare_digest(want, claim.signature.lower()):
            raise self._fail("bad signature", claim.kiosk_id)
        now = self.clock()
        with self.db.transaction() as tx:
            fresh = tx.execute("INSERT INTO nonces (kiosk_id, nonce, ts) VALUES (?, ?, ?)"
                               " ON CONFLICT DO NOTHING", (claim.kiosk_id, claim.nonce, now))
            if fresh:  # "last seen" to the nearest SEEN_EVERY_S: one write a kiosk-minute
                tx.execute("UPDATE kiosks SET last_seen_at = ? WHERE kiosk_id = ? AND"
                           " (last_seen_at IS NULL OR last_seen_at < ?)",
                           (now, claim.kiosk_id, now - SEEN_EVERY_S))
        if not fresh:
            raise self._fail("reused nonce", claim.kiosk_id)
        if self.after_verify is not None:
            self.after_verify()
        return claim.kiosk_id
