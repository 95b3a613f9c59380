"""ESC/POS receipt printer over a serial line, built on python-escpos.

Why python-escpos' generic ``Escpos`` class and not ``escpos.printer.Serial``: the port
is opened with ``serial.serial_for_url`` like every other device here (pty, ``spy://``,
``socket://``), and the stock ``paper_status()`` reports "plenty of paper" when the
printer does not answer at all; here silence is ``PaperState.UNKNOWN``.

Chinese text: python-escpos' magic encoder only knows single-byte code pages, so text
lines are sent as raw GB18030 bytes after ``FS &`` (enter Chinese character mode), the
way GB18030-certified Chinese thermal printers expect. Layout commands (alignment,
emphasis, size), the native QR code (``GS ( k``) and the cut (``ESC d 6``, ``GS V 0``)
come from python-escpos.

Status (``DLE EOT 4``, paper sensor): a valid reply matches ``0xx1xx10``; bits 2-3 set =
near end, bits 5-6 set = paper end.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import serial
from escpos.escpos import Escpos

from devices.printer import PaperState, PrintResult, ReceiptDocument

log = logging.getLogger("devices.escpos")
DLE_EOT_PAPER = b"\x10\x04\x04"
CHINESE_ON = b"\x1c\x26"


class PrinterError(Exception):
    """Root of printer failures; only raised by ``start`` (printing never raises)."""


@dataclass(frozen=True)
class PaperEvent:
    """Paper state changed (near end, out, unknown, or back to ok)."""

    state: PaperState
    previous: PaperState
    event: str = "paper"


def decode_paper_status(reply: bytes) -> PaperState:
    """One DLE EOT 4 reply byte to a state; anything malformed is ``UNKNOWN``."""
    if len(reply) != 1 or reply[0] & 0x93 != 0x12:
        return PaperState.UNKNOWN
    if reply[0] & 0x60:
        return PaperState.OUT
    if reply[0] & 0x0C:
        return PaperState.NEAR_END
    return PaperState.OK


class _PortEscpos(Escpos):
    """python-escpos on an already open pyserial port."""

    def __init__(self, port: Any) -> None:
        super().__init__()
        self._port = port
        self._device = port

    def _raw(self, msg: bytes) -> None:
        self._port.write(msg)

    def _read(self) -> bytes:
        data: bytes = self._port.read(16)
        return data

    def close(self) -> None:  # the driver owns the port
        pass


def _open_serial(url: str, baudrate: int) -> Any:
    return serial.serial_for_url(url, baudrate=baudrate, timeout=0.05, write_timeout=2.0)


class EscposPrinter:
    """``ReceiptPrinter`` for ESC/POS; ``on_event`` gets a ``PaperEvent`` on each change."""

    def __init__(self, port: str, *, baudrate: int = 9600, status_timeout: float = 0.5,
                 print_when_unknown: bool = False, qr_size: int = 6,
                 on_event: Callable[[PaperEvent], None] | None = None,
                 opener: Callable[[str, int], Any] = _open_serial,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.port_name = port
        self.baudrate = baudrate
        self.status_timeout = status_timeout
        self.print_when_unknown = print_when_unknown
        self.qr_size = qr_size
        self.on_event = on_event
        self._opener = opener
        self._clock = clock
        self._port: Any = None
        self._lock = threading.Lock()
        self._state = PaperState.UNKNOWN
        self.counters = {"printed": 0, "failed": 0}
        self.last_error = ""

    def start(self) -> None:
        try:
            self._port = self._opener(self.port_name, self.baudrate)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise PrinterError(f"cannot open printer port {self.port_name}: {exc}") from exc

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except Exception as exc:  # a dead port may fail to close in many ways
                log.debug("printer close failed: %s", exc)

    def paper_state(self) -> PaperState:
        with self._lock:
            return self._query()

    def _query(self) -> PaperState:
        state = PaperState.UNKNOWN
        try:
            if self._port is None:
                self.start()
            self._port.reset_input_buffer()
            self._port.write(DLE_EOT_PAPER)
            deadline = self._clock() + self.status_timeout
            reply = b""
            while not reply and self._clock() < deadline:
                reply = self._port.read(1)
            state = decode_paper_status(reply)
        except Exception as exc:  # pyserial, termios, OS errors: all mean "no answer"
            self.last_error = str(exc)
            self.close()  # reopen on the next attempt
        self._set_state(state)
        return state

    def _set_state(self, state: PaperState) -> None:
        previous, self._state = self._state, state
        if state != previous and self.on_event is not None:
            try:
                self.on_event(PaperEvent(state, previous))
            except Exception:
                log.exception("printer event listener failed")

    def print_receipt(self, receipt: ReceiptDocument) -> PrintResult:
        with self._lock:
            state = self._query()
            if state == PaperState.OUT or (state == PaperState.UNKNOWN
                                           and not self.print_when_unknown):
                self.counters["failed"] += 1
                reason = "paper out" if state == PaperState.OUT else "printer not answering"
                return PrintResult(False, state, reason)
            try:
                self._render(receipt)
            except Exception as exc:  # device or library trouble never reaches the caller
                self.counters["failed"] += 1
                self.last_error = str(exc)
                log.warning("receipt print failed: %s", exc)
                self.close()
                return PrintResult(False, PaperState.UNKNOWN, f"print failed: {exc}")
            self.counters["printed"] += 1
            after = self._query()
            return PrintResult(True, after, extra={"paper_before": state.value})

    def _render(self, receipt: ReceiptDocument) -> None:
        p = _PortEscpos(self._port)
        p.hw("INIT")
        p._raw(CHINESE_ON)
        if receipt.title:
            p.set(align="center", bold=True, double_height=True, double_width=True)
            p._raw(receipt.title.encode("gb18030") + b"\n")
            p.set_with_default()
        for line in receipt.lines:
            p._raw(line.encode("gb18030", errors="replace") + b"\n")
        if receipt.qr_payload:
            p.set(align="center")
            p.qr(receipt.qr_payload, native=True, size=self.qr_size)
            p.set_with_default()
        if receipt.extra_qr:  # its caption above it, so no caption sits over the wrong QR
            p.set(align="center")
            if receipt.extra_qr_caption:
                p._raw(receipt.extra_qr_caption.encode("gb18030", errors="replace") + b"\n")
            p.qr(receipt.extra_qr, native=True, size=self.qr_size)
            p.set_with_default()
        p.cut()

    def diagnostics(self) -> dict[str, object]:
        return {"protocol": "escpos", "port": self.port_name, "open": self._port is not None,
                "paper": self._state.value, "counters": dict(self.counters),
                "last_error": self.last_error}
