"""Issue 14: a note that reaches the cassette after its payment ended is shown to its
own customer, and never to the next one.

The customer's note is told to STACK, the device takes longer than the escrow timeout
(the session ends), then reports it stacked: the core credits it to that payment as a
change voucher (``late_credit``). Before, the screen ignored the event: the customer saw
only the ended payment and never the code their money became.
"""

from __future__ import annotations

import pytest

from tests.ui.customer_rig import shown_rig

NUMBER = "13800138000"


@pytest.fixture
def rig(styled_app, qtbot, tmp_path, fake_clock):
    with shown_rig(qtbot, tmp_path, fake_clock) as r:
        yield r


def note_stuck_in_transport(rig) -> None:
    rig.at("attract")
    rig.tile("topup")
    rig.enter("number", NUMBER)
    rig.choose("amount", "10000")
    rig.pay("cash")
    rig.at("cash")
    assert rig.validator.insert(5000, hold_stack=True) == "held"
    rig.clock.advance(float(rig.core.config.get("timeouts.escrow_s")))
    rig.core.tick()
    rig.settle()
    assert rig.core.session.ended.is_set()


def test_a_late_note_is_shown_to_its_customer_with_its_code(rig):
    note_stuck_in_transport(rig)
    rig.validator.finish_stack()
    rig.settle()
    rig.at("result")
    view = rig.flow.result.view
    assert view.headline == "Your note was counted"
    assert "¥50.00" in view.message and "change voucher" in view.message
    [credit] = rig.core.credits
    code = str(credit.voucher_code)
    assert view.voucher_code.replace(" ", "").replace("-", "") == \
        code.replace(" ", "").replace("-", "")
    assert any(code in line for doc in rig.printer.printed for line in doc.lines)


def test_the_next_customer_never_sees_the_late_note_of_the_last(rig):
    note_stuck_in_transport(rig)
    rig.window.go_home()
    rig.settle()
    rig.tile("topup")  # customer B starts a top-up of their own
    rig.enter("number", "13900139000")
    rig.choose("amount", "5000")
    rig.at("confirm")
    printed_before = len(rig.printer.printed)
    rig.validator.finish_stack()  # A's note reports now
    rig.settle()
    assert rig.window.current.name == "confirm"  # B's page stays
    [credit] = rig.core.credits
    assert len(rig.printer.printed) == printed_before  # A's code is not printed for B
    assert credit.voucher_code not in " ".join(
        w.text() for w in rig.window.current.findChildren(type(rig.flow.result.headline))
        if hasattr(w, "text"))
