"""Exceptions of the offline queue, and translation of storage errors into faults.

Tree::

    OfflineQueueError            root; nothing else escapes this package
    +-- StorageFault             the database can no longer promise durability
    |                            (disk full, read-only, I/O error, corrupt file).
    |                            NOT retry-safe by itself: the app must stop taking
    |                            cash until an operator fixes the storage.
    +-- SyncError                a delivery attempt failed (network, 5xx, 429);
                                 always retry-safe because every record carries its
                                 idempotency key.

Money depends on "durable before acknowledged", so every sqlite3/OS error raised while
writing is mapped here with its cause chained; a caller sees a fault it can act on,
never a half-known state.
"""

from __future__ import annotations

import errno
import sqlite3

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
