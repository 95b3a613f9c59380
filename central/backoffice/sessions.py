"""Login sessions: a random cookie token (only its SHA-256 is stored) and a CSRF token.

A session ends on logout, after ``idle_timeout_s`` without a request (idle logout) or
after ``session_max_s`` in all. The CSRF token is per session and is checked on every
form post; forms before login (the login form itself) use a double-submit cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from central.backoffice.accounts import Accounts, Operator
from central.backoffice.config import BackofficeConfig
from central.backoffice.store import Store


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two tokens (an empty token never matches)."""
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


@dataclass(frozen=True)
class Session:
    operator: Operator
    csrf: str
    token_hash: str


class Sessions:
    def __init__(self, store: Store, accounts: Accounts, config: BackofficeConfig,
                 clock: Callable[[], float]) -> None:
        self.store = store
        self.accounts = accounts
        self.config = config
        self.clock = clock

    def start(self, operator: Operator) -> tuple[str, Session]:
        """A new session; returns the cookie token (shown to the browser only)."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = int(self.clock())
        self.store.run("INSERT INTO bo_sessions (token_hash, username, csrf, created_at,"
                       " last_seen_at) VALUES (?, ?, ?, ?, ?)",
                       (_digest(token), operator.username, csrf, now, now))
        return token, Session(operator, csrf, _digest(token))

    def resume(self, token: str | None) -> tuple[Session | None, str]:
        """The live session for a cookie token and "ok", or None and why ("none"/"idle")."""
        if not token:
            return None, "none"
        digest = _digest(token)
        row = self.store.one("SELECT * FROM bo_sessions WHERE token_hash = ?", (digest,))
        if row is None:
            return None, "none"
        now = int(self.clock())
        if (now - row["last_seen_at"] > self.config.idle_timeout_s
                or now - row["created_at"] > self.config.session_max_s):
            self.store.run("DELETE FROM bo_sessions WHERE token_hash = ?", (digest,))
            return None, "idle"
        operator = self.accounts.get(row["username"])
        if operator is None:  # deactivated or removed while logged in
            self.store.run("DELETE FROM bo_sessions WHERE token_hash = ?", (digest,))
            return None, "none"
        self.store.run("UPDATE bo_sessions SET last_seen_at = ? WHERE token_hash = ?",
                       (now, digest))
        return Session(operator, row["csrf"], digest), "ok"

    def end(self, session: Session) -> None:
        self.store.run("DELETE FROM bo_sessions WHERE token_hash = ?", (session.token_hash,))

    def purge(self) -> int:
        """Drop sessions idle past the timeout (called now and then)."""
        cutoff = int(self.clock()) - self.config.idle_timeout_s
        return self.store.run("DELETE FROM bo_sessions WHERE last_seen_at < ?", (cutoff,))
