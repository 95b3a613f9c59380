"""Operator accounts: roles, argon2id password hashes, lockout after repeated failures.

Roles follow separation of duties: hall staff look up payments and request refunds,
finance/auditors approve money corrections and reconcile, dispatchers run the fleet,
admins do everything. A failed login counts against the account (``max_failed_logins``
in a row locks it for ``lockout_s``); an unknown user costs the same hash check, so
timing does not tell which names exist.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from central.backoffice.config import BackofficeConfig
from central.backoffice.errors import BadInput, Conflict, NotFound
from central.backoffice.store import Store

ROLES = ("admin", "finance", "hall", "dispatcher")
PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({"fleet", "command", "alarms", "payments", "vouchers", "refund_request",
                        "approve", "reconcile", "collections", "charts", "audit"}),
    "finance": frozenset({"fleet", "alarms", "payments", "vouchers", "refund_request", "approve",
                          "reconcile", "collections", "charts", "audit"}),
    "hall": frozenset({"payments", "vouchers", "refund_request"}),
    "dispatcher": frozenset({"fleet", "command", "alarms", "charts"}),
}
log = logging.getLogger(__name__)
#: argon2id for test suites only (BackofficeConfig.test_fast_kdf): 1 pass over 1 MiB
FAST_KDF_TIME_COST, FAST_KDF_MEMORY_KIB, FAST_KDF_PARALLELISM = 1, 1024, 1
USERNAME = re.compile(r"^[a-z][a-z0-9_.-]{1,31}$")
MIN_PASSWORD = 10


@dataclass(frozen=True)
class Operator:
    username: str
    display_name: str
    role: str

    def can(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, frozenset())


@dataclass(frozen=True)
class LoginResult:
    operator: Operator | None
    reason: str  # "ok", "bad_credentials", "locked", "inactive"
    locked_until: int | None = None


def password_hasher(config: BackofficeConfig) -> PasswordHasher:
    """Production cost unless the config explicitly asks for the test profile."""
    if config.test_fast_kdf:
        log.warning("back office: test-only fast password hashing is on"
                    " (KIOSK_BACKOFFICE_TEST_FAST_KDF); never use it in a deployment")
        return PasswordHasher(time_cost=FAST_KDF_TIME_COST, memory_cost=FAST_KDF_MEMORY_KIB,
                              parallelism=FAST_KDF_PARALLELISM)
    return PasswordHasher()


class Accounts:
    def __init__(self, store: Store, config: BackofficeConfig,
                 clock: Callable[[], float]) -> None:
        self.store = store
        self.config = config
        self.clock = clock
        self.hasher = password_hasher(config)
        self._dummy = self.hasher.hash("not-a-real-password")

    def add(self, username: str, role: str, password: str, display_name: str = "") -> Operator:
        """Create an operator; BadInput for a bad name/role/password, Conflict if taken."""
        if not USERNAME.match(username):
            raise BadInput("username: 2-32 of a-z 0-9 _ . -, starting with a letter")
        if role not in ROLES:
            raise BadInput(f"role must be one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise BadInput(f"password must be at least {MIN_PASSWORD} characters")
        if self.store.one("SELECT 1 AS x FROM bo_operators WHERE username = ?", (username,)):
            raise Conflict(f"operator {username} already exists")
        self.store.run("INSERT INTO bo_operators (username, display_name, role, password_hash,"
                       " created_at) VALUES (?, ?, ?, ?, ?)",
                       (username, display_name or username, role, self.hasher.hash(password),
                        int(self.clock())))
        return Operator(username, display_name or username, role)

    def get(self, username: str) -> Operator | None:
        row = self.store.one("SELECT username, display_name, role FROM bo_operators"
                             " WHERE username = ? AND active = 1", (username,))
        return Operator(row["username"], row["display_name"], row["role"]) if row else None

    def list(self) -> list[dict[str, object]]:
        return self.store.rows("SELECT username, display_name, role, active, failed_logins,"
                               " locked_until, created_at, last_login_at FROM bo_operators"
                               " ORDER BY username")

    def unlock(self, username: str) -> None:
        if not self.store.run("UPDATE bo_operators SET failed_logins = 0, locked_until = NULL"
                              " WHERE username = ?", (username,)):
            raise NotFound(f"no operator {username}")

    def login(self, username: str, password: str) -> LoginResult:
        """Check a password, counting failures and locking the account after too many."""
        now = int(self.clock())
        row = self.store.one("SELECT * FROM bo_operators WHERE username = ?", (username,))
        if row is None:
            self._check(self._dummy, password)
            return LoginResult(None, "bad_credentials")
        if row["locked_until"] is not None and row["locked_until"] > now:
            return LoginResult(None, "locked", row["locked_until"])
        if not self._check(row["password_hash"], password):
            failures = int(row["failed_logins"]) + 1
            locked = now + self.config.lockout_s if failures >= self.config.max_failed_logins \
                else None
            self.store.run("UPDATE bo_operators SET failed_logins = ?, locked_until = ?"
                           " WHERE username = ?", (0 if locked else failures, locked, username))
            return LoginResult(None, "locked" if locked else "bad_credentials", locked)
        if not row["active"]:
            return LoginResult(None, "inactive")
        new_hash = (self.hasher.hash(password)
                    if self.hasher.check_needs_rehash(row["password_hash"]) else
                    row["password_hash"])
        self.store.run("UPDATE bo_operators SET failed_logins = 0, locked_until = NULL,"
                       " last_login_at = ?, password_hash = ? WHERE username = ?",
                       (now, new_hash, username))
        return LoginResult(Operator(row["username"], row["display_name"], row["role"]), "ok")

    def _check(self, stored: str, password: str) -> bool:
        try:
            return bool(self.hasher.verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False
