"""Build the three device drivers from config: the one place config meets ``devices/``.

Why its own module: the composition root (``kiosk run``), the demo and the technician
CLI all need the same drivers with the same options, and ``devices/`` must not read the
kiosk's config. Keys used: ``devices.<dev>.protocol`` (``"none"`` = no such device) and
``.port``; ``devices.card_terminal.password`` and ``.ack_timeout_s`` (ZVT T3);
``timeouts.card_payment_s`` (ZVT payment timeout); ``devices.printer.status_timeout_s``
and ``.print_when_unknown``; ``currency`` (validator bill-table hint);
``devices.scanner.port``/``.baudrate`` (QR scanner, ``protocol = "serial"``).

Everything is returned UNSTARTED, so the caller can attach listeners and the escrow
decider (``KioskCore`` does in its constructor) before the first event; then
``Devices.start()`` starts all three. What starting means per driver:
validator - opens its port on the driver's own thread and initialises (never raises for a
missing device: it keeps reconnecting and reports ``disconnected``); terminal - opens the
serial link and registers with the terminal (blocking; raises ``ZvtError`` or
``OSError`` when the terminal is absent); printer - opens its port (raises
``PrinterError``; a printer left unstarted opens its port on first use anyway); scanner -
opens its port on its own thread and reconnects (never raises).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from devices.bill_validator import BillValidator
from devices.card_terminal import CardTerminal
from devices.factory import open_bill_validator
from devices.printer import ReceiptPrinter
from devices.scanner.driver import ScannerDriver
from devices.zvt import open_card_terminal
from kiosk.config import Config

log = logging.getLogger(__name__)


@dataclass
class Devices:
    """The kiosk's drivers; ``None`` where the protocol is ``"none"``."""

    validator: BillValidator | None
    terminal: CardTerminal | None
    printer: ReceiptPrinter | None
    scanner: ScannerDriver | None = None

    def start(self) -> None:
        """Start every driver (see the module docstring for what each may raise)."""
        for device in (self.validator, self.terminal, self.printer, self.scanner):
            if device is not None:
                device.start()

    def close(self) -> None:
        """Close every driver; one failing close does not keep the others open."""
        for device in (self.scanner, self.printer, self.terminal, self.validator):
            if device is None:
                continue
            try:
                device.close()
            except Exception:  # shutting down: log and go on with the rest
                log.exception("closing %s failed", type(device).__name__)


def open_devices(config: Config) -> Devices:
    """Unstarted drivers for the configured protocols and ports.

    Raises ``devices.factory.UnknownProtocol`` or ``ValueError`` (a ZVT password that is
    not six digits) for settings ``kiosk.config`` could not check; nothing is opened yet.
    """
    validator: BillValidator | None = None
    proto = str(config.get("devices.bill_validator.protocol"))
    if proto != "none":
        validator = open_bill_validator(proto, str(config.get("devices.bill_validator.port")),
                                        currency_hint=str(config.get("currency")))
    terminal: CardTerminal | None = None
    if str(config.get("devices.card_terminal.protocol")) != "none":
        terminal = open_card_terminal(
            str(config.get("devices.card_terminal.port")), start=False,
            password=str(config.get("devices.card_terminal.password")),
            ack_timeout=float(config.get("devices.card_terminal.ack_timeout_s")),
            payment_timeout=float(config.get("timeouts.card_payment_s")))
    printer: ReceiptPrinter | None = None
    if str(config.get("devices.printer.protocol")) != "none":
        # python-escpos (and the Pillow it pulls in) costs ~125 ms to import: only when a
        # printer is configured, so a kiosk without one starts faster.
        from devices.escpos import open_printer

        printer = open_printer(
            str(config.get("devices.printer.port")), start=False,
            status_timeout=float(config.get("devices.printer.status_timeout_s")),
            print_when_unknown=bool(config.get("devices.printer.print_when_unknown")))
    scanner: ScannerDriver | None = None
    if str(config.get("devices.scanner.protocol")) == "serial":
        scanner = ScannerDriver(str(config.get("devices.scanner.port")),
                                baudrate=int(config.get("devices.scanner.baudrate")))
    return Devices(validator, terminal, printer, scanner)
