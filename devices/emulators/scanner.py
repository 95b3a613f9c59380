"""A serial QR/barcode scanner on a pseudo-terminal, written from docs/protocols.md.

Why not from the driver's codec: a shared mistake would pass both sides. This file
knows the wire only as the protocol section states it: a code goes out as ASCII plus the
configured suffix; ``16 54 0D`` opens a read window, ``16 55 0D`` closes it; ``16 4D 0D``
+ menu text + ``!``/``.`` changes a setting and is echoed with 06 (ok), 05 (unknown
tag) or 15 (bad value) before the storage character. The only setting modelled is the
trigger mode (``TRGMOD0`` serial/manual trigger, ``TRGMOD3`` presentation).

``present(code)`` holds a phone in front of the window: read at once in presentation
mode or inside a trigger window, otherwise kept in view until one opens. Modes:
``commands`` (answers as above) and ``factory`` (reads everything in view at once,
ignores every host byte: the scanner straight out of the box). Faults: ``noise()``
sends line garbage; ``unplug()``/``replug()`` pull the cable (new pty, same link path).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time

from devices.emulators.pty import Pty

SUFFIXES = {"cr": b"\r", "crlf": b"\r\n", "lf": b"\n", "tab": b"\t", "none": b""}
TRIGGER_MODES = {"0": "trigger", "3": "presentation"}


class ScannerEmulator:
    def __init__(self, link_path: str | None = None, *, mode: str = "commands",
                 suffix: str = "cr", trigger_window_s: float = 30.0) -> None:
        if mode not in ("commands", "factory") or suffix not in SUFFIXES:
            raise ValueError(f"bad mode {mode!r} or suffix {suffix!r}")
        self.link_path = link_path
        self.mode = mode
        self.suffix = suffix
        self.trigger_window_s = trigger_window_s
        self.trigger_mode = "presentation"  # the factory default reads what it sees
        self.in_view: str | None = None
        self.sent: list[str] = []
        self.host_bytes = bytearray()
        self.menu_log: list[str] = []
        self._window_until = 0.0
        self._pending = bytearray()
        self._pty: Pty | None = None
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.slave_path = ""

    @property
    def port(self) -> str:
        return self.link_path or self.slave_path

    def start(self) -> str:
        self._open()
        self._thread = threading.Thread(target=self._serve, name="scanner-emulator",
                                        daemon=True)
        self._thread.start()
        return self.port

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        with self._lock:
            if self._pty:
                self._pty.close()
                self._pty = None
        if self.link_path:
            with contextlib.suppress(OSError):
                os.unlink(self.link_path)

    def unplug(self) -> None:
        with self._lock:
            if self._pty:
                self._pty.close()
                self._pty = None
            if self.link_path:
                with contextlib.suppress(OSError):
                    os.unlink(self.link_path)

    def replug(self) -> None:
        with self._lock:
            self._open()

    # -- the customer's side -----------------------------------------------------------
    def present(self, code: str) -> None:
        with self._lock:
            self.in_view = code
            self._maybe_read()

    def remove(self) -> None:
        with self._lock:
            self.in_view = None

    def noise(self) -> None:
        self._send(b"\x00\xff\x1b\x07\x7f" + (SUFFIXES[self.suffix] or b"\r"))

    # -- internals ---------------------------------------------------------------------
    def _open(self) -> None:
        self._pty = Pty()
        self.slave_path = self._pty.path
        if self.link_path:
            with contextlib.suppress(OSError):
                os.unlink(self.link_path)
            os.symlink(self.slave_path, self.link_path)

    def _reading(self) -> bool:
        if self.mode == "factory" or self.trigger_mode == "presentation":
            return True
        return time.monotonic() < self._window_until

    def _maybe_read(self) -> None:
        if self.in_view is None or not self._reading():
            return
        code, self.in_view = self.in_view, None
        self._window_until = 0.0
        self.sent.append(code)
        self._send(code.encode("ascii") + SUFFIXES[self.suffix])

    def _send(self, data: bytes) -> None:
        with self._lock:
            if self._pty:
                self._pty.write(data)

    def _serve(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                pty = self._pty
            if pty is None:
                self._stop.wait(0.01)
                continue
            data = pty.read(0.02)
            if data:
                with self._lock:
                    self.host_bytes += data
                    if self.mode == "commands":
                        self._pending += data
                        self._parse()

    def _parse(self) -> None:
        buf = self._pending
        while buf:
            start = buf.find(0x16)
            if start < 0:
                buf.clear()
                return
            del buf[:start]
            if len(buf) < 3:
                return
            if buf[2] != 0x0D or buf[1] not in b"TUM":
                del buf[:1]
                continue
            if buf[1] == ord("T"):
                self._window_until = time.monotonic() + self.trigger_window_s
                del buf[:3]
                self._maybe_read()
            elif buf[1] == ord("U"):
                self._window_until = 0.0
                del buf[:3]
            else:
                ends = [i for i in range(3, len(buf)) if buf[i] in b"!."]
                if not ends:
                    return
                end = ends[0]
                self._menu(bytes(buf[3:end]).decode("ascii", "replace"), chr(buf[end]))
                del buf[:end + 1]

    def _menu(self, text: str, store: str) -> None:
        self.menu_log.append(text + store)
        if text.upper().startswith("TRGMOD"):
            value = text[6:]
            if value in TRIGGER_MODES:
                self.trigger_mode = TRIGGER_MODES[value]
                status = b"\x06"
            else:
                status = b"\x15"
        else:
            status = b"\x05"
        self._send(text.encode("ascii", "replace") + status + store.encode())
        self._maybe_read()

    def command(self, line: str) -> str:
        """CLI: ``show CODE``, ``remove``, ``mode commands|factory``, ``suffix cr|crlf|lf|
        tab|none``, ``noise``, ``unplug``, ``replug``, ``status``."""
        words = line.split()
        verb, arg = [*words, "", ""][:2]
        if verb == "show" and arg:
            self.present(arg)
            return f"showing a code of {len(arg)} characters"
        if verb == "remove":
            self.remove()
            return "nothing in view"
        if verb == "mode" and arg in ("commands", "factory"):
            self.mode = arg
            return f"mode {arg}"
        if verb == "suffix" and arg in SUFFIXES:
            self.suffix = arg
            return f"suffix {arg}"
        if verb in ("noise", "unplug", "replug"):
            getattr(self, verb)()
            return verb
        if verb == "status":
            return (f"port={self.port} mode={self.mode} trigger_mode={self.trigger_mode} "
                    f"suffix={self.suffix} sent={len(self.sent)}")
        return ("commands: show CODE | remove | mode commands|factory | suffix "
                "cr|crlf|lf|tab|none | noise | unplug | replug | status")
