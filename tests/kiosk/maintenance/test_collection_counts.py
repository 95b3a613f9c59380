"""Cash collection: expected from the journal, counted difference recorded, batch closed."""

from __future__ import annotations

import json

import pytest

from kiosk.cash_collection import CollectionError
from kiosk.errors import ValidationError


def stacked(store, txn_id, amounts):
    with store.atomic() as tx:
        for a in amounts:
            tx.execute("INSERT INTO kiosk_notes (transaction_id, amount, state) "
                       "VALUES (?, ?, 'stacked')", (txn_id, a))


def test_collection_with_a_counted_difference(maint, add_txn, store, printer, payloads) -> None:
    add_txn(total=15000, notes=(10000, 5000))
    add_txn(total=20000, notes=(10000, 10000))
    maint.login("coll1", "482913")
    assert maint.expected_cash() == {"5000": 1, "10000": 3}
    result = maint.collect({"10000": 2, 5000: 1, "2000": 1})  # one 100 short, a 20 extra
    r = result.record
    assert r["expected"] == {"5000": 1, "10000": 3} and r["counted"] == {
        "10000": 2, "5000": 1, "2000": 1}
    assert (r["expected_total"], r["counted_total"], r["difference"]) == (35000, 27000, -8000)
    assert r["collector"] == "coll1" and r["batch_no"] == 1
    # recorded, synced, audited, printed, batch closed, counters reset
    row = store.query("SELECT data FROM outbox WHERE record_type = 'cash_collection'")[0]
    assert json.loads(row["data"]) == r
    assert payloads("cash_collection") == [r]
    assert next(p for p in payloads("audit") if p["action"] == "cash.collect")[
        "detail"]["difference"] == -8000
    assert printer.printed and "Difference -¥80.00" in printer.printed[-1].lines
    assert "DIFFERENCE RECORDED - report to back office" in result.report.lines
    batch = maint._settlement.get(1)
    assert batch["reason"] == "collection" and batch["totals"]["by_denomination"] == {
        "5000": 1, "10000": 3}
    assert maint.expected_cash() == {}


def test_next_collection_counts_only_new_notes(maint, add_txn) -> None:
    add_txn(total=10000, notes=(10000,))
    maint.login("coll1", "482913")
    first = maint.collect({"10000": 1}).record
    assert first["difference"] == 0
    add_txn(total=5000, notes=(5000,))
    second = maint.collect({"5000": 1}).record
    assert second["expected"] == {"5000": 1} and second["batch_no"] == 2


def test_unresolved_notes_are_listed_apart(maint, add_txn, store) -> None:
    tid = add_txn(total=10000, notes=(10000,))
    with store.atomic() as tx:
        tx.execute("INSERT INTO kiosk_notes (transaction_id, amount, state) "
                   "VALUES (?, 5000, 'unresolved')", (tid,))
    maint.login("coll1", "482913")
    result = maint.collect({"10000": 1, "5000": 1})
    assert result.unresolved == {"5000": 1} and result.record["difference"] == 5000
    assert any("Unresolved note" in line for line in result.report.lines)


@pytest.mark.parametrize("counted", [{"abc": 1}, {"0": 1}, {"10000": -1}, {"10000": 1.5},
                                     {"10000": True}])
def test_bad_counts_change_nothing(maint, add_txn, store, counted) -> None:
    add_txn(total=10000, notes=(10000,))
    maint.login("coll1", "482913")
    with pytest.raises(ValidationError):
        maint.collect(counted)
    assert store.query("SELECT COUNT(*) AS n FROM cash_collections")[0]["n"] == 0
    assert maint.expected_cash() == {"10000": 1}


def test_no_collection_while_a_customer_transaction_is_open(maint, add_txn, store) -> None:
    add_txn(total=10000, notes=(10000,), status="collecting")
    maint.login("coll1", "482913")
    with pytest.raises(CollectionError, match="still open"):
        maint.collect({"10000": 1})


def test_printer_failure_does_not_undo(maint, add_txn, printer) -> None:
    from devices.printer import PaperState, PrintResult

    printer.print_receipt = lambda receipt: PrintResult(False, PaperState.OUT, "paper out")
    add_txn(total=10000, notes=(10000,))
    maint.login("coll1", "482913")
    result = maint.collect({"10000": 1})
    assert result.printed is not None and not result.printed.ok
    assert result.report.qr_payload.startswith("collection:")
    assert maint._collection.history()[0]["difference"] == 0
