"""ZVT driver against the independent emulator over a real pty."""

from __future__ import annotations

import logging
import re
import threading

import pytest

from devices.emulators.zvt import ZvtEmulator
from devices.zvt import ZvtTerminal, open_card_terminal

PAN_PATTERN = re.compile(r"\d{13,19}")


@pytest.fixture
def emulator(tmp_path):
    emu = ZvtEmulator(str(tmp_path / "card"), ack_timeout=1.0).start()
    yield emu
    emu.stop()


@pytest.fixture
def terminal(emulator):
    term = open_card_terminal(emulator.port, ack_timeout=0.5, payment_timeout=5.0,
                              command_timeout=3.0, abort_wait=2.0, reconnect_timeout=3.0,
                              reconnect_interval=0.05)
    yield term
    term.close()


def test_approve_masks_card_and_reports_progress(terminal, emulator):
    seen: list[str] = []
    result = terminal.pay(10000, "CNY", "tx-1", seen.append)
    assert result.status == "approved"
    assert result.amount == 10000 and result.currency == "CNY"
    assert result.receipt_no == 1 and result.trace_no == 101
    assert result.auth_code == "000101"
    assert result.masked_pan == "622848*********0018"
    assert result.card_brand == "UnionPay" and result.terminal_id == "52012345"
    assert seen == ["insert card", "processing"]
    pay_cmd = next(f for f in emulator.received if f[:2] == b"\x06\x01")
    assert pay_cmd == bytes.fromhex("06 01 0a 04 000000010000 49 0156")


def test_pin_prompt_progress(terminal, emulator):
    emulator.pin = True
    seen: list[str] = []
    assert terminal.pay(500, "CNY", "tx-2", seen.append).approved
    assert seen == ["insert card", "enter PIN", "processing"]


def test_decline(terminal, emulator):
    emulator.outcome = "decline"
    result = terminal.pay(8000, "CNY", "tx-3")
    assert result.status == "declined"
    assert result.result_code == 0x05 and "declined" in result.reason
    assert result.masked_pan == ""


def test_abort_at_terminal(terminal, emulator):
    emulator.outcome = "abort"
    result = terminal.pay(8000, "CNY", "tx-4")
    assert result.status == "aborted" and result.reason == "aborted at the terminal"


def test_abort_from_kiosk(terminal, emulator):
    emulator.outcome = "timeout"  # waits for a card until the ECR aborts
    started = threading.Event()

    def progress(text: str) -> None:
        if text == "insert card":
            started.set()

    box: list = []
    worker = threading.Thread(target=lambda: box.append(terminal.pay(8000, "CNY", "t", progress)))
    worker.start()
    assert started.wait(5)
    terminal.abort()
    worker.join(10)
    assert box[0].status == "aborted" and box[0].reason == "aborted by the kiosk"
    assert any(f[:2] == b"\x06\xb0" for f in emulator.received)


def test_overall_timeout_aborts_and_reports_timeout(emulator):
    emulator.outcome = "timeout"
    term = open_card_terminal(emulator.port, ack_timeout=0.5, payment_timeout=0.3,
                              abort_wait=2.0)
    try:
        result = term.pay(8000, "CNY", "t")
    finally:
        term.close()
    assert result.status == "timeout" and result.result_code == 0x6C


def test_link_drop_after_approval_recovers_last_result(terminal, emulator):
    emulator.command("drop approve")
    result = terminal.pay(2500, "CNY", "tx-drop")
    assert result.status == "approved"
    assert result.receipt_no == 1 and "recovered" in result.reason
    assert any(f[:2] == b"\x06\x20" for f in emulator.received)


def test_link_drop_without_result_is_unknown(terminal, emulator):
    emulator.command("drop")
    result = terminal.pay(2500, "CNY", "tx-drop")
    assert result.status == "unknown"


def test_link_drop_repeat_of_older_receipt_is_not_approval(terminal, emulator):
    assert terminal.pay(2500, "CNY", "first").approved
    emulator.command("drop")  # the terminal still remembers the first payment
    assert terminal.pay(2500, "CNY", "second").status == "unknown"


