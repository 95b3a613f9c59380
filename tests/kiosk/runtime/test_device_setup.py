"""``open_devices``: drivers built from config, talking to emulators on real ptys."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devices.bill_validator import Ready, ValidatorEvent
from devices.emulators.ccnet import CcnetEmulator
from devices.emulators.printer import PrinterEmulator
from devices.emulators.zvt import ZvtEmulator
from devices.printer import PaperState
from kiosk.config import load
from kiosk.runtime.device_setup import Devices, open_devices


@pytest.fixture
def emulators(tmp_path: Path) -> Iterator[dict[str, Any]]:
    bill = CcnetEmulator()
    bill.start()
    card = ZvtEmulator(str(tmp_path / "card")).start()
    printer = PrinterEmulator(str(tmp_path / "printer")).start()
    try:
        yield {"bill": bill, "card": card, "printer": printer}
    finally:
        printer.stop()
        card.stop()
        bill.stop()


def _env(emulators: dict[str, Any], **extra: str) -> dict[str, str]:
    return {"KIOSK_DEVICES__BILL_VALIDATOR__PORT": emulators["bill"].path,
            "KIOSK_DEVICES__CARD_TERMINAL__PORT": emulators["card"].port,
            "KIOSK_DEVICES__PRINTER__PORT": emulators["printer"].port, **extra}


def test_open_devices_on_emulators_gives_working_devices(emulators: dict[str, Any]) -> None:
    config = load(None, env=_env(emulators,
                                 KIOSK_DEVICES__CARD_TERMINAL__ACK_TIMEOUT_S="2.5",
                                 KIOSK_DEVICES__PRINTER__STATUS_TIMEOUT_S="0.8",
                                 KIOSK_DEVICES__PRINTER__PRINT_WHEN_UNKNOWN="true"))
    devices = open_devices(config)
    assert devices.validator and devices.terminal and devices.printer
    events: queue.Queue[ValidatorEvent] = queue.Queue()
    devices.validator.add_listener(events.put)  # before start: nothing is missed
    try:
        devices.start()
        while not isinstance(ev := events.get(timeout=10), Ready):
            pass
        assert 10000 in ev.denominations
        result = devices.terminal.pay(1500, "CNY", "ref-1")
        assert result.approved and emulators["card"].txns[-1].amount == 1500
        assert devices.printer.paper_state() is PaperState.OK
        # the options reached the drivers
        printer: Any = devices.printer
        assert (printer.status_timeout, printer.print_when_unknown) == (0.8, True)
        terminal: Any = devices.terminal
        assert terminal._link.ack_timeout == 2.5
        assert terminal.payment_timeout == config["timeouts.card_payment_s"]
    finally:
        devices.close()


def test_protocol_none_gives_no_device(emulators: dict[str, Any]) -> None:
    config = load(None, env=_env(emulators, KIOSK_DEVICES__CARD_TERMINAL__PROTOCOL="none",
                                 KIOSK_DEVICES__PRINTER__PROTOCOL="none"))
    devices = open_devices(config)
    try:
        assert devices.terminal is None and devices.printer is None
        assert devices.validator is not None
    finally:
        devices.close()
    assert open_devices(load(None, env={
        "KIOSK_DEVICES__BILL_VALIDATOR__PROTOCOL": "none",
        "KIOSK_DEVICES__CARD_TERMINAL__PROTOCOL": "none",
        "KIOSK_DEVICES__PRINTER__PROTOCOL": "none"})) == Devices(None, None, None)
