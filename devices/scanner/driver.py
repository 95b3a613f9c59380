"""Serial QR/barcode scanner driver: owns the port on its own thread.

Life cycle::

    open port -> probe (send the wanted enable/disable menu command, wait for the echo)
        | echo: mode COMMANDS            | silence: mode FACTORY
        v                                v
    read loop: codes -> listeners; queued host commands (enable, disable, trigger)
        | port error
        v
    close, emit ScannerDisconnected once, back off (doubling), reopen, probe again,
    emit ScannerReconnected + ScannerReady

Why codes are also gated in software: a scanner left in its factory mode reads and
sends whatever it sees and answers no command, and even a commanded scanner may send a
code that was in flight when it was disabled. A code is delivered only while the
driver is enabled (or a trigger is outstanding); others are counted and dropped, so a
code read between customers never reaches a payment. The same code seen again within
``repeat_window_s`` during one enabled period is a re-read of the same phone screen,
not a second payment attempt, and is dropped too.
"""

from __future__ import annotations

import collections
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import serial

from devices.errors import LinkLost
from devices.scanner import codec
from devices.scanner.events import (
    BadRead,
    CodeRead,
    ScannerDisconnected,
    ScannerEvent,
    ScannerListener,
    ScannerMode,
    ScannerReady,
    ScannerReconnected,
    mask_code,
)
from devices.serial_port import PortError, close_quietly, open_port

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScannerTiming:
    """All timing in one place so tests run the real protocol fast."""

    reply_timeout_s: float = 0.5
    idle_flush_s: float = 0.0        # > 0: a pending line with no suffix ends after this gap
    repeat_window_s: float = 1.5
    trigger_timeout_s: float = 30.0  # a trigger read window, like the scanner's own
    reconnect_initial_s: float = 0.5
    reconnect_max_s: float = 5.0


