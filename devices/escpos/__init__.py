"""ESC/POS receipt printer (python-escpos over a pyserial port).

``open_printer(port, **opts)`` builds a started ``EscposPrinter``; options are the
driver's keyword arguments (status timeout, event listener, print_when_unknown).
"""

from __future__ import annotations

from typing import Any

from devices.escpos.driver import EscposPrinter, PaperEvent, PrinterError, decode_paper_status

__all__ = ["EscposPrinter", "PaperEvent", "PrinterError", "decode_paper_status", "open_printer"]


def open_printer(port: str, *, start: bool = True, **opts: Any) -> EscposPrinter:
    printer = EscposPrinter(port, **opts)
    if start:
        printer.start()
    return printer
