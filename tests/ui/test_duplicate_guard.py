"""Issue 15: the duplicate-payment question ("two identical top-ups back to back").

Real window, real core, fake devices and server (``tests.ui.customer_rig``): the second
identical top-up within ``limits.duplicate_window_s`` asks before opening a session, and
the question follows a language switch like every other page.
"""

from __future__ import annotations

import pytest

from tests.ui.customer_rig import shown_rig

NUMBER = "13800138000"


@pytest.fixture
def rig(styled_app, qtbot, tmp_path, fake_clock):
    with shown_rig(qtbot, tmp_path, fake_clock) as r:
        yield r


def top_up(rig, amount: str = "5000") -> None:
    rig.at("attract")
    rig.tile("topup")
    rig.enter("number", NUMBER)
    rig.choose("amount", amount)


def paid_once(rig) -> None:
    top_up(rig)
    rig.pay("cash")
    rig.insert(5000)
    rig.at("result")
    rig.window.go_home()


def test_the_same_top_up_again_asks_and_redraws_in_the_new_language(rig):
    paid_once(rig)
    top_up(rig)
    rig.at("duplicate")
    page = rig.flow.duplicate
    assert page.title.text() == "Pay the same again?"
    rig.window.set_language("zh_CN")
    rig.settle()
    assert page.title.text() == "再付一次相同金额？"
    assert page.tiles["again"].title.text() == "是，再付一次"
    assert "Pay again" not in page.prompt.text()
    rig.window.set_language("en")
    rig.settle()
    assert page.title.text() == "Pay the same again?"
    rig.choose("duplicate", "again")  # the answer still works after the switches
    rig.at("confirm")
