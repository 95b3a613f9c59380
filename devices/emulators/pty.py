"""A pseudo-terminal an emulator serves: the driver opens ``path``, the emulator the master.

The emulator keeps its own descriptor on the slave open so reads on the master never hit
EIO while no driver has the port open (between a driver's close and reopen); the slave is
put in raw mode so all 256 byte values pass unchanged.
"""

from __future__ import annotations

import contextlib
import os
import select
import tty


class Pty:
    def __init__(self) -> None:
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)
        os.set_blocking(self.master, False)

    def read(self, timeout_s: float) -> bytes:
        """Whatever arrived within ``timeout_s`` (b"" if nothing; never raises on EIO)."""
        try:
            ready, _, _ = select.select([self.master], [], [], timeout_s)
            if not ready:
                return b""
            return os.read(self.master, 4096)
        except (BlockingIOError, InterruptedError):
            return b""
        except OSError:
            return b""

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            try:
                written = os.write(self.master, view)
            except BlockingIOError:
                select.select([], [self.master], [], 0.1)
                continue
            except OSError:
                return
            view = view[written:]

    def close(self) -> None:
        for fd in (self.master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
