"""Issue 19: the result screen shows the receipt's short reference (``<seq>-<check6>``),
the one find my payment takes, not a form of the transaction id nothing can look up."""

from __future__ import annotations

import pytest

from tests.ui.customer_rig import shown_rig

SECRET = b"s" * 32


@pytest.fixture
def rig(styled_app, qtbot, tmp_path, fake_clock):
    with shown_rig(qtbot, tmp_path, fake_clock, secret=SECRET) as r:
        yield r


def cash_topup_reference(rig) -> str:
    """A ¥50 cash top-up paid in full: the reference its result screen shows."""
    rig.at("attract")
    rig.tile("topup")
    rig.enter("number", "13800138000")
    rig.choose("amount", "5000")
    rig.at("confirm")
    rig.pay("cash")
    rig.insert(5000)
    rig.at("result")
    return dict(rig.flow.result.view.rows)["Reference"]


def test_result_shows_the_short_reference_that_finds_the_payment(rig):
    ref = cash_topup_reference(rig)
    found = rig.core.lookup.find(ref)  # what find my payment will do with it
    assert found.status == "completed" and found.total == 5000
    assert ref == rig.core.short_reference(found.transaction_id, found.seq)


def test_the_receipt_prints_the_same_reference(rig):
    ref = cash_topup_reference(rig)
    printed = "\n".join(str(line) for line in rig.printer.printed[-1].lines)
    assert ref in printed


def topup_to_confirm(rig, number: str = "13800138000") -> None:
    rig.at("attract")
    rig.tile("topup")
    rig.enter("number", number)
    rig.choose("amount", "5000")
    rig.at("confirm")


def test_paper_out_is_said_before_paying(rig):
    from devices.printer import PaperState, PrintResult

    topup_to_confirm(rig)
    assert rig.flow.confirm.notice.isHidden()  # paper: no warning
    rig.printer.print_receipt = lambda receipt: PrintResult(False, PaperState.OUT, "out")
    rig.pay("cash")
    rig.insert(5000)
    rig.at("result")
    rig.flow.result.done_button.click()
    topup_to_confirm(rig, "13900139000")  # the next customer is told before choosing how to pay
    assert not rig.flow.confirm.notice.isHidden()
    assert rig.flow.confirm.notice.text() == \
        "No paper: your receipt will be a QR code on screen."
    assert rig.core.availability().paper_out
