"""Reconciliation per day and kiosk (with a difference), CSV export, cash collections."""

from __future__ import annotations

import csv
import io

import pytest

from tests.central.backoffice.sim import SimKiosk

DAY = "2025-11-24"


@pytest.fixture
def kiosk(server, clock):
    url, admin = server
    k = SimKiosk(url, admin, "K0007", clock)
    yield k
    k.close()


def test_day_with_a_difference(server, operators, browser, kiosk, store):
    a = kiosk.pay(5000, at=f"{DAY}T09:00:00Z")
    b = kiosk.pay(10000, at=f"{DAY}T10:00:00Z")
    lost = kiosk.pay(2000, at=f"{DAY}T11:00:00Z", send=False)  # never reached the server
    result = kiosk.settle([a, b, lost], DAY)
    assert result["report"]["balanced"] is False
    fay = browser()
    fay.login("fay")
    page = fay.get(f"/bo/reconcile?date={DAY}").text
    assert 'id="rec-K0007" class="diff"' in page or 'class="diff" id="rec-K0007"' in page
    page = fay.get(f"/bo/reconcile/K0007?date={DAY}").text
    assert 'id="cat-missing_on_server">1<' in page and 'id="cat-matched">2<' in page
    assert "-¥20.00" in page
    r = fay.get(f"/bo/reconcile/K0007/csv?date={DAY}")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert {x["category"] for x in rows} == {"matched", "missing_on_server"}
    missing = next(x for x in rows if x["category"] == "missing_on_server")
    assert (missing["transaction_id"], missing["kiosk_total"], missing["difference"]) == (
        lost["transaction_id"], "2000", "-2000")
    assert store.one("SELECT action FROM bo_audit WHERE action = 'reconcile.export'")


def test_a_duplicated_batch_item_is_never_shown_as_matched(server, operators, browser, kiosk):
    """Issue 16: a sale listed twice (inflated totals that still add up) is a difference."""
    a = kiosk.pay(5000, at=f"{DAY}T09:00:00Z")
    b = kiosk.pay(10000, at=f"{DAY}T10:00:00Z")
    assert kiosk.settle([a, b, a], DAY)["report"]["duplicate_in_batch"] == [
        a["transaction_id"]]
    fay = browser()
    fay.login("fay")
    page = fay.get(f"/bo/reconcile/K0007?date={DAY}").text
    assert 'id="cat-matched">2<' in page and 'id="cat-duplicate_in_batch">1<' in page
    assert 'class="verdict not-genuine"' in page and "-¥50.00" in page
    assert 'id="batch-problems"' in page  # the claimed totals differ from the server's rows
    rows = list(csv.DictReader(io.StringIO(
        fay.get(f"/bo/reconcile/K0007/csv?date={DAY}").text.lstrip("\ufeff"))))
    dup = [x for x in rows if x["transaction_id"] == a["transaction_id"]]
    assert [x["category"] for x in dup] == ["matched", "duplicate_in_batch"]
    assert (dup[1]["kiosk_total"], dup[1]["server_total"], dup[1]["difference"]) == (
        "5000", "0", "-5000")
    # a second batch re-listing a settled sale: neither matched again nor counted twice
    kiosk.settle([b], DAY)
    rows = list(csv.DictReader(io.StringIO(
        fay.get(f"/bo/reconcile/K0007/csv?date={DAY}").text.lstrip("\ufeff"))))
    again = [x for x in rows if x["batch_no"] == "2"]
    assert [(x["category"], x["server_total"]) for x in again] == [("already_settled", "0")]
    overview = fay.get(f"/bo/reconcile?date={DAY}").text
    assert 'id="rec-K0007" class="diff"' in overview or 'class="diff" id="rec-K0007"' in overview


def test_late_transaction_balances_the_day(server, operators, browser, kiosk):
    a = kiosk.pay(5000, at=f"{DAY}T09:00:00Z")
    late = kiosk.pay(2000, at=f"{DAY}T11:00:00Z", send=False)
    kiosk.settle([a, late], DAY)
    kiosk.records([{"id": late["transaction_id"], "type": "transaction", "data": late}])
    fay = browser()
    fay.login("fay")
    page = fay.get(f"/bo/reconcile/K0007?date={DAY}").text
    assert 'id="reconcile-verdict" class="verdict genuine"' in page


def test_no_batch_yet_and_bad_dates(server, operators, browser, kiosk):
    kiosk.pay(5000, at=f"{DAY}T09:00:00Z")
    fay = browser()
    fay.login("fay")
    assert 'id="cat-no_batch">1<' in fay.get(f"/bo/reconcile/K0007?date={DAY}").text
    assert fay.get("/bo/reconcile?date=24.11.2025").status_code == 400
    assert fay.get("/bo/reconcile/K 7?date=2025-11-24").status_code in (400, 404)


