"""What the application sees of a card payment terminal.

The kiosk never touches card data: a result carries at most BIN + last four digits
(``masked_pan`` like ``622848******1234``), never a full PAN, track data or CVV.

``pay`` is blocking and meant to run on a worker thread; ``abort`` may be called from
any thread. ``pay`` always returns exactly one result and never raises for protocol
trouble: a link lost mid-payment yields ``CardResult(status="unknown")`` only when the
terminal's last result could not be read back on reconnect; it is never reported as
approved on a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

CardStatus = Literal["approved", "declined", "aborted", "timeout", "unknown", "error"]
#: Progress texts a terminal reports while a payment runs (the UI translates them).
PROGRESS_TEXTS = ("insert card", "enter PIN", "processing", "remove card", "please wait")
ProgressCallback = Callable[[str], None]
#: Characters a printed card number may be split by; they are dropped, not counted.
_SEPARATORS = frozenset(" -")


def mask_pan(pan: str) -> str:
    """BIN (first six) + last four in clear, every other position ``*``.

    The one card-number mask (the ZVT parser and the ledger both use it). Positions are
    counted over digits and mask characters alike, so an already-masked value
    (``622848******1234``, or a terminal's own ``4761********0119``) comes back unchanged:
    ``mask_pan(mask_pan(x)) == mask_pan(x)``. Any non-digit except a space or dash is a
    mask character. Ten positions or fewer show the last four only (BIN + last four would
    be the whole number).
    """
    chars = [c if c.isdigit() else "*" for c in pan if c not in _SEPARATORS]
    n = len(chars)
    keep = range(n - 4, n) if n <= 10 else [*range(6), *range(n - 4, n)]
    return "".join(c if i in keep else "*" for i, c in enumerate(chars))


@dataclass(frozen=True)
class CardResult:
    status: CardStatus
    amount: int = 0  # minor units
    currency: str = "CNY"
    reason: str = ""  # human-readable for non-approved results
    result_code: int | None = None  # the terminal's result code (ZVT bitmap 27)
    auth_code: str = ""
    receipt_no: int | None = None  # terminal receipt number, needed for reversal
    trace_no: int | None = None
    masked_pan: str = ""  # BIN + last four at most
    card_brand: str = ""
    terminal_id: str = ""

    @property
    def approved(self) -> bool:
        return self.status == "approved"


class CardTerminal(Protocol):
    def start(self) -> None:
        """Open the port (and register with the terminal); returns when ready or raises."""

    def close(self) -> None: ...

    def pay(self, amount: int, currency: str, reference: str,
            on_progress: ProgressCallback | None = None) -> CardResult:
        """Authorise ``amount`` minor units; blocks until a final result or the timeout."""

    def abort(self) -> None:
        """Ask the terminal to abort the running payment (thread-safe)."""

    def reverse(self, receipt_no: int) -> CardResult:
        """Reverse (void) an approved payment by its terminal receipt number."""

    def end_of_day(self) -> CardResult: ...

    def diagnostics(self) -> dict[str, object]: ...
