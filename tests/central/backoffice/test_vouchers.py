"""Voucher look-up and the refund maker-checker: a second person must approve."""

from __future__ import annotations

import pytest

from central.vouchers import codes, records


@pytest.fixture
def code(server, client):
    """A 50-yuan voucher issued by K0001, through the ledger's record path."""
    _, admin = server
    ledger = admin.app.state.vouchers
    value = codes.make_code(codes.voucher_key(client.secret), "1234567890")
    with ledger.db.tx() as conn:
        records.apply(ledger, conn, "K0001", {"status": "issued", "code": value,
                                              "amount": 5000, "currency": "CNY",
                                              "transaction_id": "t-1",
                                              "at": "2025-11-24T10:00:00Z"})
    return value


def test_lookup(server, operators, browser, code):
    b = browser()
    b.login("hal")
    page = b.get(f"/bo/vouchers?code={code}").text
    assert codes.display(code) in page and "¥50.00" in page and "可用" in page
    assert "没有该凭证" in b.get("/bo/vouchers?code=1234567890123452").text
    assert b.get("/bo/vouchers?code=abc").status_code == 400


def test_refund_needs_a_second_person(server, operators, browser, code, store):
    _, admin = server
    hal, hana, fay = browser(), browser(), browser()
    hal.login("hal")
    hal.get(f"/bo/vouchers?code={code}")
    r = hal.post("/bo/vouchers/refund", {"code": code, "reason": "customer wants cash back"})
    assert r.status_code == 200 and "customer wants cash back" in r.text
    [pending] = store.rows("SELECT * FROM voucher_refunds WHERE status = 'pending'")
    assert admin.app.state.vouchers.voucher(code)["status"] == "refund_pending"
    rid = pending["refund_id"]
    assert hal.post(f"/bo/approvals/{rid}/approve").status_code == 403   # hall may not
    hana.login("hana")
    hana.get("/bo/approvals")
    assert hana.post(f"/bo/approvals/{rid}/approve").status_code == 403  # nor other hall staff
    fay.login("fay")
    page = fay.get("/bo/approvals").text
    assert f"/bo/approvals/{rid}/approve" in page
    assert fay.post(f"/bo/approvals/{rid}/approve").status_code == 200
    v = admin.app.state.vouchers.voucher(code)
    assert (v["status"], v["balance"]) == ("refunded", 0)
    assert fay.post(f"/bo/approvals/{rid}/approve").status_code == 409  # decided already
    actions = [a["action"] for a in store.rows("SELECT action FROM bo_audit ORDER BY audit_id")]
    assert "refund.request" in actions and "refund.approve" in actions


def test_the_maker_cannot_approve_their_own_request(server, operators, browser, code, store):
    fay = browser()
    fay.login("fay")
    fay.get(f"/bo/vouchers?code={code}")
    fay.post("/bo/vouchers/refund", {"code": code, "reason": "test"})
    [pending] = store.rows("SELECT refund_id FROM voucher_refunds")
    page = fay.get("/bo/approvals").text
    assert "需另一人审批" in page and f"{pending['refund_id']}/approve" not in page
    r = fay.post(f"/bo/approvals/{pending['refund_id']}/approve")
    assert r.status_code == 403
    assert store.one("SELECT status FROM voucher_refunds")["status"] == "pending"
