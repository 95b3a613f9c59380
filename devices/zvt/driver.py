"""ZVT card terminal driver: registration, payment, abort, reversal, end-of-day.

Why it looks like this: ``pay`` runs on the caller's worker thread and owns the port for
the whole transaction, so abort requests from other threads only set a flag that the
transaction loop turns into ``06 B0`` between reads. Every way out of a transaction ends
in exactly one ``CardResult``; a lost link is recovered by reopening the port and asking
the terminal to repeat its last receipt (``06 20``), and anything that cannot be proven
from that answer is ``unknown``, never approved.

Flow of one ECR command (each terminal APDU is answered with ``80 00 00``)::

    ECR 06 01 ->  <- 80 00 00  <- 04 FF (progress)*  <- 04 0F (status info)  <- 06 0F | 06 1E
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from devices.card_terminal import CardResult, CardStatus, ProgressCallback
from devices.zvt.bitmaps import Bitmaps, parse_bitmaps
from devices.zvt.codec import ZvtError, bcd_encode, encode_apdu
from devices.zvt.link import LinkLost, ZvtLink
from devices.zvt.tables import (
    CURRENCY_NUMERIC,
    RESULT_TEXTS,
    numeric_to_currency,
    progress_text,
)

log = logging.getLogger("devices.zvt")
ACK_APDU = bytes([0x80, 0x00, 0x00])
#: Registration config byte: ECR prints receipts, terminal sends intermediate status.
CONFIG_BYTE = 0x8E


class TerminalRefused(ZvtError):
    """The terminal answered a command with a negative acknowledgement (84 xx)."""


@dataclass
class _Outcome:
    final: str = ""  # "completed", "aborted", "refused", "" (no final message yet)
    result_code: int | None = None
    info: Bitmaps = field(default_factory=Bitmaps)
    abort_sent: bool = False


class ZvtTerminal:
    """``CardTerminal`` over ZVT serial; all timings are constructor arguments."""

    def __init__(self, port: str, *, password: str = "000000", baudrate: int = 9600,
                 ack_timeout: float = 5.0, payment_timeout: float = 180.0,
                 command_timeout: float = 30.0, abort_wait: float = 10.0,
                 reconnect_timeout: float = 10.0, reconnect_interval: float = 0.5,
                 retries: int = 3, clock: Callable[[], float] = time.monotonic,
                 link: ZvtLink | None = None) -> None:
        if len(password) != 6 or not password.isdigit():
            raise ValueError("ZVT password must be six digits")
        self._password = bcd_encode(int(password), 3)
        self._link = link or ZvtLink(port, baudrate=baudrate, ack_timeout=ack_timeout,
                                     retries=retries, clock=clock)
        self.payment_timeout = payment_timeout
        self.command_timeout = command_timeout
        self.abort_wait = abort_wait
        self.reconnect_timeout = reconnect_timeout
        self.reconnect_interval = reconnect_interval
        self._clock = clock
        self._abort = threading.Event()
        self._busy = threading.Lock()
        self._registered = False
        self._last_receipt: int | None = None
        self._last_result: CardResult | None = None
        self._wake = threading.Event()  # never set: an interruptible wait for back-off

    # --- lifecycle --------------------------------------------------------------------
    def start(self) -> None:
        self._link.open()
        self._register()

    def close(self) -> None:
        self._link.close()

    def _register(self) -> None:
        data = self._password + bytes([CONFIG_BYTE]) + bcd_encode(CURRENCY_NUMERIC["CNY"], 2)
        with self._busy:  # start() may register in the background while a payment waits
            out = self._run(encode_apdu(0x06, 0x00, data + bytes([0x03, 0x00])),
                            self.command_timeout, None)
        if out.final == "refused":
            raise TerminalRefused(f"registration refused (code {out.result_code})")
        if out.final != "completed":
            raise ZvtError("registration not completed")
        self._registered = True

    # --- commands ---------------------------------------------------------------------
    def pay(self, amount: int, currency: str, reference: str,
            on_progress: ProgressCallback | None = None) -> CardResult:
        if currency not in CURRENCY_NUMERIC or not 0 < amount < 10**12:
            return CardResult("error", amount, currency, reason="invalid amount or currency")
        data = (b"\x04" + bcd_encode(amount, 6) + b"\x49"
                + bcd_encode(CURRENCY_NUMERIC[currency], 2))
        with self._busy:
            self._abort.clear()
            log.info("zvt pay %d %s ref=%s", amount, currency, reference)
            result = self._transact(encode_apdu(0x06, 0x01, data), amount, currency,
                                    self.payment_timeout, on_progress)
        if result.approved:
            self._last_receipt = result.receipt_no
        self._last_result = result
        log.info("zvt pay result %s code=%s receipt=%s", result.status, result.result_code,
                 result.receipt_no)
        return result

    def abort(self) -> None:
        self._abort.set()

    def reverse(self, receipt_no: int) -> CardResult:
        if not 0 <= receipt_no <= 9999:
            return CardResult("error", reason="receipt number must be 0..9999")
        data = self._password + b"\x87" + bcd_encode(receipt_no, 2)
        with self._busy:
            self._abort.clear()
            return self._transact(encode_apdu(0x06, 0x30, data), None, "CNY",
                                  self.command_timeout, None)

    def end_of_day(self) -> CardResult:
        with self._busy:
            self._abort.clear()
            return self._transact(encode_apdu(0x06, 0x50, self._password), None, "CNY",
                                  self.command_timeout, None)

    def diagnostics(self) -> dict[str, object]:
        last = self._last_result
        return {"protocol": "zvt", "port": self._link.port_name, "open": self._link.is_open,
                "registered": self._registered, "counters": dict(self._link.counters),
                "last_status": last.status if last else None,
                "recent_frames": list(self._link.recent)}

    # --- transaction machinery -----------------------------------------------------------
    def _transact(self, apdu: bytes, amount: int | None, currency: str, timeout: float,
                  on_progress: ProgressCallback | None) -> CardResult:
        try:
            out = self._run(apdu, timeout, on_progress)
            if not out.final:  # overall timeout: ask the terminal to abort, then wait
                out.abort_sent = True
                out = self._run(encode_apdu(0x06, 0xB0), self.abort_wait, None, prior=out)
                if not out.final:
                    return self._recover(amount, currency, "terminal silent after abort")
                if out.final == "aborted":
                    return self._result(out, amount, currency, timed_out=True)
            return self._result(out, amount, currency)
        except LinkLost as exc:
            log.warning("zvt link lost mid-transaction: %s", exc)
            return self._recover(amount, currency, "link lost")
        except ZvtError as exc:
            log.warning("zvt transaction failed: %s", exc)
            return self._recover(amount, currency, str(exc))

    def _run(self, apdu: bytes, timeout: float, on_progress: ProgressCallback | None,
             prior: _Outcome | None = None) -> _Outcome:
        out = prior or _Outcome()
        self._link.send(apdu)
        deadline = self._clock() + timeout
        while self._clock() < deadline and not out.final:
            if self._abort.is_set() and not out.abort_sent:
                out.abort_sent = True
                self._link.send(encode_apdu(0x06, 0xB0))
            msg = self._link.receive(min(0.05, max(0.0, deadline - self._clock())))
            if msg is None:
                continue
            if msg.cls == 0x80:
                continue
            if msg.cls == 0x84:
                out.final, out.result_code = "refused", msg.instr
                continue
            self._link.send(ACK_APDU)
            if msg.command == (0x04, 0xFF) and msg.data and on_progress is not None:
                self._progress(on_progress, progress_text(msg.data[0]))
            elif msg.command == (0x04, 0x0F):
                out.info = parse_bitmaps(msg.data)
                if out.info.error:
                    log.warning("zvt status info partly unparsed: %s", out.info.error)
            elif msg.command == (0x06, 0x0F):
                out.final = "completed"
            elif msg.command == (0x06, 0x1E):
                out.final = "aborted"
                out.result_code = msg.data[0] if msg.data else None
        return out

    @staticmethod
    def _progress(callback: ProgressCallback, text: str) -> None:
        try:
            callback(text)
        except Exception:  # a listener bug must not break the payment
            log.exception("zvt progress listener failed")

    def _result(self, out: _Outcome, amount: int | None, currency: str,
                timed_out: bool = False) -> CardResult:
        info = out.info
        code = out.result_code if out.result_code is not None else info.result_code
        if info.currency_numeric:
            currency = numeric_to_currency(info.currency_numeric) or currency
        paid = info.amount if info.amount is not None else (amount or 0)
        common = dict(amount=paid, currency=currency, result_code=code,
                      receipt_no=info.receipt_no, trace_no=info.trace_no,
                      terminal_id=info.terminal_id)
        status: CardStatus
        if out.final == "completed" and (code is None or code == 0):
            return CardResult("approved", auth_code=info.auth_code, masked_pan=info.masked_pan,
                              card_brand=info.card_name, **common)  # type: ignore[arg-type]
        if timed_out:
            status, reason = "timeout", "no result before the payment timeout"
        elif out.final == "refused":
            status, reason = "error", f"terminal refused the command (84 {code or 0:02X})"
        elif code == 0x6C:
            status = "aborted"
            reason = "aborted by the kiosk" if out.abort_sent else "aborted at the terminal"
        else:
            status, reason = "declined", RESULT_TEXTS.get(code or -1, "declined")
        return CardResult(status, reason=reason, **common)  # type: ignore[arg-type]

    def _recover(self, amount: int | None, currency: str, why: str) -> CardResult:
        """Reopen the port and read the last result; ``unknown`` unless it is proven."""
        deadline = self._clock() + self.reconnect_timeout
        while True:
            try:
                self._link.open()
                out = self._run(encode_apdu(0x06, 0x20, self._password),
                                self.command_timeout, None)
                break
            except (ZvtError, LinkLost) as exc:
                log.info("zvt reconnect attempt failed: %s", exc)
                self._link.close()
                if self._clock() + self.reconnect_interval >= deadline:
                    return CardResult("unknown", amount or 0, currency,
                                      reason=f"{why}; terminal not reachable")
                self._wake.wait(self.reconnect_interval)
        info = out.info
        same_amount = amount is None or info.amount == amount
        is_new = info.receipt_no is not None and info.receipt_no != self._last_receipt
        if out.final == "completed" and info.result_code == 0 and same_amount and is_new:
            result = self._result(out, amount, currency)
            return CardResult(**{**result.__dict__, "reason": f"recovered after {why}"})
        if info.result_code not in (None, 0) and same_amount and is_new:
            return CardResult("declined", amount or 0, currency, result_code=info.result_code,
                              reason=f"recovered after {why}: "
                              + RESULT_TEXTS.get(info.result_code, "declined"))
        return CardResult("unknown", amount or 0, currency,
                          reason=f"{why}; last result could not be confirmed")