class ScannerDriver:
    """``start()``, then ``enable()``/``disable()``/``trigger()`` from any thread."""

    def __init__(self, port: str, *, suffix: bytes = codec.DEFAULT_SUFFIX,
                 baudrate: int = 115200, timing: ScannerTiming | None = None,
                 opener: Callable[..., Any] = open_port,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.port_name = port
        self.baudrate = baudrate
        self.timing = timing or ScannerTiming()
        self._decoder = codec.Decoder(suffix)
        self._opener = opener
        self._clock = clock
        self._port: Any = None
        self._listeners: list[ScannerListener] = []
        self._commands: queue.Queue[str] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._enabled = False
        self._trigger_until = 0.0
        self._last_code: tuple[str, float] | None = None
        self._last_byte_at = 0.0
        self._outage = False
        self.mode: ScannerMode | None = None
        self.last_error = ""
        self.counters: collections.Counter[str] = collections.Counter()
        self.recent: collections.deque[str] = collections.deque(maxlen=32)

    # -- public API (any thread) -------------------------------------------------------
    def add_listener(self, listener: ScannerListener) -> None:
        self._listeners.append(listener)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="scanner", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        close_quietly(self._port)
        self._port = None

    def enable(self) -> None:
        """Deliver codes from now on (and put a commanded scanner in presentation mode).

        A new read period: a code seen before is not a re-read any more."""
        self._last_code = None
        self._enabled = True
        self._commands.put("enable")

    def disable(self) -> None:
        """Drop codes from now on (a commanded scanner goes to serial-trigger mode)."""
        self._enabled = False
        self._trigger_until = 0.0
        self._commands.put("disable")

    def trigger(self) -> None:
        """One read window: the next code within ``trigger_timeout_s`` is delivered."""
        self._trigger_until = self._clock() + self.timing.trigger_timeout_s
        self._commands.put("trigger")

    @property
    def enabled(self) -> bool:
        return self._enabled

    def diagnostics(self) -> dict[str, object]:
        return {"device": "scanner", "port": self.port_name,
                "connected": self._port is not None and not self._outage,
                "mode": self.mode.value if self.mode else "unknown",
                "enabled": self._enabled, "last_error": self.last_error,
                **dict(self.counters), "recent": list(self.recent)}

    # -- the thread --------------------------------------------------------------------
    def _run(self) -> None:
        backoff = self.timing.reconnect_initial_s
        while not self._stop.is_set():
            try:
                self._port = self._opener(self.port_name, baudrate=self.baudrate)
                mode = self._probe()
                if self._outage:
                    self._outage = False
                    self.counters["reconnects"] += 1
                    self._emit(ScannerReconnected())
                self._emit(ScannerReady(mode))
                backoff = self.timing.reconnect_initial_s
                while not self._stop.is_set():
                    self._send_queued()
                    self._read_once()
            except (LinkLost, PortError) as exc:
                self._link_down(str(exc))
            except Exception as exc:  # never let the thread die silently
                log.exception("scanner driver error")
                self._link_down(f"driver error: {exc}")
            if not self._stop.is_set():
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.timing.reconnect_max_s)

    def _probe(self) -> ScannerMode:
        """Say what we want; an echo within the timeout means the scanner takes commands."""
        while not self._commands.empty():  # the probe itself applies the wanted state
            self._commands.get_nowait()
        wanted = codec.enable_command() if self._enabled else codec.disable_command()
        self._write(wanted)
        self.mode = ScannerMode.COMMANDS if self._await_reply() else ScannerMode.FACTORY
        self.recent.append(f"mode {self.mode.value}")
        return self.mode

    def _await_reply(self) -> bool:
        deadline = self._clock() + self.timing.reply_timeout_s
        reply: codec.MenuReply | None = None
        while reply is None and self._clock() < deadline and not self._stop.is_set():
            for item in self._read_items():  # codes around the echo are kept
                if reply is None and isinstance(item, codec.MenuReply):
                    reply = item
                    self.recent.append(f"< {item.menu} {item.status.value}")
                else:
                    self._handle(item)
        return reply is not None and reply.status == codec.ReplyStatus.ACK

    def _send_queued(self) -> None:
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            if self.mode != ScannerMode.COMMANDS:
                continue  # a factory-mode scanner answers nothing: software gate only
            if command == "trigger":
                self._write(codec.TRIGGER)
                continue
            self._write(codec.enable_command() if command == "enable"
                        else codec.disable_command())
            if not self._await_reply():
                self.counters["unanswered_commands"] += 1

    def _read_once(self) -> None:
        items = self._read_items()
        if not items and self.timing.idle_flush_s > 0 and self._decoder.pending and \
                self._clock() - self._last_byte_at >= self.timing.idle_flush_s:
            items = self._decoder.flush()
        for item in items:
            self._handle(item)

    def _read_items(self) -> list[codec.Item]:
        try:
            data = self._port.read(max(1, self._port.in_waiting))
        except (serial.SerialException, OSError, AttributeError) as exc:
            raise LinkLost(f"read failed: {exc}") from exc
        if not data:
            return []
        self._last_byte_at = self._clock()
        return self._decoder.feed(data)

    def _handle(self, item: codec.Item) -> None:
        if isinstance(item, codec.MenuReply):
            self.recent.append(f"< {item.menu} {item.status.value} (late)")
            return
        if isinstance(item, codec.BadInput):
            self.counters["bad_reads"] += 1
            self.recent.append(f"< bad {item.reason}")
            self._emit(BadRead(item.reason))
            return
        now = self._clock()
        masked = mask_code(item.text)
        if not (self._enabled or now < self._trigger_until):
            self.counters["ignored_disabled"] += 1
            self.recent.append(f"< {masked} ignored (disabled)")
            return
        if self._last_code is not None and self._last_code[0] == item.text and \
                now - self._last_code[1] < self.timing.repeat_window_s:
            self.counters["repeats"] += 1
            return
        self._last_code = (item.text, now)
        self._trigger_until = 0.0
        self.counters["codes"] += 1
        self.recent.append(f"< {masked}")
        self._emit(CodeRead(item.text))

    def _write(self, data: bytes) -> None:
        try:
            self._port.write(data)
            self._port.flush()
        except (serial.SerialException, OSError, AttributeError) as exc:
            raise LinkLost(f"write failed: {exc}") from exc
        self.recent.append("> " + data.hex(" "))

    def _emit(self, event: ScannerEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a listener bug must not kill the port thread
                self.counters["listener_errors"] += 1
                log.exception("scanner listener failed on %s", event.event)

    def _link_down(self, reason: str) -> None:
        self.last_error = reason
        close_quietly(self._port)
        self._port = None
        self._decoder = codec.Decoder(self._decoder.suffix, self._decoder.max_length)
        if not self._outage and not self._stop.is_set():
            self._outage = True
            self._emit(ScannerDisconnected(reason))
