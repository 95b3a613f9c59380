"""Issue 19: find my payment (查找我的付款) from the home screen.

A paid top-up's receipt number typed on the keypad (the dash comes by itself) or its QR
held under the scanner leads to the payment's status in words, with a reprint; wrong
numbers get one answer, five of them pause the search and say how long; the page
redraws in the other language. Real window, real core, fake devices (``customer_rig``).
"""

from __future__ import annotations

import pytest

from devices.printer import PaperState, PrintResult
from kiosk.rules.receipt_ref import parse, verify
from tests.support.fakes import FakeScanner
from tests.ui.customer_rig import shown_rig

SECRET = b"s" * 32
NUMBER = "13800138000"


@pytest.fixture
def rig(styled_app, qtbot, tmp_path, fake_clock):
    with shown_rig(qtbot, tmp_path, fake_clock, secret=SECRET, scanner=FakeScanner()) as r:
        yield r


def pay(rig, number: str = NUMBER) -> str:
    """A ¥50 cash top-up paid in full, back on the home screen: its receipt number."""
    rig.at("attract")
    rig.tile("topup")
    rig.enter("number", number)
    rig.choose("amount", "5000")
    rig.pay("cash")
    rig.insert(5000)
    rig.at("result")
    ref = dict(rig.flow.result.view.rows)["Reference"]
    rig.flow.result.done_button.click()
    rig.at("attract")
    return ref


def open_find(rig) -> None:
    rig.at("attract")
    assert rig.flow.attract.find_payment.isVisible()
    rig.flow.attract.find_payment.click()
    rig.at("find")


def type_number(rig, ref: str) -> None:
    page = rig.flow.find.entry
    page.keypad.keys["clear"].click()
    page.keypad.press(ref.replace("-", ""))
    assert page.display.text() == ref  # the dash is put back where the receipt has it
    page.next_button.click()
    rig.settle()


def test_pay_then_find_by_number_then_reprint(rig):
    ref = pay(rig)
    printed = len(rig.printer.printed)
    open_find(rig)
    assert rig.scanner.enabled  # the receipt's QR can be held under the scanner
    assert "scanner" in rig.flow.find.entry.prompt.text()
    type_number(rig, ref)
    rig.at("find_status")
    assert not rig.scanner.enabled  # off once the number page is left
    page = rig.flow.find.status
    assert page.view.headline == "Top-up successful"
    rows = dict(page.view.rows)
    assert rows["Reference"] == ref
    assert rows["Service"] == "Mobile top-up"
    assert rows["Mobile number"] == "138 **** 8000"  # masked
    assert rows["Amount"] == rig.flow.fmt(5000)
    assert rows["Server"] == "Not yet sent"
    assert "T" not in rows["Time"] and "Z" not in rows["Time"]  # local, not ISO UTC
    assert page.action_button.text() == "Reprint receipt"
    page.action_button.click()
    rig.settle()
    rig.at("find_status")
    assert len(rig.printer.printed) == printed + 1
    assert rig.printer.printed[-1].lines == rig.printer.printed[printed - 1].lines
    assert page.receipt.text() == "Please take your receipt."
    assert page.action_button.isHidden()  # one extra slip per look-up
    page.done_button.click()
    rig.at("attract")


def test_reprint_without_paper_shows_the_receipt_qr(rig):
    ref = pay(rig)
    rig.printer.print_receipt = lambda doc: PrintResult(False, PaperState.OUT, "out")
    open_find(rig)
    type_number(rig, ref)
    rig.at("find_status")
    page = rig.flow.find.status
    page.action_button.click()
    rig.settle()
    rig.at("find_status")
    assert page.qr.isVisible() and page.view.qr_payload
    found = parse(page.view.qr_payload)
    verify(SECRET, found)
    assert page.receipt.text().startswith("The printer cannot print now")


def test_scanned_receipt_qr_finds_the_payment(rig):
    pay(rig)
    txn = rig.core.ledger.store.query("SELECT id FROM kiosk_transactions")[0]["id"]
    qr = rig.core.receipt_qr(txn)
    assert parse(qr).transaction_id == txn  # the QR is the signed reference
    open_find(rig)
    assert rig.scanner.read(qr)
    rig.settle()
    rig.at("find_status")
    assert dict(rig.flow.find.status.view.rows)["Amount"] == rig.flow.fmt(5000)


def test_a_payment_code_at_the_scanner_is_not_a_receipt(rig):
    open_find(rig)
    for _ in range(6):  # held under the scanner: read again and again
        assert rig.scanner.read("134567890123456789")
        rig.settle()
        rig.at("find")
    assert rig.flow.find.entry.message.text() == "This code is not a receipt from this kiosk."
    assert rig.core.lookup._failures == 0  # no try used up: the keypad still works


