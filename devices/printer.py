"""What the application sees of a receipt printer.

"Unknown" paper state is its own state, never treated as OK: a printer that does not
answer DLE EOT may be out of paper. A failed print never blocks or undoes a payment;
the application keeps the receipt and offers it as an on-screen QR code.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Protocol


class PaperState(enum.Enum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ReceiptDocument:
    """A rendered receipt: text lines (already laid out for the paper width) and a QR payload.

    ``extra_qr``: a second QR printed after the first, under its own ``extra_qr_caption``
    (a receipt with a voucher: the voucher code, for the voucher entry page's scanner)."""

    lines: tuple[str, ...]
    qr_payload: str = ""
    title: str = ""
    extra_qr: str = ""
    extra_qr_caption: str = ""


@dataclass(frozen=True)
class PrintResult:
    ok: bool
    paper: PaperState
    reason: str = ""
    extra: dict[str, object] = field(default_factory=dict)


class ReceiptPrinter(Protocol):
    def start(self) -> None: ...

    def close(self) -> None: ...

    def paper_state(self) -> PaperState:
        """Query the printer now (DLE EOT); ``UNKNOWN`` if it does not answer in time."""

    def print_receipt(self, receipt: ReceiptDocument) -> PrintResult:
        """Check paper, print and cut; never raises for device trouble."""

    def diagnostics(self) -> dict[str, object]: ...
