"""`transaction_reversal` records: applied to the projection in either arrival order."""

from __future__ import annotations

from typing import Any

from central.reconcile import reconcile


def reversal(tid: str, amount: int = 10000, **extra: Any) -> dict[str, Any]:
    data = {"transaction_id": tid, "receipt_no": 101, "reason": "confirmation not answered",
            "at": "2025-11-24T10:00:05Z", "amount": amount}
    data.update(extra)
    return data


def card_txn(txn: Any, tid: str) -> dict[str, Any]:
    data: dict[str, Any] = txn(tid, method="card", cash=0, card=10000, notes={})
    return data


def _post(client: Any, *records: dict[str, Any]) -> list[dict[str, Any]]:
    r = client.post("/v1/transactions", {"records": list(records)})
    assert r.status_code in (200, 207, 422), r.text
    results: list[dict[str, Any]] = r.json()["results"]
    return results


def test_reversal_after_the_transaction_reverses_it(client, server, record, txn):
    _, admin = server
    assert _post(client, record("t-1", card_txn(txn, "t-1")))[0]["status"] == "stored"
    [res] = _post(client, record("r-1", reversal("t-1"), "transaction_reversal"))
    assert res["status"] == "stored"
    [t] = admin.transactions("K0001")
    assert t["status"] == "reversed"
    # delivered again (at least once): duplicate, still reversed
    assert _post(client, record("r-1", reversal("t-1"), "transaction_reversal"))[0][
        "status"] == "duplicate"
    assert _post(client, record("t-1", card_txn(txn, "t-1")))[0]["status"] == "duplicate"
    assert admin.transactions("K0001")[0]["status"] == "reversed"


def test_reversal_before_the_transaction_is_applied_on_arrival(client, server, record, txn):
    _, admin = server
    assert _post(client, record("r-1", reversal("t-1"), "transaction_reversal"))[0][
        "status"] == "stored"
    assert admin.transactions("K0001") == []
    assert _post(client, record("t-1", card_txn(txn, "t-1")))[0]["status"] == "stored"
    [t] = admin.transactions("K0001")
    assert t["status"] == "reversed"


def test_reversed_transaction_is_not_counted_in_reconciliation(client, server, record, txn):
    _, admin = server
    _post(client, record("t-1", card_txn(txn, "t-1")),
          record("r-1", reversal("t-1"), "transaction_reversal"))
    batch = {"kiosk_id": "K0001", "batch_no": 1, "period_start": "2025-11-24T00:00:00Z",
             "period_end": "2025-11-25T00:00:00Z", "totals": {"count": 0, "gross": 0,
                                                              "fee": 0, "total": 0},
             "transactions": [{"id": "t-1", "method": "card", "service": "topup",
                               "biller": None, "gross": 0, "fee": 0, "total": 0,
                               "status": "reversed"}]}
    report = reconcile(admin.db, batch)
    assert report["balanced"], report
    assert report["matched"] == ["t-1"]
    # a batch that omits it is balanced too: a reversed sale is not missing on the kiosk
    report = reconcile(admin.db, {**batch, "transactions": []})
    assert report["balanced"] and report["missing_on_kiosk"] == []


def test_reversal_of_another_kiosks_transaction_is_not_applied(client, server, record, txn):
    _, admin = server
    _post(client, record("t-1", card_txn(txn, "t-1")))
    admin.db.execute("UPDATE transactions SET kiosk_id = 'K0002'")
    _post(client, record("r-1", reversal("t-1"), "transaction_reversal"))
    assert admin.transactions("K0002")[0]["status"] == "completed"


def test_malformed_reversal_is_invalid(client, record):
    [res] = _post(client, record("r-1", reversal("t-1", amount="100"), "transaction_reversal"))
    assert res["status"] == "invalid" and "amount" in res["error"]
    [res] = _post(client, record("r-2", {"amount": 1}, "transaction_reversal"))
    assert res["status"] == "invalid" and "transaction_id" in res["error"]
