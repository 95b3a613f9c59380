"""Reconciliation cannot be fooled: one test per finding of issue 16.

Each batch here is signed and uploaded like a kiosk's; the report is the server's.
"""

from __future__ import annotations

from typing import Any

from tests.central.conftest import item, make_batch


def _sales(client: Any, record: Any, txn: Any, *sales: tuple[str, int]) -> None:
    recs = [record(t, txn(t, total=total)) for t, total in sales]
    assert client.post("/v1/transactions", {"records": recs}).status_code == 200


def _report(client: Any, batch: dict[str, Any]) -> dict[str, Any]:
    r = client.post("/v1/settlements", batch)
    assert r.status_code == 200, r.text
    report: dict[str, Any] = r.json()["report"]
    return report


def test_an_item_listed_twice_matches_once_and_unbalances(signed_client, key, record, txn):
    _sales(signed_client, record, txn, ("t1", 10000))
    rep = _report(signed_client, make_batch(key, 1, [item("t1"), item("t1")]))
    assert rep["matched"] == ["t1"] and rep["duplicate_in_batch"] == ["t1"]
    assert not rep["balanced"]
    assert rep["totals_differences"]["total"] == [20000, 10000]  # inflated claim exposed


def test_cash_reported_as_card_is_a_mismatch(signed_client, key, record, txn):
    _sales(signed_client, record, txn, ("t1", 10000))
    batch = make_batch(key, 1, [item("t1", method="card", cash=0, card=10000)])
    rep = _report(signed_client, batch)
    [diff] = rep["amount_mismatch"]
    assert diff["method"] == {"kiosk": "card", "server": "cash"}
    assert diff["cash"] == {"kiosk": 0, "server": 10000}
    assert diff["card"] == {"kiosk": 10000, "server": 0}
    assert not rep["balanced"]


def test_status_and_time_are_compared(signed_client, key, record, txn):
    _sales(signed_client, record, txn, ("t1", 10000), ("t2", 10000))
    batch = make_batch(key, 1, [item("t1", status="credited"),
                                item("t2", completed_at="2025-11-24T11:00:00Z")])
    rep = _report(signed_client, batch)
    diffs = {d["id"]: d for d in rep["amount_mismatch"]}
    assert diffs["t1"]["status"] == {"kiosk": "credited", "server": "completed"}
    assert set(diffs["t2"]) == {"id", "completed_at"}


def test_totals_come_from_the_servers_rows(signed_client, key, record, txn):
    """A batch whose own items and totals agree still differs from what the server holds."""
    _sales(signed_client, record, txn, ("t1", 10000))
    rep = _report(signed_client, make_batch(key, 1, [item("t1"), item("ghost", 5000)]))
    assert rep["missing_on_server"] == ["ghost"]
    assert rep["recomputed_totals"]["total"] == 10000
    assert rep["totals_differences"]["total"] == [15000, 10000]


def test_an_item_in_two_batches_is_reported_and_overlap_too(signed_client, key, record, txn):
    _sales(signed_client, record, txn, ("t1", 10000))
    first = make_batch(key, 1, [item("t1")], head="aa" * 32)
    assert _report(signed_client, first)["balanced"]
    again = make_batch(key, 2, [item("t1")], prev="aa" * 32,
                       period_start="2025-11-24T12:00:00Z", period_end="2025-11-26T00:00:00Z")
    rep = _report(signed_client, again)
    assert rep["already_settled"] == [{"id": "t1", "batch_no": 1}]
    assert rep["matched"] == [] and not rep["balanced"]
    assert rep["period_problems"] == [{"problem": "overlaps_batch", "batch_no": 1}]


def test_a_sale_without_a_usable_time_is_not_invisible(signed_client, key, server, record,
                                                       txn):
    """Rows stored before strict intake (or by hand) with an unparsable time are listed."""
    _sales(signed_client, record, txn, ("t1", 10000), ("t2", 3000))
    server[1].db.execute("UPDATE transactions SET completed_at = 'yesterday',"
                         " completed_ts = NULL WHERE transaction_id = 't2'")
    rep = _report(signed_client, make_batch(key, 1, [item("t1")]))
    assert rep["undated_on_server"] == ["t2"] and not rep["balanced"]


def test_a_clean_batch_balances(signed_client, key, record, txn):
    _sales(signed_client, record, txn, ("t1", 10000), ("t2", 5000))
    rep = _report(signed_client, make_batch(key, 1, [item("t1"), item("t2", 5000)]))
    assert rep["balanced"], rep
    assert rep["summary"]["matched"] == 2
