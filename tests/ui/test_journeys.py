"""Customer journeys end to end: real UI, real core, emulated devices, real server.

Each test clicks through the kiosk window (``lab.demo.journeys``) and checks the screens shown
and the money recorded: the session outcome, the notes the emulator stacked, and what
the reference server holds after the sync worker delivered the outbox.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

from lab.demo.journeys import (
    Driver,
    cancel_with_credit,
    card_bill,
    cash_topup,
    fraction_bill,
    maint_technician,
    offline_topup,
    voucher_home,
    voucher_redeem,
)
from lab.demo.rig import DemoKiosk
from tests.support.fakes import FakeClock
from tests.ui.journey_rig import demo_kiosk, journey_driver, run

pytestmark = pytest.mark.slow


@pytest.fixture
def fake_clock():
    return FakeClock(1000.0)


@pytest.fixture
def demo(tmp_path, fake_clock):
    with demo_kiosk(tmp_path / "demo", fake_clock) as kiosk:
        yield kiosk


@pytest.fixture
def driver(qapp, qtbot, demo, tmp_path):
    with journey_driver(qapp, qtbot, demo, tmp_path / "qm") as d:
        yield d


def outcome(d: Driver):
    ev = d.flow.payment.last_event
    assert ev is not None and ev.kind == "ended"
    return ev.outcome


def server_transactions(demo: DemoKiosk) -> list[dict]:
    """What the reference server stored, once the kiosk's outbox is empty."""
    deadline = time.monotonic() + 15
    pause = threading.Event()
    while demo.store.status().pending and time.monotonic() < deadline:
        demo.sync.kick()
        pause.wait(0.05)
    out = subprocess.run([sys.executable, "-m", "central.cli", "transactions", "list",
                          "--kiosk", demo.kiosk_id, "--db", str(demo.data_dir / "central.db")],
                         capture_output=True, text=True, timeout=30, check=True)
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def test_cash_topup(driver, demo):
    steps = run(cash_topup, driver)
    assert steps[0] == "attract:attract" and steps[-1] == "result:result-paid"
    assert "confirm:confirm" in steps and "cash:cash-50" in steps
    result = outcome(driver)
    assert (result.status, result.cash, result.total) == ("completed", 10000, 10000)
    assert sum(demo.validator_emu.notes_stacked) == 10000
    assert driver.flow.result.view.outcome == "success"
    txns = server_transactions(demo)
    assert [(t["status"], t["cash"], t["gross"]) for t in txns] == [("completed", 10000, 10000)]
    # Session events did reach the GUI thread through the bridge. How fast is a benchmark's
    # question (benchmarks/bench_ui.py), not a test's: a 100 ms bound here failed on a
    # loaded machine (161 ms) with nothing wrong.
    assert driver.flow.bridge.latencies_ms


def test_card_bill_payment(driver, demo):
    steps = run(card_bill, driver)
    assert steps[-1] == "result:result-paid"
    result = outcome(driver)
    assert result.status == "completed" and result.card == result.total == 12850
    txns = server_transactions(demo)
    assert [(t["status"], t["method"], t["total"]) for t in txns] == [("completed", "card", 12850)]


def test_offline_topup_syncs_when_back(driver, demo):
    steps = run(offline_topup, driver)
    assert "attract:attract-offline" in steps and steps[-1] == "result:result-offline"
    assert driver.flow.confirm.reasons["card"].text() == "Card payment needs the network"
    result = outcome(driver)
    assert (result.status, result.cash) == ("completed", 5000)
    assert [(t["status"], t["cash"]) for t in server_transactions(demo)] == [("completed", 5000)]


def test_cancel_keeps_money_as_credit(driver, demo):
    steps = run(cancel_with_credit, driver)
    assert "settle:cancel-choice" in steps and steps[-1] == "result:result-credit"
    result = outcome(driver)
    assert result.status == "credited" and result.voucher_amount == 2000 and result.voucher_code
    shown = driver.flow.result.voucher.text()
    assert shown.replace(" ", "").replace("-", "") == result.voucher_code.replace("-", "")


