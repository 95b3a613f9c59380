"""ESC/POS driver (python-escpos) against the printer emulator over a real pty."""

from __future__ import annotations

import io

import pytest

from devices.emulators.printer import PrinterEmulator
from devices.escpos import PaperEvent, decode_paper_status, open_printer
from devices.printer import PaperState, ReceiptDocument

RECEIPT = ReceiptDocument(lines=("交易号 TX-0001", "金额 Amount   ¥100.00", "谢谢惠顾"),
                          qr_payload="https://k.example/t/TX-0001", title="话费充值")


@pytest.fixture
def emulator(tmp_path):
    emu = PrinterEmulator(str(tmp_path / "printer"), out=io.StringIO()).start()
    yield emu
    emu.stop()


@pytest.fixture
def events():
    return []


@pytest.fixture
def printer(emulator, events):
    prn = open_printer(emulator.port, status_timeout=0.3, on_event=events.append)
    yield prn
    prn.close()


@pytest.mark.parametrize(("reply", "state"), [
    (b"\x12", PaperState.OK), (b"\x1e", PaperState.NEAR_END), (b"\x72", PaperState.OUT),
    (b"", PaperState.UNKNOWN), (b"\xff", PaperState.UNKNOWN), (b"\x12\x12", PaperState.UNKNOWN),
])
def test_decode_paper_status(reply, state):
    assert decode_paper_status(reply) == state


def test_prints_chinese_text_qr_and_cuts(printer, emulator):
    result = printer.print_receipt(RECEIPT)
    assert result.ok and result.paper == PaperState.OK
    assert emulator.wait_receipts(1, 5)
    got = emulator.receipts[0]
    assert got.lines == ["话费充值", *RECEIPT.lines]
    assert got.qr == ["https://k.example/t/TX-0001"]
    assert "[QR] https://k.example/t/TX-0001" in emulator.out.getvalue()  # type: ignore[union-attr]
    assert emulator.status_queries >= 1


def test_a_second_qr_prints_after_the_first_under_its_caption(printer, emulator):
    doc = ReceiptDocument(lines=RECEIPT.lines, qr_payload=RECEIPT.qr_payload,
                          title=RECEIPT.title, extra_qr="1234567890766276",
                          extra_qr_caption="扫码使用凭证")
    assert printer.print_receipt(doc).ok
    assert emulator.wait_receipts(1, 5)
    got = emulator.receipts[0]
    assert got.qr == ["https://k.example/t/TX-0001", "1234567890766276"]
    assert got.lines == ["话费充值", *RECEIPT.lines, "扫码使用凭证"]


@pytest.mark.parametrize(("paper", "state"), [("ok", PaperState.OK),
                                              ("near_end", PaperState.NEAR_END),
                                              ("out", PaperState.OUT),
                                              ("silent", PaperState.UNKNOWN)])
def test_paper_states(printer, emulator, paper, state):
    emulator.paper = paper
    assert printer.paper_state() == state


def test_paper_out_refuses_and_emits_event(printer, emulator, events):
    assert printer.paper_state() == PaperState.OK
    emulator.paper = "out"
    result = printer.print_receipt(RECEIPT)
    assert not result.ok and result.paper == PaperState.OUT and result.reason == "paper out"
    assert events[-1] == PaperEvent(PaperState.OUT, PaperState.OK)
    assert emulator.receipts == []


def test_near_end_prints_and_emits_event(printer, emulator, events):
    emulator.paper = "near_end"
    result = printer.print_receipt(RECEIPT)
    assert result.ok and result.paper == PaperState.NEAR_END
    assert PaperEvent(PaperState.NEAR_END, PaperState.UNKNOWN) in events
    assert emulator.wait_receipts(1, 5)


def test_unknown_is_not_ok(printer, emulator):
    emulator.paper = "silent"
    result = printer.print_receipt(RECEIPT)
    assert not result.ok and result.paper == PaperState.UNKNOWN
    assert printer.diagnostics()["paper"] == "unknown"


def test_unknown_may_print_when_configured(emulator):
    emulator.paper = "silent"
    prn = open_printer(emulator.port, status_timeout=0.1, print_when_unknown=True)
    try:
        assert prn.print_receipt(RECEIPT).ok
    finally:
        prn.close()
    assert emulator.wait_receipts(1, 5)


def test_printer_unplugged_never_raises(tmp_path):
    emu = PrinterEmulator(str(tmp_path / "p")).start()
    prn = open_printer(emu.port, status_timeout=0.1)
    emu.stop()
    try:
        result = prn.print_receipt(RECEIPT)
        assert not result.ok and result.paper == PaperState.UNKNOWN
        assert prn.paper_state() == PaperState.UNKNOWN
    finally:
        prn.close()


def test_emulator_commands(emulator):
    assert emulator.command("paper out") == "paper out" and emulator.paper == "out"
    assert "commands" in emulator.command("nonsense")
