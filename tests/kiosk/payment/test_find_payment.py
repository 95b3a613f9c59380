"""Find my payment through ``KioskCore``: the receipt QR carries the signed reference,
a found payment's receipt prints again (or becomes the on-screen QR), and the scanner
reads a receipt's QR only while find my payment asks and no session is live."""

from __future__ import annotations

import pytest

from devices.printer import PaperState, PrintResult
from kiosk.config import load
from kiosk.errors import SessionError
from kiosk.payment.core import KioskCore
from kiosk.rules.receipt_ref import parse, sign, verify
from tests.support.fakes import TEST_SECRET, FakePrinter, FakeScanner, signed_allowance

CHECK_URL = "https://bo.example.com/check"


@pytest.fixture
def scanner():
    return FakeScanner()


@pytest.fixture
def printer():
    return FakePrinter()


@pytest.fixture
def core(store, clock, fake_validator, printer, scanner):
    from devices.bill_validator import Ready

    config = load(None, env={"KIOSK_RECEIPTS__CHECK_URL": CHECK_URL})
    c = KioskCore(config, store, validator=fake_validator, printer=printer, scanner=scanner,
                  wall_clock=clock, clock=clock,  # type: ignore[arg-type]
                  run_async=lambda fn: fn(), secret=TEST_SECRET)
    c.accept_allowance(signed_allowance(clock()))
    fake_validator.emit(Ready((1000, 2000, 5000, 10000), "CNY"))
    c.start(device_wait_s=0)
    return c


def cash_topup(core, fake_validator, amount: int = 5000):
    s = core.start_topup("13800138000", amount)
    core.pay_cash()
    fake_validator.insert(amount)
    assert s.outcome is not None
    return s.outcome


def test_receipt_qr_is_the_signed_reference_on_the_check_page(core, fake_validator):
    out = cash_topup(core, fake_validator)
    qr = core.receipt(out).qr_payload
    assert qr.startswith(CHECK_URL + "?ref=R1.K0001.")
    ref = parse(qr)
    verify(TEST_SECRET, ref)
    assert ref.transaction_id == out.transaction_id
    assert ref == sign(TEST_SECRET, "K0001", out.transaction_id)
    assert core.find_payment(qr).transaction_id == out.transaction_id  # scanned back


def test_without_a_check_url_the_qr_is_the_bare_reference(store, clock, fake_validator):
    c = KioskCore(load(None, env={}), store, validator=fake_validator, wall_clock=clock,
                  clock=clock, run_async=lambda fn: fn(), secret=TEST_SECRET)  # type: ignore[arg-type]
    from devices.bill_validator import Ready
    fake_validator.emit(Ready((5000,), "CNY"))
    c.start(device_wait_s=0)
    out = cash_topup(c, fake_validator)
    assert c.receipt(out).qr_payload == sign(TEST_SECRET, "K0001", out.transaction_id).text


def test_reprint_prints_the_same_receipt_again(core, fake_validator, printer):
    out = cash_topup(core, fake_validator)
    first = printer.printed[-1] if printer.printed else core.receipt(out)
    again = core.reprint_receipt(out.transaction_id, "en")
    assert again.printed is not None and again.printed.ok and again.qr_payload == ""
    assert printer.printed[-1].lines == core.receipt(out, "en").lines
    assert printer.printed[-1].qr_payload == first.qr_payload


def test_reprint_without_paper_gives_the_on_screen_qr(core, fake_validator, printer):
    out = cash_topup(core, fake_validator)
    printer.print_receipt = lambda doc: PrintResult(False, PaperState.OUT, "out")
    again = core.reprint_receipt(out.transaction_id)
    assert again.printed is not None and not again.printed.ok
    assert parse(again.qr_payload).transaction_id == out.transaction_id


def test_no_reprint_for_a_cancelled_or_unfinished_payment(core, fake_validator):
    s = core.start_topup("13800138000", 5000)
    core.pay_cash()
    with pytest.raises(SessionError):
        core.reprint_receipt(str(s.txn_id))  # still open: never finalized by a reprint
    assert core.ledger.row(str(s.txn_id))["status"] not in ("completed", "cancelled")
    core.cancel()
    with pytest.raises(SessionError):
        core.reprint_receipt(str(s.txn_id))


def test_scanner_reads_receipts_only_while_asked_and_no_session(core, fake_validator,
                                                                scanner):
    out = cash_topup(core, fake_validator)
    seen: list[str] = []
    core.add_scan_listener(seen.append)
    code = core.receipt_qr(out.transaction_id)
    assert not scanner.read(code)  # off until find my payment asks
    assert core.scan_receipts(True) and scanner.enabled
    assert scanner.read(code) and seen == [code]
    assert not core.scan_receipts(False) and not scanner.enabled
    core.scan_receipts(True)
    core.start_topup("13912345678", 5000)  # a session takes the scanner over
    assert not scanner.enabled
    assert not core.scan_receipts(True)  # and find my payment cannot have it meanwhile
    assert not scanner.enabled and seen == [code]


def test_without_a_scanner_find_my_payment_only_types(store, clock, fake_validator):
    c = KioskCore(load(None, env={}), store, validator=fake_validator, wall_clock=clock,
                  clock=clock, secret=TEST_SECRET)  # type: ignore[arg-type]
    assert c.scan_receipts(True) is False


@pytest.fixture
def china_time(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "CST-8")  # POSIX form: UTC+8 without tzdata
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_receipt_time_is_the_kiosks_local_time(core, fake_validator, clock, china_time):
    from datetime import datetime, timedelta, timezone

    out = cash_topup(core, fake_validator)
    local = datetime.fromtimestamp(clock(), timezone(timedelta(hours=8)))
    lines = core.receipt(out, "en").lines
    assert any(line.startswith("Time") and line.endswith(local.strftime("%Y-%m-%d %H:%M:%S"))
               for line in lines), lines  # the status page's time, not UTC