def test_inactivity_asks_then_more_time_then_ends(driver, demo, fake_clock):
    d = driver
    d.home()
    d.start_topup("13800138000", "5000")
    d.flow.confirm.buttons["cash"].click()
    d.screen("cash")
    d.insert(2000)
    overlay = d.window.still_there
    d.wait(lambda: d.flow.bridge.pending == 0, "note settled")
    fake_clock.now += 61  # inactivity_s = 60
    d.wait(overlay.isVisible, "still-there prompt")
    assert overlay.remaining == 20
    overlay.more.click()
    d.wait(lambda: not overlay.isVisible() and d.flow.bridge.pending == 0
           and demo.core.session.state.value == "cash", "more time granted")
    fake_clock.now += 61
    d.wait(overlay.isVisible, "second prompt")
    fake_clock.now += 21  # still_there_s = 20: the core ends the session safely
    d.screen("result")
    result = outcome(d)
    assert result.cash == 2000 and result.status in ("completed", "credited")


def test_journeys_start_clean_and_out_of_service_has_no_banner(qapp, qtbot, demo, tmp_path):
    """A journey abandoned with the network down must not leak into the next one; the
    technician's out-of-service page (network up) shows no offline banner."""
    with journey_driver(qapp, qtbot, demo, tmp_path / "qm", maint=demo.maint) as d:
        flow = d.flow
        steps = offline_topup(d)
        # Abandoned here, network down (the generator stays open, so its ``finally``
        # has not brought the network back).
        assert next(steps) == "attract-offline"
        assert not demo.client.online
        d.fresh()
        assert demo.client.online and not d.window.banner.isVisible()
        shown = {}
        for step in maint_technician(d):
            shown[step] = (d.window.current.name, d.window.banner.isVisible(),
                           flow.service_watch.screen.reasons.text())
        assert shown["customer-out-of-service"] == ("out_of_service", False,
                                                    "Reason: maintenance")


def test_voucher_redeemed_in_part_with_the_remainder_shown(driver, demo):
    steps = run(voucher_redeem, driver)
    assert "voucher:voucher-code" in steps and steps[-1] == "result:result-voucher-redeemed"
    result = outcome(driver)
    assert (result.status, result.voucher_in, result.cash, result.gross) == (
        "completed", 3000, 0, 3000)
    rows = dict(driver.flow.result.view.rows)
    assert rows["Left on the voucher"] == driver.flow.fmt(2000)
    txns = server_transactions(demo)
    assert [(t["status"], t["voucher"]) for t in txns] == [("credited", 0), ("completed", 3000)]


def test_voucher_from_the_home_screen_against_the_real_server(driver, demo):
    """Issue 15: the reference server's reserve answers the balance (released at once);
    the top-up chosen on the balance page opens with the voucher applied."""
    steps = run(voucher_home, driver)
    assert steps[:3] == ["voucher:home-voucher-code", "voucher_use:voucher-balance",
                         "confirm:confirm-with-voucher"]
    assert driver.flow.voucher_use.title.text() == "This voucher holds " + driver.flow.fmt(2000)
    rows = dict(driver.flow.confirm.summary.rows)
    assert rows["Voucher"] == "-" + driver.flow.fmt(2000)
    assert rows["Still to pay"] == driver.flow.fmt(1000)


def test_fraction_bill_paid_in_notes(driver, demo):
    steps = run(fraction_bill, driver)
    assert steps[-1] == "result:result-change-voucher"
    result = outcome(driver)
    assert (result.status, result.total, result.cash, result.voucher_amount) == (
        "completed", 4660, 4700, 40)
    assert driver.flow.result.voucher.text()
    assert [(t["status"], t["total"]) for t in server_transactions(demo)] == [
        ("completed", 4660)]