def test_recording_a_reconciliation_raises_the_alarm(server, operators, browser, kiosk,
                                                     store):
    a = kiosk.pay(5000, at=f"{DAY}T09:00:00Z")
    lost = kiosk.pay(2000, at=f"{DAY}T11:00:00Z", send=False)
    kiosk.settle([a, lost], DAY)
    fay = browser()
    fay.login("fay")
    fay.get(f"/bo/reconcile/K0007?date={DAY}")
    fay.post(f"/bo/reconcile/K0007/record?date={DAY}", {"date": DAY})
    alarms = fay.get("/bo/alarms?condition=reconciliation").text
    assert "K0007" in alarms and "batch 1" in alarms


def test_an_unbalanced_batch_raises_the_reconciliation_alarm_by_itself(
        server, operators, browser, kiosk, store, clock):
    """The batch's own report raises the alarm as it arrives (nobody has to press
    anything); a re-reconciliation that balances resolves it."""
    a = kiosk.pay(5000, at=f"{DAY}T09:00:00Z")
    late = kiosk.pay(2000, at=f"{DAY}T11:00:00Z", send=False)
    kiosk.settle([a, late], DAY)
    fay = browser()
    fay.login("fay")
    page = fay.get("/bo/alarms?condition=reconciliation").text
    assert "K0007" in page and "batch 1" in page
    kiosk.records([{"id": late["transaction_id"], "type": "transaction", "data": late}])
    fay.get(f"/bo/reconcile/K0007?date={DAY}")
    fay.post(f"/bo/reconcile/K0007/record?date={DAY}", {"date": DAY})
    clock.now += 11  # past the alarms' evaluation interval
    fay.get("/bo/alarms")
    [alarm] = store.rows("SELECT state, active FROM bo_alarms WHERE condition ="
                         " 'reconciliation'")
    assert (alarm["state"], alarm["active"]) == ("resolved", 0)


def test_collections_counted_vs_expected(server, operators, browser, kiosk):
    kiosk.collect({"10000": 12, "5000": 3}, {"10000": 12, "5000": 2}, f"{DAY}T18:00:00Z")
    kiosk.collect({"10000": 1}, {"10000": 1}, f"{DAY}T19:00:00Z")
    fay = browser()
    fay.login("fay")
    page = fay.get("/bo/collections").text
    assert "-¥50.00" in page and "¥1,350.00" in page and "¥1,300.00" in page
    only = fay.get("/bo/collections?differences=1").text
    assert only.count('class="grid collection"') == 1
    assert "K0007" in fay.get("/bo/alarms?condition=collection").text


def test_audit_page(server, operators, browser):
    alice = browser()
    alice.login("alice")
    page = alice.get("/bo/audit?action=login.ok").text
    assert "login.ok" in page and "alice" in page
    hal = browser()
    hal.login("hal")
    assert hal.get("/bo/audit").status_code == 403


def test_write_off_needs_a_second_person(server, operators, browser, kiosk, store):
    a = kiosk.pay(5000, at=f"{DAY}T09:00:00Z")
    lost = kiosk.pay(2000, at=f"{DAY}T11:00:00Z", send=False)
    kiosk.settle([a, lost], DAY)
    fay, alice = browser(), browser()
    fay.login("fay")
    assert 'id="write-off-form"' in fay.get(f"/bo/reconcile/K0007?date={DAY}").text
    r = fay.post(f"/bo/reconcile/K0007/write-off?date={DAY}", {"date": DAY,
                                                               "reason": "note lost in transit"})
    assert r.status_code == 200 and 'id="write-off-form"' not in r.text
    [row] = store.rows("SELECT * FROM bo_approvals")
    assert (row["amount"], row["state"], row["subject"]) == (-2000, "requested",
                                                             f"K0007:{DAY}")
    assert fay.post(f"/bo/reconcile/K0007/write-off?date={DAY}",
                    {"date": DAY, "reason": "again"}).status_code == 409
    fay.get("/bo/approvals")
    assert fay.post(f"/bo/approvals/write-off/{row['approval_id']}/approve").status_code == 403
    alice.login("alice")
    page = alice.get("/bo/approvals").text
    assert f"write-off/{row['approval_id']}/approve" in page
    assert alice.post(f"/bo/approvals/write-off/{row['approval_id']}/approve").status_code == 200
    assert store.one("SELECT state, decided_by FROM bo_approvals") == {
        "state": "approved", "decided_by": "alice"}
    assert alice.post(f"/bo/approvals/write-off/{row['approval_id']}/reject").status_code == 409
    assert "note lost in transit" in fay.get(f"/bo/reconcile/K0007?date={DAY}").text


def test_csv_cells_from_kiosks_cannot_be_formulas():
    from central.backoffice.reconciliation import cell, to_csv
    assert cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")" and cell(-5) == -5
    text = to_csv({"kiosk_id": "K1", "day": DAY, "items": [
        {"transaction_id": "@cmd", "batch_no": 1, "category": "matched", "kiosk_status": "+x",
         "server_status": None, "kiosk_total": 1, "server_total": 1, "difference": -2,
         "method": "cash"}]})
    assert "'@cmd" in text and "'+x" in text and ",-2," in text
