"""One update operation at a time across processes (the running kiosk's worker and a
technician's ``kiosk update ...``): an ``flock`` on ``<data_dir>/update/lock``.

TUF's metadata cache and the slots are safe for one writer only. The lock is also
reentrant within a process (a check that installs and switches takes it once).
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path


class ProcessLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    def __enter__(self) -> ProcessLock:
        self._thread_lock.acquire()
        if self._depth == 0:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            except BaseException:
                if self._fd is not None:
                    os.close(self._fd)
                    self._fd = None
                self._thread_lock.release()
                raise
        self._depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
        self._thread_lock.release()
