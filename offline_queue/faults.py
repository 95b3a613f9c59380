"""Exceptions of the offline queue, and translation of storage errors into faults.

Tree::

    OfflineQueueError            root; nothing else escapes this package
    +-- StorageFault             the database can no longer promise durability
    |                            (disk full, read-only, I/O error, corrupt file).
    |                            NOT retry-safe by itself: the app must stop taking
    |                            cash until an operator fixes the storage.
    +-- SyncError                a delivery attempt failed (network, 5xx, 429);
    |                            always retry-safe because every record carries its
    |                            idempotency key.
    +-- MigrationError           (offline_queue.migrations) a migration list is malformed
                                 (duplicate or non-positive versions); also a ValueError.

Money depends on "durable before acknowledged", so every sqlite3/OS error raised while
writing is mapped here with its cause chained; a caller sees a fault it can act on,
never a half-known state.

``CommitFaults`` makes any commit fail on purpose, exactly as a full or failing disk
does (the error SQLite would raise, mapped by the same code path): tests and the crash
lab pick the commit by number or by what it journals (e.g. the ``note_stacked`` commit).
"""

from __future__ import annotations

import errno
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass

# Primary SQLite result codes (the low byte of extended codes).
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_READONLY = 8
SQLITE_NOTADB = 26

_KIND_BY_CODE = {
    SQLITE_FULL: "disk_full",
    SQLITE_READONLY: "read_only",
    SQLITE_IOERR: "io_error",
    SQLITE_CORRUPT: "corrupt",
    SQLITE_NOTADB: "corrupt",
    SQLITE_CANTOPEN: "cannot_open",
}
_KIND_BY_ERRNO = {
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EROFS: "read_only",
    errno.EACCES: "read_only",
    errno.EPERM: "read_only",
    errno.EIO: "io_error",
}


class OfflineQueueError(Exception):
    """Root of every error this package raises."""


class StorageFault(OfflineQueueError):
    """The store cannot durably record money any more; ``kind`` says why.

    kind is one of ``disk_full``, ``read_only``, ``io_error``, ``corrupt``,
    ``cannot_open``, ``closed`` or ``unknown``.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


class SyncError(OfflineQueueError):
    """One delivery attempt failed; the records stay pending and are retried."""


def fault_kind(exc: BaseException) -> str | None:
    """The fault kind for a storage exception, or None when it is not a storage fault.

    ``sqlite3.OperationalError("database is locked")`` and programming errors return
    None: they are bugs or contention, not a broken disk, and must surface as such.
    """
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int):
            kind = _KIND_BY_CODE.get(code & 0xFF)
            if kind:
                return kind
        text = str(exc).lower()
        for needle, kind in (("database or disk is full", "disk_full"),
                             ("readonly database", "read_only"),
                             ("disk i/o error", "io_error"),
                             ("malformed", "corrupt"),
                             ("file is not a database", "corrupt"),
                             ("unable to open database", "cannot_open")):
            if needle in text:
                return kind
        return None
    if isinstance(exc, OSError) and exc.errno is not None:
        return _KIND_BY_ERRNO.get(exc.errno, "io_error")
    return None


def as_fault(exc: BaseException) -> StorageFault | None:
    """A StorageFault describing ``exc`` (caller chains it), or None if not a fault."""
    kind = fault_kind(exc)
    if kind is None:
        return None
    return StorageFault(kind, str(exc))


#: The error SQLite raises for each fault kind (text matched by ``fault_kind``).
_INJECTED_TEXT = {
    "disk_full": "database or disk is full",
    "io_error": "disk I/O error",
    "read_only": "attempt to write a readonly database",
}


@dataclass
class _Rule:
    kind: str
    nth: int | None
    journal_kind: str | None
    times: int


class CommitFaults:
    """Fails chosen commits of a ``Store`` (before COMMIT: the transaction rolls back).

    ``fail(kind, nth=N)`` fails the N-th commit from now; ``fail(kind,
    journal_kind="note_stacked")`` fails the next commit that appends such a journal
    record; ``times`` repeats the rule (``None`` = until ``clear``). Thread-safe.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[_Rule] = []
        self.commits = 0
        self.injected = 0

    def fail(self, kind: str = "disk_full", *, nth: int | None = None,
             journal_kind: str | None = None, times: int | None = 1) -> None:
        if kind not in _INJECTED_TEXT:
            raise ValueError(f"unknown fault kind {kind!r}; one of {sorted(_INJECTED_TEXT)}")
        with self._lock:
            at = None if nth is None else self.commits + max(1, nth)
            self._rules.append(_Rule(kind, at, journal_kind, -1 if times is None else times))

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def before_commit(self, journal_kinds: Sequence[str]) -> None:
        """Called by ``Store.atomic`` right before COMMIT; raises the injected error."""
        with self._lock:
            self.commits += 1
            for rule in self._rules:
                if rule.nth is not None and rule.nth != self.commits:
                    continue
                if rule.journal_kind is not None and rule.journal_kind not in journal_kinds:
                    continue
                rule.times -= 1
                if rule.times == 0:
                    self._rules.remove(rule)
                elif rule.nth is not None:
                    rule.nth += 1
                self.injected += 1
                raise sqlite3.OperationalError(_INJECTED_TEXT[rule.kind])
