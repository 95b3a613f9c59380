"""The back office in real headless Chromium against the real server on 127.0.0.1.

The issue's "done when" journeys: login and lockout; the fleet overview; an alarm that
appears when a simulated kiosk goes stale and resolves when it returns; a payment
search that finds a transaction; a voucher refund that needs a second person; the
day's reconciliation with a difference. The server's clock is the test's (stepped, no
sleeps); the browser waits only for pages to load.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from central.vouchers import codes, records
from tests.central.backoffice.conftest import log_in, shot
from tests.central.backoffice.sim import SimKiosk

DAY = "2025-11-24"


@pytest.fixture
def kiosks(server, clock):
    url, admin = server
    made: dict[str, SimKiosk] = {}

    def make(kiosk_id: str) -> SimKiosk:
        made[kiosk_id] = SimKiosk(url, admin, kiosk_id, clock)
        return made[kiosk_id]
    yield make
    for k in made.values():
        k.close()


def test_login_and_lockout(server, operators, page_for):
    page = page_for()
    page.goto("/bo/fleet")
    assert "/bo/login" in page.url
    shot(page, "login")
    for _ in range(4):
        log_in(page, "dan", "not my password")
        assert "用户名或密码错误" in page.inner_text("#login-error")
    log_in(page, "dan", "not my password")
    assert "锁定" in page.inner_text("#login-error")
    log_in(page, "dan")                      # the right password, too late
    assert "锁定" in page.inner_text("#login-error")
    other = page_for()
    log_in(other, "alice")
    assert other.url.endswith("/bo/fleet") and "alice" in other.inner_text("header")


def test_fleet_overview(server, operators, page_for, kiosks, clock):
    quiet = kiosks("K0203")
    quiet.heartbeat()
    clock.now += 200
    kiosks("K0201").heartbeat(version="1.4.0")
    kiosks("K0202").heartbeat(
        service={"in_service": False, "reasons": [{"reason": "device:bill_validator"}]},
        devices={"bill_validator": {"device_state": "jammed", "fault": "bill jammed"}},
        cassette={"notes": 930, "amount": 4650000, "capacity": 1000},
        queue={"pending": 12, "dead_letters": 1, "oldest_pending_age_s": 420})
    page = page_for()
    log_in(page, "dan")
    assert page.inner_text("#count-online") == "2" and page.inner_text("#count-stale") == "1"
    assert "bill jammed" in page.inner_text("#kiosk-K0202")
    shot(page, "fleet")
    page.select_option("select[name=status]", "stale")
    page.click("form.filters button")
    rows = page.locator("#fleet-table tbody tr")
    assert rows.count() == 1 and "K0203" in rows.first.inner_text()
    page.goto("/bo/kiosks/K0202")
    assert page.inner_text("#kiosk-status") == "在线"
    page.click("#command-form button")
    assert "force-sync" in page.inner_text("#commands + form + table, #commands ~ table")
    shot(page, "kiosk")


def test_alarm_appears_when_a_kiosk_goes_stale_and_resolves_when_it_returns(
        server, operators, page_for, kiosks, clock):
    k = kiosks("K0101")
    k.heartbeat()
    page = page_for()
    log_in(page, "dan")
    page.goto("/bo/alarms")
    assert page.locator("#no-alarms").is_visible()
    clock.now += 200                          # three beats missed
    page.reload()
    row = page.locator('tr[data-condition="heartbeat_stale"][data-kiosk="K0101"]')
    assert row.count() == 1 and "未处理" in row.inner_text()
    shot(page, "alarms")
    k.heartbeat()                             # back, but a flapping link must not clear it
    clock.now += 60
    k.heartbeat()
    page.reload()
    assert row.count() == 1
    clock.now += 70                           # fresh for longer than the hold
    k.heartbeat()
    page.reload()
    assert row.count() == 0
    page.goto("/bo/alarms?all=1")
    assert "已解除" in page.locator('tr[data-condition="heartbeat_stale"]').inner_text()


def test_payment_search_finds_the_transaction(server, operators, page_for, kiosks):
    k = kiosks("K0301")
    k.pay(5000, account="13912345678", at=f"{DAY}T09:30:00Z")
    wanted = k.pay(8000, account="13800138000", at=f"{DAY}T10:15:00Z")
    page = page_for()
    log_in(page, "hal")
    assert page.url.endswith("/bo/payments")
    page.fill("#q-account", "13800138000")
    page.click("#search-button")
    page.wait_for_url("**/bo/payments?account=13800138000*")
    page.wait_for_load_state()
    rows = page.locator("table.txns tbody tr")
    rows.first.wait_for()  # count() does not wait: the results page must have painted
    assert rows.count() == 1 and "¥80.00" in rows.first.inner_text()
    shot(page, "payments")
    rows.first.locator("a").click()
    assert wanted["transaction_id"] in page.inner_text("h1")
    assert "¥80.00" in page.inner_text("#txn-facts")
    shot(page, "transaction")


def test_voucher_refund_needs_a_second_person(server, operators, page_for, kiosks):
    _, admin = server
    k = kiosks("K0401")
    ledger = admin.app.state.vouchers
    code = codes.make_code(codes.voucher_key(k.secret), "4000000001")
    with ledger.db.tx() as conn:
        records.apply(ledger, conn, "K0401", {"status": "issued", "code": code, "amount": 3500,
                                              "currency": "CNY", "transaction_id": "t-9",
                                              "at": f"{DAY}T10:00:00Z"})
    hal = page_for()
    log_in(hal, "hal")
    hal.goto("/bo/vouchers")
    hal.fill("#voucher-code", code)
    hal.click("#voucher-search")
    assert "¥35.00" in hal.inner_text("#voucher-balance")
    shot(hal, "voucher")
    hal.fill("#refund-reason", "customer prefers the money back")
    hal.click("#refund-button")
    assert hal.url.endswith("/bo/approvals")
    assert "等待财务审批" in hal.inner_text("#pending-refunds")
    assert hal.locator("button.approve").count() == 0       # the maker cannot approve
    fay = page_for()
    log_in(fay, "fay")
    fay.goto("/bo/approvals")
    shot(fay, "approvals")
    fay.click(f'tr[data-code="{code}"] button.approve')
    assert "已批准" in fay.inner_text("#decided-refunds")
    fay.goto(f"/bo/vouchers?code={code}")
    assert fay.inner_text("#voucher-status") == "已退款"
    assert fay.inner_text("#voucher-balance") == "¥0.00"


def test_days_reconciliation_shows_the_difference(server, operators, page_for, kiosks):
    k = kiosks("K0501")
    a = k.pay(10000, at=f"{DAY}T09:00:00Z")
    b = k.pay(5000, at=f"{DAY}T12:00:00Z", method="card")
    lost = k.pay(2000, at=f"{DAY}T15:00:00Z", send=False)   # the server never got it
    k.settle([a, b, lost], DAY)
    page = page_for()
    log_in(page, "fay")
    page.goto(f"/bo/reconcile?date={DAY}")
    assert "diff" in (page.get_attribute("#rec-K0501", "class") or "")
    shot(page, "reconcile")
    page.click("#rec-K0501 a")
    assert page.inner_text("#cat-missing_on_server") == "1"
    assert "-¥20.00" in page.inner_text("#reconcile-verdict")
    bad = page.locator('tr[data-category="missing_on_server"]')
    assert bad.count() == 1 and lost["transaction_id"][:13] in bad.inner_text()
    shot(page, "reconcile-day")
    with page.expect_download() as info:
        page.click("#csv-link")
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert lost["transaction_id"] in text and "missing_on_server" in text


def test_charts_render_in_the_browser(server, operators, page_for, kiosks, clock):
    k = kiosks("K0601")
    k.pay(10000, at=f"{DAY}T09:00:00Z")
    k.pay(5000, at=f"{DAY}T10:00:00Z", method="card")
    for stacked, rejected, jams in ((0, 0, 0), (40, 4, 1), (90, 6, 1)):
        k.heartbeat(devices={"bill_validator": {"notes_stacked": stacked,
                                                "notes_rejected": rejected, "jams": jams}})
        clock.now += 600
    page = page_for()
    log_in(page, "dan")
    page.goto("/bo/lang/en?next=/bo/charts")
    page.goto(f"/bo/charts?from=2025-11-18&to={DAY}")
    assert page.locator("#chart-takings svg rect").count() >= 2
    assert page.locator("#chart-rejects svg polyline").count() == 1
    assert "Takings per day" in page.inner_text("main")
    shot(page, "charts-en")
