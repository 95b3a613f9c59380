"""QR payment journeys on the real UI (pytest-qt), the real core, the pty scanner
emulator, the reference server and the payment-provider emulator (``lab.demo.rig``).

Both ways: the customer's payment code at the scanner (confirm on the phone, a decline
with its reason) and the dynamic code on screen (paid; expired, then paid too late and
refunded by the server while the kiosk shows nothing wrong). Availability: the QR button
and the payment-code choice are disabled, with the reason, when the network or the
scanner is gone.
"""

from __future__ import annotations

import pytest

from lab.demo.journeys import (
    qr_code_declined,
    qr_code_topup,
    qr_screen_expired,
    qr_screen_topup,
)
from tests.support.fakes import FakeClock
from tests.ui.journey_rig import demo_kiosk, journey_driver

pytestmark = pytest.mark.slow


@pytest.fixture
def demo(tmp_path):
    with demo_kiosk(tmp_path / "demo", FakeClock(1000.0)) as kiosk:
        yield kiosk


@pytest.fixture
def driver(qapp, qtbot, demo, tmp_path):
    with journey_driver(qapp, qtbot, demo, tmp_path / "qm") as d:
        yield d


def completed(demo) -> list[dict]:
    return demo.store.query("SELECT * FROM kiosk_transactions WHERE status = 'completed'")


def test_payment_code_confirmed_on_phone(driver):
    demo = driver.demo
    steps = list(qr_code_topup(driver))
    assert steps[-1] == "qr-result-paid" and "qr-confirm-on-phone" in steps
    rows = completed(demo)
    assert len(rows) == 1 and rows[0]["method"] == "qr" and rows[0]["qr"] == 5000
    assert driver.flow.result.view.outcome == "success"
    shown = " ".join(str(v) for row in driver.flow.result.view.rows for v in row)
    assert "WeChat Pay" in shown
    assert not demo.core.scanner.enabled  # off again once the code was read
    demo.receipts.flush()
    receipt = (demo.data_dir / "receipts.txt").read_text(encoding="utf-8", errors="replace")
    assert rows[0]["id"].replace("-", "") in receipt  # the merchant order number
    assert "134" + f"{demo._codes:014d}" + "6" not in receipt  # the code itself: never


def test_decline_says_why_then_the_code_on_screen_pays(driver):
    demo = driver.demo
    steps = list(qr_code_declined(driver))
    assert steps == ["qr-declined"]
    assert "Not enough balance" in driver.flow.payment.qr.prompt.text()
    assert not completed(demo)
    assert list(qr_screen_topup(driver)) == ["qr-show", "qr-show-paid"]
    rows = completed(demo)
    assert len(rows) == 1 and rows[0]["qr"] == 10000


def test_expired_code_then_late_payment_is_refunded_quietly(driver):
    demo = driver.demo
    assert list(qr_screen_expired(driver)) == ["qr-expired"]
    qr = driver.flow.payment.qr
    assert qr.page == "failed" and "expired" in qr.prompt.text()
    order = demo.last_qr_order
    driver.wait(lambda: f"{order}=REFUND" in demo.provider("status"), "server refund")
    assert qr.page == "failed" and driver.window.current.name == "qr"  # nothing new shown
    assert not completed(demo)
    qr.back.click()
    driver.screen("confirm")


def test_qr_disabled_with_reason_without_scanner_or_network(driver):
    demo, flow = driver.demo, driver.flow
    demo.scanner_plugged(False)
    driver.wait(lambda: not demo.core.availability().qr_code, "scanner gone")
    driver.home()
    driver.start_topup("13912345678", "3000")
    flow.confirm.buttons["qr"].click()
    driver.qr_page("choose")
    qr = flow.payment.qr
    assert not qr.modes["code"].isEnabled() and qr.modes["show"].isEnabled()
    assert qr.reasons["code"].text() == "The code scanner is out of order"
    qr.back.click()
    driver.screen("confirm")
    demo.network_up(False)
    flow.refresh()
    driver.wait(lambda: flow.bridge.pending == 0, "availability")
    flow.bridge.call(demo.core.availability, done=flow._show_confirm)
    driver.wait(lambda: not flow.confirm.buttons["qr"].isEnabled(), "QR off offline")
    assert not flow.confirm.buttons["qr"].isVisible()  # hidden; the banner says why
    assert "QR" in driver.window.banner.text()
    demo.network_up(True)
    demo.scanner_plugged(True)
