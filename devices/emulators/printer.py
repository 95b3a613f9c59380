"""An ESC/POS receipt printer on a pseudo-terminal that renders receipts as text.

Why: technicians and tests need to see what a receipt *says* (Chinese text included)
without paper. Written from the ESC/POS command tables, not from the driver. It answers
``DLE EOT n`` from a settable paper state ("ok", "near_end", "out") or stays silent
("silent") to exercise the unknown state. Each cut ends a receipt, which is appended
to ``receipts`` and written to ``out`` as text, the QR payload on a ``[QR]`` line.

Parsed: ESC @ ! E - M a d t G { 2 3 J R, GS ! B b V (k QR store/print) (L, GS v 0
raster, FS & . !; text bytes are decoded as GB18030 (a superset of ASCII).
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import tty
from dataclasses import dataclass, field
from typing import TextIO

#: DLE EOT n replies per paper state (fixed bits 0xx1xx10).
STATUS_REPLIES = {
    "ok": {1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12},
    "near_end": {1: 0x16, 2: 0x12, 3: 0x12, 4: 0x1E},
    "out": {1: 0x1E, 2: 0x32, 3: 0x12, 4: 0x72},
}
_ESC_ONE_PARAM = set(b"!E-MadtG{3JRUV ")
_GS_ONE_PARAM = set(b"!BbhwHfL")


@dataclass
class RenderedReceipt:
    lines: list[str] = field(default_factory=list)
    qr: list[str] = field(default_factory=list)

    def text(self) -> str:
        body = list(self.lines) + [f"[QR] {q}" for q in self.qr]
        return "\n".join([*body, "-" * 8 + " cut " + "-" * 8]) + "\n"


class PrinterEmulator:
    def __init__(self, link_path: str | None = None, out: TextIO | None = None) -> None:
        self.link_path = link_path
        self.out = out
        self.paper = "ok"  # ok, near_end, out, silent
        self.receipts: list[RenderedReceipt] = []
        self.status_queries = 0
        self._buf = bytearray()
        self._line = bytearray()
        self._current = RenderedReceipt()
        self._qr_store = ""
        self._master = self._slave = -1
        self.slave_path = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.received = threading.Condition()

    @property
    def port(self) -> str:
        return self.link_path or self.slave_path

    def start(self) -> PrinterEmulator:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.slave_path = os.ttyname(self._slave)
        if self.link_path:
            with contextlib.suppress(OSError):
                os.unlink(self.link_path)
            os.symlink(self.slave_path, self.link_path)
        self._thread = threading.Thread(target=self._serve, name="printer-emulator",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self.link_path:
            with contextlib.suppress(OSError):
                os.unlink(self.link_path)

    def wait_receipts(self, count: int, timeout: float) -> bool:
        with self.received:
            return self.received.wait_for(lambda: len(self.receipts) >= count, timeout)

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self._master, 4096)
            except OSError:
                if self._stop.wait(0.05):
                    return
                continue
            self._buf += data
            self._parse()

    def _parse(self) -> None:
        buf = self._buf
        while buf:
            b = buf[0]
            need = self._command_length(buf)
            if need is None:  # incomplete command: wait for more bytes
                return
            cmd = bytes(buf[:need])
            del buf[:need]
            if b == 0x10:
                self._status(cmd)
            elif b in (0x1B, 0x1C, 0x1D):
                self._control(cmd)
            elif b == 0x0A:
                self._end_line()
            elif b >= 0x20 or b == 0x09:
                self._line.append(b)

    @staticmethod
    def _command_length(buf: bytearray) -> int | None:
        b, n = buf[0], len(buf)
        if b not in (0x10, 0x1B, 0x1C, 0x1D):
            return 1
        if n < 2:
            return None
        c = buf[1]
        if b == 0x10:
            return 3 if c == 0x04 and n >= 3 else (None if c == 0x04 else 2)
        if b == 0x1D and c == 0x28:  # GS ( k / GS ( L: pL pH then data
            if n < 5:
                return None
            total = 5 + buf[3] + buf[4] * 256
            return total if n >= total else None
        if b == 0x1D and c == 0x76:  # GS v 0 m xL xH yL yH data
            if n < 8:
                return None
            total = 8 + (buf[4] + buf[5] * 256) * (buf[6] + buf[7] * 256)
            return total if n >= total else None
        if b == 0x1D and c == 0x56:  # GS V m [n]
            if n < 3:
                return None
            return 4 if buf[2] in (65, 66) else 3
        one = _ESC_ONE_PARAM if b == 0x1B else _GS_ONE_PARAM if b == 0x1D else set(b"!")
        if c in one:
            return 3 if n >= 3 else None
        return 2

    def _status(self, cmd: bytes) -> None:
        self.status_queries += 1
        if len(cmd) == 3 and self.paper in STATUS_REPLIES:
            reply = STATUS_REPLIES[self.paper].get(cmd[2])
            if reply is not None:
                os.write(self._master, bytes([reply]))

    def _control(self, cmd: bytes) -> None:
        if cmd[:2] == b"\x1b\x64":
            self._end_line()
        elif cmd[:3] == b"\x1d\x28\x6b" and len(cmd) > 7:
            fn = cmd[6]
            if fn == 0x50:  # store data (after m byte)
                self._qr_store = cmd[8:].decode("utf-8", "replace")
            elif fn == 0x51 and self._qr_store:
                self._current.qr.append(self._qr_store)
        elif cmd[:2] == b"\x1d\x56":
            self._cut()

    def _end_line(self) -> None:
        if self._line:
            self._current.lines.append(self._line.decode("gb18030", "replace"))
        self._line = bytearray()

    def _cut(self) -> None:
        self._end_line()
        receipt, self._current = self._current, RenderedReceipt()
        if self.paper == "out":
            return  # nothing comes out of an empty printer
        if self.out is not None:
            self.out.write(receipt.text())
            self.out.flush()
        with self.received:
            self.receipts.append(receipt)
            self.received.notify_all()

    def command(self, line: str) -> str:
        """CLI command: ``paper ok|near_end|out|silent`` or ``status``."""
        words = line.split()
        if words[:1] == ["paper"] and words[1:2] and words[1] in (*STATUS_REPLIES, "silent"):
            self.paper = words[1]
            return f"paper {self.paper}"
        if words[:1] == ["status"]:
            return f"port={self.port} paper={self.paper} receipts={len(self.receipts)}"
        return "commands: paper ok|near_end|out|silent | status"
