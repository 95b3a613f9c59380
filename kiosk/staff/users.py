"""Maintenance users: roles, salted scrypt PINs, lockout after repeated failures.

PIN hashing: ``hashlib.scrypt`` with a 16-byte random salt per user, n=2**14, r=8, p=1,
dklen=32 (about 16 MiB and tens of milliseconds per check: cheap for one login, costly
for an offline guesser of a 6-digit PIN). The parameters are stored with each hash
(``scrypt$n$r$p$salt$hash``), so they can be raised later without breaking old users.

Lockout: ``max_failures`` (5) wrong PINs in a row lock the user for ``lockout_s``
(30 minutes); while locked even the right PIN is refused, so guessing cannot continue.
Counters live in SQLite, so a restart does not reset them. Every change is audited in
the same transaction as the change itself.

Staff numbers: the kiosk's login asks for a staff number (工号) on the keypad, then the
PIN, instead of listing every user name to whoever finds the hidden gesture. Numbers are
assigned from 1001 up when a user is added (migration 2 numbers existing users the same
way). An unknown number is answered exactly like a known one with a wrong PIN (the same
scrypt cost, the same "tries left" count and the same lock, kept in memory per number),
so the keypad is no oracle for which numbers exist.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.errors import KioskError
from kiosk.ledger.audit import Auditor
from offline_queue import Store
from protocol.wire import iso

NAMESPACE = "maintenance"
MIGRATIONS: list[tuple[int, str]] = [
    (1, """
CREATE TABLE maint_users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('technician', 'collector', 'admin')),
    pin_hash TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until REAL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE TABLE maint_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""),
    (2, """
ALTER TABLE maint_users ADD COLUMN staff_no TEXT;
UPDATE maint_users SET staff_no = CAST(1000 + rowid AS TEXT);
CREATE UNIQUE INDEX maint_users_staff_no ON maint_users (staff_no);
"""),
]

FIRST_STAFF_NO = 1001
STAFF_NO_PATTERN = re.compile(r"^\d{4,8}$")
PIN_PATTERN = re.compile(r"^\d{6,12}$")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{2,32}$")
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN = 2**14, 8, 1, 32


class Role(enum.Enum):
    TECHNICIAN = "technician"
    COLLECTOR = "collector"
    ADMIN = "admin"


class AuthError(KioskError):
    """Login refused; ``locked_until`` (unix time) is set when the user is locked out.

    The message never says whether the name or the PIN was wrong.
    """

    def __init__(self, message: str, locked_until: float | None = None,
                 tries_left: int | None = None) -> None:
        super().__init__(message)
        self.locked_until = locked_until
        #: Wrong PINs still allowed before the lock; None for a user name that is not
        #: known (only the shell logs in by name). An unknown staff number gets a count.
        self.tries_left = tries_left


def login_refusal(exc: AuthError) -> str:
    """What a refused login tells the person, in the words of the staff login screen
    (ui/maintenance/flow.py, its English source text): the shell says what the screen says,
    with the tries left or the local time the lock ends."""
    if exc.locked_until is not None:
        until = datetime.fromtimestamp(exc.locked_until).strftime("%H:%M")
        return f"Too many wrong PINs: locked until {until}."
    if exc.tries_left:
        return f"Wrong PIN. {exc.tries_left} more tries before a lock."
    return "Wrong PIN. Please try again."


class UserError(KioskError):
    """A user cannot be created or changed (bad name, weak PIN, duplicate)."""


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    staff_no: str = field(default="", compare=False)