def test_a_refused_receipt_under_the_scanner_is_asked_about_once(rig):
    from kiosk.rules.receipt_ref import sign

    ref = pay(rig)
    txn = rig.core.ledger.store.query("SELECT id FROM kiosk_transactions")[0]["id"]
    forged = sign(b"another kiosk's key", "K0001", txn).text
    open_find(rig)
    for _ in range(6):
        assert rig.scanner.read(forged)  # the scanner stays on through the look-up
        rig.settle()
        rig.at("find")
    assert rig.core.lookup._failures == 1  # one wrong try, not six (no pause)
    type_number(rig, ref)
    rig.at("find_status")


def test_five_wrong_numbers_pause_the_search_and_say_how_long(rig):
    ref = pay(rig)
    seq, check = ref.split("-")
    wrong = f"{seq}-{(int(check) + 1) % 1_000_000:06d}"
    open_find(rig)
    page = rig.flow.find.entry
    for _ in range(5):
        type_number(rig, wrong)
        rig.at("find")
        assert page.message.text() == ("No payment with this number at this kiosk. Please "
                                       "check the number on your receipt.")
        assert not page.next_button.isEnabled()
        assert page.display.text() == wrong  # kept for correcting
    type_number(rig, ref)  # even the right one, while paused
    rig.at("find")
    assert page.message.text() == "Too many wrong numbers. Please wait 61 seconds, then " \
        "try again."
    rig.window.set_language("zh_CN")
    assert "61" in page.message.text() and "秒" in page.message.text()
    rig.window.set_language("en")
    rig.clock.advance(61)
    type_number(rig, ref)
    rig.at("find_status")


def test_the_pause_counts_down_and_then_lets_the_same_digits_go(rig):
    ref = pay(rig)
    seq, check = ref.split("-")
    wrong = f"{seq}-{(int(check) + 1) % 1_000_000:06d}"
    open_find(rig)
    page = rig.flow.find.entry
    for _ in range(5):
        type_number(rig, wrong)
    type_number(rig, ref)
    assert "61 seconds" in page.message.text()
    rig.clock.advance(30)
    rig.flow.inactivity.poll()
    assert "31 seconds" in page.message.text()  # counts down on the page
    assert not page.next_button.isEnabled()
    rig.clock.advance(31)
    rig.flow.inactivity.poll()
    assert "wait" not in page.message.text() and page.message.objectName() != "error"
    assert page.display.text() == ref and page.next_button.isEnabled()  # kept, sendable
    page.next_button.click()
    rig.settle()
    rig.at("find_status")


def test_language_switch_redraws_the_status_page(rig):
    ref = pay(rig)
    open_find(rig)
    type_number(rig, ref)
    rig.at("find_status")
    page = rig.flow.find.status
    rig.window.set_language("zh_CN")
    assert page.headline.text() == "充值成功"
    assert "手机充值" in dict(page.view.rows).values()
    assert page.done_button.text() == "返回首页"
    assert all(not any(c.isascii() and c.isalpha() for c in label)
               for label, _ in page.view.rows)  # no row left in English
    rig.window.set_language("en")
    assert page.headline.text() == "Top-up successful"


def test_number_page_needs_all_digits(rig):
    open_find(rig)
    page = rig.flow.find.entry
    page.keypad.press("429559")
    assert not page.next_button.isEnabled()
    page.keypad.press("7")
    assert page.display.text() == "4-295597" and page.next_button.isEnabled()


def test_voice_guidance_speaks_the_find_pages(rig, tmp_path):
    from ui.voice.cache import VoiceCache
    from ui.voice.guide import VoiceGuide
    from ui.voice.prompts import PROMPTS

    guide = VoiceGuide(rig.window, VoiceCache(tmp_path / "voice"))
    assert guide.prompt_for("find") == "find_payment" in PROMPTS
    assert guide.prompt_for("find_status") == "result.info" in PROMPTS  # a status to read


@pytest.mark.parametrize(("status", "kind", "title", "reprint"), [
    ("completed", "success", "Top-up successful", True),
    ("credited", "credited", "Not paid: kept as a change voucher", True),
    ("cancelled", "failure", "Payment cancelled", False),
    ("reversed", "failure", "Payment failed", True),
    ("failed", "failure", "Payment failed", True),
    ("cash", "info", "Still being processed", False),  # not final: no receipt yet
])
def test_every_status_is_said_in_words(qapp, status, kind, title, reprint):
    from kiosk.payment.lookup import FoundPayment
    from ui.find import Answer, status_view

    found = FoundPayment("123e4567-e89b-12d3-a456-426614174000", 7, status, "topup", None,
                         NUMBER, "CNY", 5000, "1234567890123456" if status == "credited"
                         else None, None, None,
                         late_credits=(("6543210987654321", 2000),))
    view = status_view("en", Answer(found, "7-123456", None))
    assert (view.outcome, view.headline) == (kind, title)
    assert bool(view.action) is reprint
    rows = dict(view.rows)
    assert rows["Mobile number"] == "138 **** 8000" and "Server" not in rows
    assert rows["Late note ¥20.00, voucher"] == "6543 2109 8765 4321"
    assert ("Amount" in rows) is (status != "cancelled")
    if status == "credited":
        assert view.voucher_code and "¥50.00" in view.message
