"""Issue 19: every outcome explained to a stranger, the number checkable, one language.

Each test walks the real window over the real core (fake devices and server, one fake
clock; ``tests.ui.customer_rig``) and checks what the customer reads.
"""

from __future__ import annotations

import pytest

from devices.bill_validator import Jam
from tests.ui.customer_rig import (
    PAID_UP_ACCOUNT,
    SUSPENDED,
    UNKNOWN_ACCOUNT,
    WATER_ACCOUNT,
    shown_rig,
)

NUMBER = "13800138000"


@pytest.fixture
def rig(styled_app, qtbot, tmp_path, fake_clock):
    with shown_rig(qtbot, tmp_path, fake_clock) as r:
        yield r


def start_topup(rig, amount: str = "5000", number: str = NUMBER) -> None:
    rig.at("attract")
    rig.tile("topup")
    rig.enter("number", number)
    rig.choose("amount", amount)
    rig.at("confirm")


def start_bill(rig, account: str) -> None:
    rig.at("attract")
    rig.tile("bill_payment")
    rig.choose("biller", "CITY_WATER")
    rig.enter("account", account)


# --- item 1: a declined card ------------------------------------------------------------
def test_declined_card_says_so_on_the_confirm_screen(rig):
    start_topup(rig)
    rig.decline_next("insufficient funds")
    rig.pay("card")
    rig.at("confirm")
    notice = rig.flow.confirm.notice.text()
    assert "declined" in notice and "No money was taken" in notice
    assert rig.flow.confirm.notice.isVisible()


def test_leaving_after_a_decline_prints_nothing_and_stays_home(rig):
    start_topup(rig)
    rig.decline_next()
    rig.pay("card")
    rig.at("confirm")
    rig.window.go_home()
    rig.settle()
    rig.settle()
    assert rig.window.current.name == "attract"
    assert rig.printer.printed == []  # no ¥0.00 "thank you" receipt
    assert rig.core.session.ended.is_set()


# --- item 2: a jam with money in ---------------------------------------------------------
def test_jam_with_money_in_is_not_a_plain_success(rig):
    start_topup(rig)
    rig.pay("cash")
    rig.at("cash")
    rig.insert(2000)
    rig.validator.emit(Jam("validator"))
    rig.settle()
    rig.at("result")
    view = rig.flow.result.view
    assert view.headline != "Payment successful"
    assert "stuck" in view.message and "¥20.00" in view.message
    assert "staff" in view.message


def test_jam_takes_the_kiosk_out_of_service(rig):
    start_topup(rig)
    rig.pay("cash")
    rig.at("cash")
    rig.validator.emit(Jam("validator"))
    rig.settle()
    rig.at("result")
    rig.flow.result.done_button.click()
    rig.settle()
    rig.settle()
    assert not rig.maint.service_state.in_service
    assert rig.window.current.name == "out_of_service"


# --- item 3: the server's answers in customer words -------------------------------------
def test_unknown_account_is_named_and_can_be_re_entered(rig):
    start_bill(rig, UNKNOWN_ACCOUNT)
    rig.at("result")
    view = rig.flow.result.view
    assert "not found" in view.message
    assert rig.flow.result.action_button.isVisible()
    rig.flow.result.action_button.click()
    rig.at("account")


def test_suspended_number_is_refused_at_the_number_step(rig):
    rig.tile("topup")
    rig.enter("number", SUSPENDED)
    rig.at("number")
    assert "cannot be topped up" in rig.flow.number.message.text()
    assert rig.flow.number.message.objectName() == "error"


def test_zero_due_bill_is_information_not_an_apology(rig):
    start_bill(rig, PAID_UP_ACCOUNT)
    rig.at("result")
    view = rig.flow.result.view
    assert view.outcome == "info" and view.headline != "Sorry"
    assert "Nothing is due" in view.headline + view.message
    assert rig.flow.result.action_button.isVisible()


# --- item 4: the number can be checked; amounts; the result ------------------------------
def test_full_number_on_amount_and_confirm_screens(rig):
    start_topup(rig)
    assert rig.rows("confirm")["Mobile number"] == "138 0013 8000"
    rig.window.go_back()
    rig.at("amount")
    assert "138 0013 8000" in rig.flow.amounts.prompt.text()


