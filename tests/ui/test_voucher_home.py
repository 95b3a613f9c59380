"""Issue 15: a voucher spent from the home screen ("使用凭证 / Use a voucher").

The customer types the code, sees what it holds (the server's read-only balance call;
offline only the offline rule), chooses top-up or bill, and the voucher is applied as
payment as soon as the session opens. Real window, real core, fake server and devices
(``tests.ui.customer_rig``).
"""

from __future__ import annotations

import random

import pytest

from kiosk.rules.vouchers import new_code
from tests.ui.customer_rig import shown_rig

NUMBER = "13800138000"


@pytest.fixture
def rig(styled_app, qtbot, tmp_path, fake_clock):
    with shown_rig(qtbot, tmp_path, fake_clock) as r:
        yield r


def keep_as_voucher(rig, inserted: int = 2000, amount: str = "5000") -> str:
    """A cancelled top-up with ``inserted`` in, kept as a voucher: its code."""
    rig.at("attract")
    rig.tile("topup")
    rig.enter("number", NUMBER)
    rig.choose("amount", amount)
    rig.pay("cash")
    rig.insert(inserted)
    rig.flow.payment.cash.cancel.click()
    rig.choose("settle", "keep_as_voucher")
    rig.at("result")
    code = rig.flow.payment.last_event.outcome.voucher_code.replace("-", "")
    rig.window.go_home()
    rig.at("attract")
    return code


def from_home(rig, code: str) -> None:
    rig.at("attract")
    rig.flow.attract.voucher.click()
    rig.settle()
    rig.enter("voucher", code)


def test_balance_then_top_up_paid_by_voucher_and_cash(rig):
    code = keep_as_voucher(rig)
    rig.server.vouchers[code] = 2000  # the server has seen it
    from_home(rig, code)
    rig.at("voucher_use")
    assert rig.flow.voucher_use.title.text() == "This voucher holds " + rig.flow.fmt(2000)
    assert rig.server.reserved == {}  # looked up, not held
    assert rig.server.balance_calls == [code] and rig.server.reserve_calls == []
    rig.choose("voucher_use", "topup")
    rig.enter("number", "13912345678")
    rig.at("amount")
    assert "other" not in rig.flow.amounts.tiles  # "what you insert" is cash only
    rig.choose("amount", "3000")
    rig.at("confirm")
    rows = rig.rows("confirm")
    assert rows["Voucher"] == "-" + rig.flow.fmt(2000)
    assert rows["Still to pay"] == rig.flow.fmt(1000)
    rig.pay("cash")
    rig.insert(1000)
    rig.at("result")
    outcome = rig.flow.payment.last_event.outcome
    assert (outcome.status, outcome.voucher_in, outcome.cash) == ("completed", 2000, 1000)
    assert rig.server.vouchers[code] == 0


def test_a_voucher_larger_than_the_bill_pays_it_all_and_keeps_the_rest(rig):
    code = keep_as_voucher(rig, inserted=5000, amount="10000")
    rig.server.vouchers[code] = 5000
    from_home(rig, code)
    rig.choose("voucher_use", "bill_payment")
    rig.choose("biller", "CITY_WATER")
    rig.enter("account", "20260001")  # ¥45.60 + ¥1.00 fee
    rig.at("result")
    outcome = rig.flow.payment.last_event.outcome
    assert (outcome.status, outcome.voucher_in, outcome.cash) == ("completed", 4660, 0)
    assert rig.flow.result.view.rows and dict(rig.flow.result.view.rows)[
        "Left on the voucher"] == rig.flow.fmt(5000 - 4660)


@pytest.mark.parametrize(("answer", "said"), [
    (None, "This voucher code is not known"),
    (0, "This voucher has already been used"),
    ("held", "This voucher is being used at another kiosk"),
])
def test_unknown_and_used_codes_are_said_on_the_entry_page(rig, answer, said):
    code = new_code(random.Random(7), b"another kiosk's key".ljust(32, b"."))
    if answer == "held":  # another kiosk's session holds it
        rig.server.vouchers[code] = 2000
        rig.server.reserved[code] = "T-elsewhere"
    elif answer is not None:
        rig.server.vouchers[code] = answer
    from_home(rig, code)
    rig.at("voucher")
    assert rig.flow.voucher.message.text().startswith(said)
    assert rig.flow.voucher.digits == code  # kept for correcting
    rig.window.set_language("zh_CN")
    assert "凭证" in rig.flow.voucher.message.text()


def test_invalid_code_is_refused_as_typed(rig):
    rig.at("attract")
    rig.flow.attract.voucher.click()
    rig.settle()
    rig.at("voucher")
    code = new_code(random.Random(7), b"k" * 32)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    for d in wrong:
        rig.flow.voucher.type_digit(d)
    assert not rig.flow.voucher.next_button.isEnabled()
    assert rig.flow.voucher.message.text() == "This code is not right, please check it"


def test_offline_only_own_unsent_vouchers(rig):
    own = keep_as_voucher(rig)  # its issued record is still in the outbox
    other = new_code(random.Random(7), b"another kiosk's key".ljust(32, b"."))
    rig.server.online = False
    rig.core.check_online()
    rig.settle()
    from_home(rig, other)
    rig.at("voucher")
    assert "network is down" in rig.flow.voucher.message.text()
    rig.window.go_home()
    from_home(rig, own)
    rig.at("voucher_use")
    assert rig.flow.voucher_use.title.text().endswith(rig.flow.fmt(2000))


def test_balance_page_follows_a_language_switch(rig):
    code = keep_as_voucher(rig)
    rig.server.vouchers[code] = 2000
    from_home(rig, code)
    rig.at("voucher_use")
    rig.window.set_language("zh_CN")
    rig.settle()
    assert rig.flow.voucher_use.title.text().startswith("凭证余额")
    assert [t.title.text() for t in rig.flow.voucher_use.tiles.values()] == ["手机充值", "生活缴费"]


def test_leaving_for_home_forgets_the_voucher(rig):
    code = keep_as_voucher(rig)
    rig.server.vouchers[code] = 2000
    from_home(rig, code)
    rig.at("voucher_use")
    rig.window.go_home()
    rig.at("attract")
    rig.tile("topup")
    rig.enter("number", NUMBER)
    rig.choose("amount", "3000")
    rig.at("confirm")
    assert "Voucher" not in rig.rows("confirm")
