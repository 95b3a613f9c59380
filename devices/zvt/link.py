"""ZVT link layer: one serial port, framing, ACK/NAK and retries.

Why separate from the driver: the driver thinks in APDUs and deadlines; this module owns
the bytes, the T3 acknowledgement timeout and the retry count, and turns every pyserial
or OS error into ``LinkLost`` so the driver has one thing to recover from.

Logging never shows card data: each APDU is logged as class/instruction/length plus a
redacted hex of its data (see ``describe``).
"""

from __future__ import annotations

import collections
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

import serial

from devices.errors import LinkLost
from devices.zvt.bitmaps import redacted_hex
from devices.zvt.codec import (
    ACK,
    NAK,
    Apdu,
    ApduError,
    Frame,
    FrameDecoder,
    FrameError,
    LinkByte,
    ZvtError,
    decode_apdu,
    frame,
)

log = logging.getLogger("devices.zvt")

#: Messages whose data carries no card data and no password: logged in clear.
_CLEAR = {(0x04, 0xFF), (0x06, 0xB0), (0x06, 0x1E), (0x80, 0x00)}
#: Messages whose data is a BMP list: logged with sensitive fields redacted.
_BITMAPS = {(0x04, 0x0F), (0x06, 0x01), (0x06, 0x0F), (0x06, 0x30)}


class LinkTimeout(ZvtError):
    """The terminal did not acknowledge a frame after all retries."""


def describe(apdu: bytes) -> str:
    """A log-safe rendering of an APDU."""
    parsed = decode_apdu(apdu)
    if isinstance(parsed, ApduError):
        return f"<malformed APDU, {len(apdu)} bytes>"
    head = f"{parsed.cls:02x} {parsed.instr:02x} len={len(parsed.data)}"
    if not parsed.data:
        return head
    if parsed.command in _CLEAR or parsed.cls == 0x84:
        return f"{head} [{parsed.data.hex(' ')}]"
    if parsed.command in _BITMAPS:
        return f"{head} [{redacted_hex(parsed.data)}]"
    return f"{head} [{len(parsed.data)} bytes redacted]"


def open_serial(url: str, baudrate: int) -> Any:
    """Open a pyserial port from a path or URL, 8N2 as the spec asks."""
    try:
        return serial.serial_for_url(url, baudrate=baudrate, bytesize=8,
                                     parity=serial.PARITY_NONE,
                                     stopbits=serial.STOPBITS_TWO, timeout=0.05)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise LinkLost(f"cannot open {url}: {exc}") from exc


class ZvtLink:
    def __init__(self, port: str, *, baudrate: int = 9600, ack_timeout: float = 5.0,
                 retries: int = 3, clock: Callable[[], float] = time.monotonic,
                 opener: Callable[[str, int], Any] = open_serial) -> None:
        self.port_name = port
        self.baudrate = baudrate
        self.ack_timeout = ack_timeout
        self.retries = retries
        self._clock = clock
        self._opener = opener
        self._port: Any = None
        self._decoder = FrameDecoder()
        self._pending: collections.deque[Apdu] = collections.deque()
        self._acks: collections.deque[bool] = collections.deque()
        self.counters = {"tx": 0, "rx": 0, "nak_sent": 0, "nak_received": 0, "retries": 0}
        self.recent: collections.deque[str] = collections.deque(maxlen=32)

    @property
    def is_open(self) -> bool:
        return self._port is not None

    def open(self) -> None:
        self.close()
        self._port = self._opener(self.port_name, self.baudrate)
        self._decoder = FrameDecoder()
        self._pending.clear()
        self._acks.clear()

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()

    def send(self, apdu: bytes) -> None:
        """Send one APDU and wait for the link ACK; retries on NAK or T3 timeout."""
        self._note("tx", apdu)
        for attempt in range(self.retries + 1):
            if attempt:
                self.counters["retries"] += 1
            self._acks.clear()
            self._write(frame(apdu))
            deadline = self._clock() + self.ack_timeout
            while self._clock() < deadline:
                if self._acks:
                    if self._acks.popleft():
                        return
                    self.counters["nak_received"] += 1
                    break
                self._pump()
        raise LinkTimeout(f"no ACK after {self.retries + 1} attempts")

    def receive(self, timeout: float) -> Apdu | None:
        """The next APDU from the terminal (already link-ACKed), or ``None`` on timeout."""
        deadline = self._clock() + timeout
        while True:
            if self._pending:
                return self._pending.popleft()
            if self._clock() >= deadline:
                return None
            self._pump()

    def _pump(self) -> None:
        for token in self._decoder.feed(self._read()):
            if isinstance(token, LinkByte):
                self._acks.append(token.ack)
            elif isinstance(token, FrameError):
                self.counters["nak_sent"] += 1
                log.warning("zvt rx bad frame (%s), NAK", token.reason)
                self._write(bytes([NAK]))
            elif isinstance(token, Frame):
                self._write(bytes([ACK]))
                self._note("rx", token.apdu)
                apdu = decode_apdu(token.apdu)
                if isinstance(apdu, ApduError):
                    log.warning("zvt rx malformed APDU: %s", apdu)
                else:
                    self._pending.append(apdu)

    def _note(self, direction: str, apdu: bytes) -> None:
        self.counters[direction] += 1
        text = f"{direction} {describe(apdu)}"
        self.recent.append(text)
        log.debug("zvt %s", text)

    def _read(self) -> bytes:
        if self._port is None:
            raise LinkLost("port closed")
        try:
            data: bytes = self._port.read(max(1, self._port.in_waiting))
            return data
        except (serial.SerialException, OSError) as exc:
            raise LinkLost(f"read failed: {exc}") from exc

    def _write(self, data: bytes) -> None:
        if self._port is None:
            raise LinkLost("port closed")
        try:
            self._port.write(data)
        except (serial.SerialException, OSError) as exc:
            raise LinkLost(f"write failed: {exc}") from exc