def test_terminal_gone_for_good_is_unknown(emulator):
    term = open_card_terminal(emulator.port, ack_timeout=0.2, payment_timeout=5.0,
                              reconnect_timeout=0.3, reconnect_interval=0.05)
    emulator.outcome = "drop"
    emulator.reopen_delay = 30.0
    try:
        assert term.pay(100, "CNY", "x").status == "unknown"
    finally:
        term.close()


def test_reversal(terminal, emulator):
    paid = terminal.pay(3000, "CNY", "tx")
    assert paid.receipt_no is not None
    reversed_ = terminal.reverse(paid.receipt_no)
    assert reversed_.status == "approved" and reversed_.amount == 3000
    again = terminal.reverse(paid.receipt_no)
    assert again.status == "declined" and again.result_code == 0x66


def test_end_of_day_totals(terminal, emulator):
    terminal.pay(3000, "CNY", "a")
    terminal.pay(1500, "CNY", "b")
    result = terminal.end_of_day()
    assert result.status == "approved" and result.amount == 4500


def test_invalid_amount_is_error_without_io(terminal):
    assert terminal.pay(0, "CNY", "x").status == "error"
    assert terminal.pay(100, "XXX", "x").status == "error"


def test_no_card_number_in_logs_results_or_diagnostics(terminal, emulator, caplog):
    caplog.set_level(logging.DEBUG, logger="devices.zvt")
    emulator.pin = True
    texts = [repr(terminal.pay(10000, "CNY", "tx"))]
    emulator.command("drop approve")
    texts.append(repr(terminal.pay(2000, "CNY", "tx2")))
    texts.append(repr(terminal.reverse(1)))
    texts.append(repr(terminal.end_of_day()))
    texts.append(repr(terminal.diagnostics()))
    texts += [r.getMessage() for r in caplog.records]
    texts += [str(r.args) for r in caplog.records]
    assert any("04 0f" in t for t in texts)  # status info was logged, redacted
    for text in texts:
        assert not PAN_PATTERN.search(text), text
        assert emulator.pan not in text


def test_registration_sends_password_and_currency(emulator):
    term = ZvtTerminal(emulator.port, password="123456", ack_timeout=0.5)
    term.start()
    term.close()
    reg = emulator.received[0]
    assert reg[:2] == b"\x06\x00" and reg[3:6] == bytes.fromhex("123456")
    assert term.diagnostics()["registered"] is True


def test_registration_waits_for_a_running_command(emulator):
    """A background registration must not interleave with a payment on the same link."""
    import threading

    term = ZvtTerminal(emulator.port, ack_timeout=0.5, command_timeout=5.0)
    term._link.open()
    try:
        term._busy.acquire()  # a payment is running
        registering = threading.Thread(target=term._register)
        registering.start()
        registering.join(0.3)
        assert registering.is_alive(), "registration ran while the link was busy"
        term._busy.release()
        registering.join(5)
        assert not registering.is_alive()
        assert term.diagnostics()["registered"] is True
    finally:
        term.close()


def test_terminal_that_approves_after_an_abort(terminal, emulator):
    """The hostile terminal: the kiosk aborts, the terminal stays silent, then approves.

    What the driver reports is the terminal's word (approved, with its receipt), however
    late: the app must record it (issue 14, class 5). With ``refuse_reversal`` the
    automatic undo fails too.
    """
    emulator.outcome = "approve_after_abort"
    emulator.late_approval_s = 0.3
    emulator.refuse_reversal = True
    started = threading.Event()
    box: list = []
    worker = threading.Thread(target=lambda: box.append(terminal.pay(
        8000, "CNY", "t", lambda text: started.set() if text == "insert card" else None)))
    worker.start()
    assert started.wait(5)
    terminal.abort()
    worker.join(10)
    assert box[0].status == "approved" and box[0].receipt_no is not None
    assert emulator.txns[-1].amount == 8000 and emulator.batch_total == 8000
    refused = terminal.reverse(box[0].receipt_no)
    assert not refused.approved and emulator.batch_total == 8000
