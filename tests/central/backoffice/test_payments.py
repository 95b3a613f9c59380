"""Payments search and the transaction page, on transactions sent through real intake."""

from __future__ import annotations

import uuid

import pytest


@pytest.fixture
def sent(client, txn, record):
    """Three transactions of K0001 on two days, sent as the kiosk sends them."""
    ids = [str(uuid.uuid4()) for _ in range(3)]
    rows = [txn(ids[0], 5000, account="13800138000", completed_at="2025-11-24T10:00:00Z"),
            txn(ids[1], 10000, account="13900139000", completed_at="2025-11-24T11:00:00Z"),
            txn(ids[2], 2000, account="13800138000", completed_at="2025-11-25T09:00:00Z",
                notes={"1000": 2})]
    r = client.post("/v1/transactions", {"records": [record(i, d) for i, d in zip(ids, rows,
                                                                                 strict=True)]})
    assert r.status_code == 200
    return ids


def test_search_by_account_date_kiosk_and_reference(server, operators, browser, sent):
    b = browser()
    b.login("hal")
    page = b.get("/bo/payments?account=13800138000").text
    assert sent[0][:13] in page and sent[2][:13] in page and sent[1][:13] not in page
    page = b.get("/bo/payments?account=13800138000&from=2025-11-25&to=2025-11-25").text
    assert sent[2][:13] in page and sent[0][:13] not in page
    page = b.get(f"/bo/payments?ref={sent[1][:8]}").text
    assert sent[1][:13] in page and sent[0][:13] not in page
    assert 'id="result-count">找到 3' in b.get("/bo/payments?kiosk=K0001").text
    assert b.get("/bo/payments?from=yesterday").status_code == 400
    assert b.get("/bo/payments?account=1' OR '1'='1").status_code == 400
    assert "至少一项" in b.get("/bo/payments").text


def test_transaction_page(server, operators, browser, sent, store):
    b = browser()
    b.login("hal")
    page = b.get(f"/bo/transactions/{sent[2]}").text
    assert "¥20.00" in page and "13800138000" in page and "尚未进入结算批次" in page
    assert "¥10.00" in page  # the notes it took: 2 x 10 yuan
    assert b.get("/bo/transactions/nope").status_code == 404
    audit = store.rows("SELECT action, subject FROM bo_audit WHERE action = 'transaction.view'")
    assert audit == [{"action": "transaction.view", "subject": sent[2]}]


def test_dispatchers_do_not_see_payments(server, operators, browser, sent):
    b = browser()
    b.login("dan")
    assert b.get("/bo/payments?kiosk=K0001").status_code == 403