def hash_pin(pin: str, *, n: int = SCRYPT_N, salt: bytes | None = None) -> str:
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=SCRYPT_DKLEN, maxmem=256 * n * SCRYPT_R)
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    """Constant-time comparison; a malformed stored hash never matches."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(digest) // 2, maxmem=256 * int(n) * int(r))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(got.hex(), digest)


class UserStore:
    """Users in the shared store; ``clock`` (unix seconds) is injectable for lockout tests."""

    def __init__(self, store: Store, auditor: Auditor, clock: Callable[[], float], *,
                 max_failures: int = 5, lockout_s: float = 1800.0,
                 scrypt_n: int = SCRYPT_N) -> None:
        store.register_migrations(NAMESPACE, MIGRATIONS)
        self._store = store
        self._audit = auditor
        self._clock = clock
        self.max_failures = max_failures
        self.lockout_s = lockout_s
        self._n = scrypt_n
        # One dummy hash so an unknown name costs as much time as a wrong PIN.
        self._dummy = hash_pin("000000", n=scrypt_n)
        # Wrong tries at unknown staff numbers: (failures, locked_until) per number, so the
        # answer reads as for a real user. In memory: a restart forgets them, which only
        # gives a guesser back what it already knew (that the number is unknown to it).
        self._phantoms: dict[str, tuple[int, float | None]] = {}

    def add(self, name: str, role: Role, pin: str, *, by: User | None = None) -> User:
        if not NAME_PATTERN.match(name):
            raise UserError("name: 2-32 letters, digits, '.', '_' or '-'")
        if not PIN_PATTERN.match(pin):
            raise UserError("PIN: 6 to 12 digits")
        if len(set(pin)) == 1 or pin in "01234567890123" or pin in "9876543210987":
            raise UserError("PIN: too easy to guess (all same digit or a run)")
        with self._store.atomic() as tx:
            if tx.execute("SELECT 1 FROM maint_users WHERE name = ?", (name,)).fetchone():
                raise UserError(f"user {name!r} already exists")
            top = tx.execute("SELECT MAX(CAST(staff_no AS INTEGER)) FROM maint_users"
                             ).fetchone()[0]
            staff_no = str(max(FIRST_STAFF_NO, int(top or 0) + 1))
            tx.execute("INSERT INTO maint_users (name, role, pin_hash, created_at, staff_no) "
                       "VALUES (?, ?, ?, ?, ?)",
                       (name, role.value, hash_pin(pin, n=self._n), iso(self._clock()),
                        staff_no))
            self._audit.record_in(tx, by.name if by else "bootstrap",
                                  by.role.value if by else "admin", "user.add",
                                  {"name": name, "role": role.value, "staff_no": staff_no})
        return User(name, role, staff_no)

    def list(self) -> list[dict[str, object]]:
        now = self._clock()
        return [{"name": r["name"], "staff_no": r["staff_no"], "role": r["role"],
                 "active": bool(r["active"]),
                 "locked": r["locked_until"] is not None and r["locked_until"] > now,
                 "created_at": r["created_at"]}
                for r in self._store.query("SELECT * FROM maint_users ORDER BY name")]

    def has_admin(self) -> bool:
        return bool(self._store.query(
            "SELECT 1 FROM maint_users WHERE role = 'admin' AND active = 1 LIMIT 1"))

    def authenticate_number(self, staff_no: str, pin: str) -> User:
        """The user with this staff number for a correct PIN; AuthError otherwise.

        Unknown or malformed numbers get the answers a known number with a wrong PIN gets.
        """
        rows = (self._store.query("SELECT name FROM maint_users WHERE staff_no = ? AND"
                                  " active = 1", (staff_no,))
                if STAFF_NO_PATTERN.match(staff_no) else [])
        if rows:
            return self.authenticate(str(rows[0]["name"]), pin)
        return self._phantom_refusal(staff_no, pin)

    def _phantom_refusal(self, staff_no: str, pin: str) -> User:
        now = self._clock()
        check_pin(pin, self._dummy)
        failures, locked_until = self._phantoms.get(staff_no, (0, None))
        self._audit.record(f"staff_no:{staff_no[:16]}", "", "login.failed",
                           {"reason": "unknown staff number"})
        if locked_until is not None and locked_until > now:
            raise AuthError(f"locked until {iso(locked_until)}", locked_until)
        failures = (0 if locked_until is not None else failures) + 1
        lock = now + self.lockout_s if failures >= self.max_failures else None
        if len(self._phantoms) > 10_000:  # bounded: a guesser cannot grow it for ever
            self._phantoms.clear()
        self._phantoms[staff_no] = (0 if lock else failures, lock)
        if lock is not None:
            raise AuthError(f"too many wrong PINs; locked until {iso(lock)}", lock)
        raise AuthError("wrong staff number or PIN", tries_left=self.max_failures - failures)

    def authenticate(self, name: str, pin: str) -> User:
        """The user for a correct PIN; raises AuthError (audited) otherwise."""
        now = self._clock()
        rows = self._store.query("SELECT * FROM maint_users WHERE name = ?", (name,))
        row = rows[0] if rows else None
        if row is None or not row["active"]:
            check_pin(pin, self._dummy)
            self._audit.record(name, "", "login.failed", {"reason": "unknown user"})
            raise AuthError("wrong name or PIN")
        locked_until = row["locked_until"]
        if locked_until is not None and locked_until > now:
            self._audit.record(name, row["role"], "login.refused", {"reason": "locked"})
            raise AuthError(f"locked until {iso(locked_until)}", locked_until)
        if check_pin(pin, row["pin_hash"]):
            with self._store.atomic() as tx:
                tx.execute("UPDATE maint_users SET failures = 0, locked_until = NULL "
                           "WHERE name = ?", (name,))
                self._audit.record_in(tx, name, row["role"], "login")
            return User(name, Role(row["role"]), str(row["staff_no"] or ""))
        # A lock that has expired starts a fresh count.
        failures = (0 if locked_until is not None else row["failures"]) + 1
        lock = now + self.lockout_s if failures >= self.max_failures else None
        with self._store.atomic() as tx:
            tx.execute("UPDATE maint_users SET failures = ?, locked_until = ? WHERE name = ?",
                       (0 if lock else failures, lock, name))
            self._audit.record_in(tx, name, row["role"], "login.failed",
                                  {"failures": failures, "locked": lock is not None})
        if lock is not None:
            raise AuthError(f"too many wrong PINs; locked until {iso(lock)}", lock)
        raise AuthError("wrong name or PIN", tries_left=self.max_failures - failures)
