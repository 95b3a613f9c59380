"""The one home of the test fakes shared across tests/ (import from ``tests.support.fakes``).

Smallest seam, smallest fake: each stands in for one device interface of ``devices`` (or
for time) and records what the code under test asked of it. Events are delivered
synchronously on the caller's thread, so tests need no waits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from devices.bill_validator import (
    Escrow,
    EscrowDecider,
    EscrowDecision,
    Listener,
    Rejected,
    Returned,
    Stacked,
    ValidatorEvent,
)
from devices.card_terminal import CardResult, ProgressCallback
from devices.printer import PaperState, PrintResult, ReceiptDocument
from devices.scanner.events import CodeRead


class FakeClock:
    """Unix seconds (wall and monotonic in one) that move only when a test says so."""

    def __init__(self, start: float = 1_760_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeValidator:
    """A validator whose notes are inserted by the test; events delivered synchronously.

    ``hold_stack=True`` answers STACK but keeps the note in the stacker path (no event),
    which is what a crash or jam mid-stack looks like; ``finish_stack``/``lose_held``
    settle it afterwards.
    """

    currency = "CNY"

    def __init__(self, denominations: Iterable[int] = (1000, 2000, 5000, 10000)) -> None:
        self._denoms = tuple(denominations)
        self.enabled: tuple[int, ...] = ()
        self.connected = True  # the maintenance tests unplug it
        self.listeners: list[Listener] = []
        self.decider: EscrowDecider | None = None
        self.stacked: list[int] = []  # what is physically in the cassette
        self.held: int | None = None
        self.log: list[str] = []

    def start(self) -> None: ...
    def close(self) -> None: ...

    def enable(self, denominations: Iterable[int]) -> None:
        self.enabled = tuple(denominations)
        self.log.append(f"enable {self.enabled}")

    def disable(self) -> None:
        self.enabled = ()

    def denominations(self) -> tuple[int, ...]:
        return self._denoms

    def add_listener(self, listener: Listener) -> None:
        self.listeners.append(listener)

    def set_escrow_decider(self, decider: EscrowDecider) -> None:
        self.decider = decider

    def diagnostics(self) -> dict[str, object]:
        return {"model": "fake", "protocol": "fake", "connected": self.connected,
                "device_state": "idle", "last_error": "" if self.connected else "no reply",
                "notes_stacked": 3}

    def emit(self, ev: ValidatorEvent) -> None:
        for fn in list(self.listeners):
            fn(ev)

    def insert(self, amount: int, *, hold_stack: bool = False) -> str:
        """Returns "rejected", "returned", "stacked" or "held"."""
        if amount not in self.enabled:
            self.emit(Rejected("disabled note"))
            return "rejected"
        decision = self.decider(Escrow(amount, "CNY")) if self.decider else EscrowDecision.RETURN
        if decision is EscrowDecision.RETURN:
            self.emit(Returned(amount, "CNY"))
            return "returned"
        if hold_stack:
            self.held = amount
            return "held"
        self.stacked.append(amount)
        self.emit(Stacked(amount, "CNY"))
        return "stacked"

    def finish_stack(self, *, emit: bool = True) -> None:
        assert self.held is not None
        self.stacked.append(self.held)
        if emit:
            self.emit(Stacked(self.held, "CNY"))
        self.held = None


class FakeTerminal:
    def __init__(self) -> None:
        self.results: list[CardResult] = []
        self.reverse_results: list[CardResult] = []
        self.paid: list[tuple[int, str]] = []
        self.reversed: list[int] = []
        self.aborted = threading.Event()
        self._receipt = 100

    def approve_next(self, amount: int) -> None:
        self._receipt += 1
        self.results.append(CardResult("approved", amount, auth_code="A1B2C3",
                                       receipt_no=self._receipt, masked_pan="6228480000001234",
                                       card_brand="UnionPay"))

    def start(self) -> None: ...
    def close(self) -> None: ...

    def pay(self, amount: int, currency: str, reference: str,
            on_progress: ProgressCallback | None = None) -> CardResult:
        self.paid.append((amount, reference))
        if on_progress:
            on_progress("insert card")
        if not self.results:
            return CardResult("timeout", amount, reason="no card")
        return self.results.pop(0)

    def abort(self) -> None:
        self.aborted.set()

    def reverse(self, receipt_no: int) -> CardResult:
        self.reversed.append(receipt_no)
        if self.reverse_results:
            return self.reverse_results.pop(0)
        return CardResult("approved", receipt_no=receipt_no)

    def end_of_day(self) -> CardResult:
        return CardResult("approved")

    def diagnostics(self) -> dict[str, object]:
        return {}


class FakePrinter:
    """Always has paper; keeps every receipt it was asked to print."""

    def __init__(self) -> None:
        self.printed: list[ReceiptDocument] = []

    def start(self) -> None: ...
    def close(self) -> None: ...

    def paper_state(self) -> PaperState:
        return PaperState.OK

    def print_receipt(self, receipt: ReceiptDocument) -> PrintResult:
        self.printed.append(receipt)
        return PrintResult(True, PaperState.OK)

    def diagnostics(self) -> dict[str, object]:
        return {"protocol": "fake", "open": True, "paper": "ok"}


class FakeScanner:
    """A QR scanner: ``read(code)`` delivers a code like the driver, only while enabled
    (the driver's software gate), to every listener on the caller's thread."""

    def __init__(self) -> None:
        self.enabled = False
        self.listeners: list[Callable[[object], None]] = []

    def add_listener(self, fn: Callable[[object], None]) -> None:
        self.listeners.append(fn)

    def enable(self) -> None:
        self.enabled = True

    def disable(self) -> None:
        self.enabled = False

    def read(self, code: str) -> bool:
        """Hold ``code`` under the scanner; False when the gate dropped it."""
        if not self.enabled:
            return False
        for fn in list(self.listeners):
            fn(CodeRead(code))
        return True


TEST_SECRET = bytes.fromhex("00112233445566778899aabbccddeeff")


def signed_allowance(now: float, *, kiosk_id: str = "K0001", secret: bytes = TEST_SECRET,
                     valid_s: int = 86400, **terms: int) -> dict[str, object]:
    """A server-style signed offline allowance (docs/protocols.md), for kiosk tests."""
    from kiosk.rules.allowance import signature
    body: dict[str, object] = {
        "kiosk_id": kiosk_id, "serial": "test", "currency": "CNY", "issued_at": int(now),
        "expires_at": int(now) + valid_s, "per_transaction": 50000, "total": 200000,
        "count": 20, "max_age_s": 86400, "credit_within_s": 86400, **terms}
    return {"allowance": body, "signature": signature(secret, body)}