def test_other_amount_pays_what_is_inserted(rig):
    start_topup(rig, amount="other")
    assert rig.rows("confirm")["Amount"] == "What you insert (cash only)"


def test_topup_result_says_top_up_with_number_and_amount(rig):
    start_topup(rig, amount="5000")
    rig.pay("cash")
    rig.insert(5000)
    rig.at("result")
    view = rig.flow.result.view
    assert view.headline == "Top-up successful"
    rows = dict(view.rows)
    assert rows["Mobile number"] == "138 0013 8000" and rows["Topped up"] == "¥50.00"


def test_bill_confirm_shows_the_holder_name(rig):
    start_bill(rig, WATER_ACCOUNT)
    rig.at("confirm")
    assert rig.rows("confirm")["Name"] == "张*明"


def test_cash_screen_counts_down_to_the_prompt(rig):
    start_topup(rig)
    rig.pay("cash")
    rig.at("cash")
    before = rig.flow.payment.cash.countdown.text()
    assert "60" in before
    rig.clock.advance(15)
    rig.flow.inactivity.poll()
    assert "45" in rig.flow.payment.cash.countdown.text()


# --- item 5: one language at a time -----------------------------------------------------
def test_language_switch_on_confirm_redraws_rows(rig):
    start_topup(rig)
    rig.window.set_language("zh_CN")
    rig.settle()
    labels = list(rig.rows("confirm"))
    assert "Mobile number" not in labels and "Operator" not in labels
    assert any("手机号" in label for label in labels)


def test_language_switch_on_number_screen_retitles(rig):
    rig.tile("topup")
    rig.at("number")
    rig.window.set_language("zh_CN")
    assert rig.flow.number.title.text() == "手机充值"
    rig.window.set_language("en")
    assert rig.flow.number.title.text() == "Mobile top-up"


def test_language_switch_on_result_redraws_it(rig):
    start_topup(rig, amount="5000")
    rig.pay("cash")
    rig.insert(5000)
    rig.at("result")
    rig.window.set_language("zh_CN")
    rig.settle()
    assert rig.flow.result.headline.text() == "充值成功"
    assert all("Mobile" not in label for label, _ in rig.flow.result.view.rows)


# --- item 8: the receipt in the customer's language, with the right labels -----------------
def test_receipt_follows_the_customer_language_and_names_the_number(rig):
    rig.window.set_language("zh_CN")
    rig.settle()
    start_topup(rig, amount="5000")
    rig.pay("cash")
    rig.insert(5000)
    rig.at("result")
    text = "\n".join(rig.printer.printed[-1].lines)
    assert "手机充值" in text and "topup" not in text
    assert "手机号" in text and "账号" not in text and "中国移动" in text


def test_english_customer_gets_an_english_bill_receipt(rig):
    rig.server.dues[WATER_ACCOUNT] = 4900  # + ¥1.00 fee: one ¥50 note
    start_bill(rig, WATER_ACCOUNT)
    rig.pay("cash")
    rig.insert(5000)
    rig.at("result")
    text = "\n".join(rig.printer.printed[-1].lines)
    assert "City water" in text and "Account no." in text and "bill" not in text.split()


def test_language_switch_on_settle_redraws_the_choice(rig):
    """Issue 15 leftover: the settle (honest cancel) page follows a language switch."""
    start_topup(rig, amount="5000")
    rig.pay("cash")
    rig.insert(2000)
    rig.flow.payment.cash.cancel.click()
    rig.at("settle")
    settle = rig.flow.payment.settle
    assert settle.title.text().startswith("You have inserted")
    rig.window.set_language("zh_CN")
    rig.settle()
    assert settle.title.text().startswith("您已投入")
    titles = [t.title.text() for t in settle.tiles.values()]
    assert "继续投币" in titles and not any("Pay" in t or "Keep" in t for t in titles)
    rig.window.set_language("en")
    rig.settle()
    assert "Continue paying" in [t.title.text() for t in settle.tiles.values()]
