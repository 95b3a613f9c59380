"""A ZVT card terminal on a pseudo-terminal, for tests, demos and technicians.

Why it exists: the driver must be tested against the real wire, including the bad
days (declines, a customer who never inserts a card, a cable pulled mid-payment). The
emulator owns a pty, optionally publishes its slave path as a symlink (like a udev
``/dev/kiosk/card``) and re-creates the pty after a link drop, so a driver that reopens
the same path finds it again. It sends a *full* PAN on purpose: masking is the driver's
job and the tests check it.

Outcome per payment (``outcome``): approve, decline, abort (cancelled at the terminal),
timeout (waits for a card forever, until the ECR sends 06 B0), drop (closes the link
after "insert card"; ``drop_completes`` says whether the payment went through),
approve_after_abort (waits for the card until the ECR aborts, says nothing for
``late_approval_s`` and then approves anyway: the customer was charged after the kiosk
gave up, as a real terminal can do when the card was already being read).
``refuse_reversal`` makes the next reversals fail (result 0x64), so a late approval
cannot be undone automatically.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
import tty
from dataclasses import dataclass

from devices.emulators.zvt_wire import Unwrapper, apdu, bcd, llvar, unbcd, wrap

OUTCOMES = ("approve", "decline", "abort", "timeout", "drop", "approve_after_abort")


class LinkDropped(Exception):
    """Internal: the emulator pulled its own cable."""


@dataclass
class Txn:
    amount: int
    result: int
    receipt: int
    trace: int
    reversed: bool = False


class ZvtEmulator:
    def __init__(self, link_path: str | None = None, *, pan: str = "6228480402564890018",
                 terminal_id: str = "52012345", card_name: str = "UnionPay",
                 ack_timeout: float = 2.0, reopen_delay: float = 0.05) -> None:
        self.link_path = link_path
        self.pan, self.terminal_id, self.card_name = pan, terminal_id, card_name
        self.ack_timeout, self.reopen_delay = ack_timeout, reopen_delay
        self.outcome = "approve"
        self.pin = False
        self.drop_completes = False
        self.late_approval_s = 0.0
        self.refuse_reversal = False
        self.received: list[bytes] = []  # every APDU from the ECR (tests assert on it)
        self.txns: list[Txn] = []
        self.last: Txn | None = None
        self.batch_total = 0
        self._master = self._slave = -1
        self.slave_path = ""
        self._unwrap = Unwrapper()
        self._frames: list[bytes] = []
        self._links: list[int] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._abort_seen = False

    @property
    def port(self) -> str:
        return self.link_path or self.slave_path

    # --- lifecycle ----------------------------------------------------------------------
    def start(self) -> ZvtEmulator:
        self._open_pty()
        self._thread = threading.Thread(target=self._serve, name="zvt-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        self._close_pty()
        if self.link_path:
            with contextlib.suppress(OSError):
                os.unlink(self.link_path)

    def _open_pty(self) -> None:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.slave_path = os.ttyname(self._slave)
        self._unwrap = Unwrapper()
        self._frames, self._links = [], []
        if self.link_path:
            tmp = self.link_path + ".new"
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            os.symlink(self.slave_path, tmp)
            os.replace(tmp, self.link_path)

    def _close_pty(self) -> None:
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._master = self._slave = -1

    def drop_link(self) -> None:
        """Pull the cable now: close the pty; a new one appears after ``reopen_delay``."""
        self._close_pty()
        raise LinkDropped

    # --- wire -----------------------------------------------------------------------------
    def _pump(self, timeout: float) -> None:
        ready, _, _ = select.select([self._master], [], [], timeout)
        if not ready:
            return
        try:
            data = os.read(self._master, 4096)
        except OSError:
            return
        frames, links, bad = self._unwrap.feed(data)
        self._links += links
        for _ in range(bad):
            os.write(self._master, b"\x15")
        for f in frames:
            os.write(self._master, b"\x06")
            self.received.append(f)
            if f[:2] == b"\x06\xb0":
                self._abort_seen = True
        self._frames += frames

    def _send(self, msg: bytes) -> None:
        for _ in range(3):
            self._links.clear()
            os.write(self._master, wrap(msg))
            deadline = time.monotonic() + self.ack_timeout
            while time.monotonic() < deadline and not self._links and not self._stop.is_set():
                self._pump(0.02)
            if self._links and self._links[0] == 0x06:
                self._links.pop(0)
                return

    def _recv(self, timeout: float) -> bytes | None:
        deadline = time.monotonic() + timeout
        while not self._frames and time.monotonic() < deadline and not self._stop.is_set():
            self._pump(min(0.02, max(0.0, deadline - time.monotonic())))
        return self._frames.pop(0) if self._frames else None

    def _tell(self, cls: int, instr: int, data: bytes = b"") -> None:
        """Send a terminal message and wait for the ECR's 80 00 00 (or its abort)."""
        self._send(apdu(cls, instr, data))
        deadline = time.monotonic() + self.ack_timeout
        while time.monotonic() < deadline and not self._stop.is_set():
            got = self._recv(0.05)
            if got is not None and got[:1] == b"\x80":
                return

    # --- behaviour -------------------------------------------------------------------------
    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                msg = self._recv(0.05)
                if msg is not None:
                    self._handle(msg)
            except LinkDropped:
                if self._stop.wait(self.reopen_delay):
                    return
                self._open_pty()
            except OSError:
                if self._stop.wait(0.05):
                    return

    def _handle(self, msg: bytes) -> None:
        cmd, data = msg[:2], msg[3:] if msg[2:3] != b"\xff" else msg[5:]
        ok = apdu(0x80, 0x00)
        if cmd == b"\x06\x00":
            self._send(ok)
            self._tell(0x06, 0x0F, b"\x19\x00\x29" + bcd(int(self.terminal_id), 4)
                       + b"\x49" + bcd(156, 2))
        elif cmd == b"\x06\x01":
            self._pay(unbcd(data[1:7]) if data[:1] == b"\x04" else 0)
        elif cmd == b"\x06\x30":
            self._reverse(unbcd(data[4:6]) if data[3:4] == b"\x87" else -1)
        elif cmd == b"\x06\x50":
            self._send(ok)
            self._tell(0x04, 0xFF, b"\x0e")
            self._tell(0x04, 0x0F, b"\x27\x00\x04" + bcd(self.batch_total, 6))
            self.batch_total = 0
            self._tell(0x06, 0x0F)
        elif cmd == b"\x06\x20":
            self._send(ok)
            if self.last is None:
                self._tell(0x06, 0x1E, b"\xff")
            else:
                self._finish(self.last)
        elif cmd == b"\x06\xb0":
            self._send(ok)
        elif msg[:1] == b"\x80":
            pass  # a late ECR acknowledgement
        else:
            self._send(apdu(0x84, 0x83))

    def _pay(self, amount: int) -> None:
        self._abort_seen = False
        self._send(apdu(0x80, 0x00))
        self._tell(0x04, 0xFF, b"\x0a")  # insert card
        outcome = self.outcome
        if outcome == "drop":
            if self.drop_completes:
                self._record(amount, 0x00)
            self.drop_link()
        if outcome in ("timeout", "approve_after_abort"):
            while not self._abort_seen and not self._stop.is_set():
                self._pump(0.02)
        if outcome == "approve_after_abort":
            self._stop.wait(self.late_approval_s)  # silent: the abort goes unanswered
            self._tell(0x04, 0xFF, b"\x04")  # processing
            self._finish(self._record(amount, 0x00))
            return
        if self._abort_seen or outcome in ("abort", "timeout"):
            self._tell(0x06, 0x1E, b"\x6c")
            return
        if self.pin:
            self._tell(0x04, 0xFF, b"\x01")  # enter PIN
        self._tell(0x04, 0xFF, b"\x04")  # processing
        self._finish(self._record(amount, 0x00 if outcome == "approve" else 0x05))

    def _record(self, amount: int, result: int) -> Txn:
        n = len(self.txns) + 1
        txn = Txn(amount, result, receipt=n, trace=100 + n)
        self.txns.append(txn)
        self.last = txn
        if result == 0:
            self.batch_total += amount
        return txn

    def _finish(self, txn: Txn) -> None:
        info = (b"\x27" + bytes([txn.result]) + b"\x04" + bcd(txn.amount, 6) + b"\x49"
                + bcd(156, 2))
        if txn.result == 0:
            digits = self.pan + ("F" if len(self.pan) % 2 else "")
            info += (b"\x0b" + bcd(txn.trace, 3) + b"\x87" + bcd(txn.receipt, 2)
                     + b"\x29" + bcd(int(self.terminal_id), 4)
                     + b"\x3b" + f"{txn.trace:06d}  ".encode()
                     + b"\x22" + llvar(bytes.fromhex(digits))
                     + b"\x8b" + llvar(self.card_name.encode()))
        self._tell(0x04, 0x0F, info)
        if txn.result == 0:
            self._tell(0x06, 0x0F)
        else:
            self._tell(0x06, 0x1E, bytes([txn.result]))

    def _reverse(self, receipt: int) -> None:
        self._send(apdu(0x80, 0x00))
        txn = next((t for t in self.txns if t.receipt == receipt and t.result == 0), None)
        if txn is None or txn.reversed:
            self._tell(0x06, 0x1E, b"\x66")
            return
        if self.refuse_reversal:
            self._tell(0x06, 0x1E, b"\x64")
            return
        txn.reversed = True
        self.batch_total -= txn.amount
        info = b"\x27\x00\x04" + bcd(txn.amount, 6) + b"\x87" + bcd(receipt, 2)
        self._tell(0x04, 0x0F, info)
        self._tell(0x06, 0x0F)

    def command(self, line: str) -> str:
        """One CLI command (``approve``, ``decline``, ``pin on``, ``drop approve``...)."""
        words = line.split()
        if not words:
            return ""
        if words[0] in OUTCOMES:
            self.outcome = words[0]
            self.drop_completes = words[0] == "drop" and words[1:2] == ["approve"]
            return f"next payment: {line.strip()}"
        if words[0] == "refuse-reversal":
            self.refuse_reversal = words[1:2] != ["off"]
            return f"reversals {'refused' if self.refuse_reversal else 'accepted'}"
        if words[0] == "pin":
            self.pin = words[1:2] != ["off"]
            return f"PIN prompt {'on' if self.pin else 'off'}"
        if words[0] == "status":
            return (f"port={self.port} outcome={self.outcome} pin={self.pin} "
                    f"txns={len(self.txns)} batch_total={self.batch_total}")
        return ("commands: approve | decline | abort | timeout | drop [approve]"
                " | approve_after_abort | refuse-reversal on|off | pin on|off | status")
