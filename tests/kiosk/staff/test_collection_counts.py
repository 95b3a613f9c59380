"""Cash collection: expected from the journal, counted difference recorded, batch closed."""

from __future__ import annotations

import json

import pytest

from kiosk.errors import ValidationError
from kiosk.staff.cash_collection import CollectionError


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


def test_note_returned_by_the_idle_rule_is_listed_to_check_once(maint, add_txn, store,
                                                                 collection, clock) -> None:
    """Recovery records a note escrowed before a crash as returned when the device sat
    idle (its escrow timeout returned it): not credited, so not expected in the cassette,
    but the collector is told to look for it, with the reason, in one collection only."""
    from kiosk.ledger.ledger import Ledger, TxnSpec
    from kiosk.ledger.recovery import IDLE_FLAG, recover
    from kiosk.rules.fees import FeeRule

    ledger = Ledger(store, kiosk_id="K0001", clock=clock)
    txn, _ = ledger.open(TxnSpec("topup", "13800138000", "CNY", FeeRule(), due=None,
                                 partial_ok=True))
    ledger.record_escrow(txn, 5000)
    second = ledger.open(TxnSpec("topup", "13800138001", "CNY", FeeRule(), due=None,
                                     partial_ok=True))[0]
    ledger.record_escrow(second, 1000)
    recover(ledger, device_idle=True)  # both: the device reported nothing
    assert [(n["transaction_id"], n["amount"], n["state"], n["reason"])
            for n in collection.to_check()] == [(txn, 5000, "returned", IDLE_FLAG),
                                                (second, 1000, "returned", IDLE_FLAG)]
    add_txn(total=10000, notes=(10000,))
    maint.login("coll1", "482913")
    result = maint.collect({"10000": 1})
    assert result.record["expected"] == {"10000": 1} and result.record["difference"] == 0
    assert [n["amount"] for n in result.to_check] == [5000, 1000]
    text = "\n".join(result.report.lines)
    assert "Check note ¥50.00 (returned)" in text and "escrow timeout" in text
    assert collection.to_check() == []  # assigned to that collection


def test_unresolved_notes_are_listed_to_check_with_a_reason(maint, add_txn, store,
                                                            collection) -> None:
    tid = add_txn(total=0)
    with store.atomic() as tx:
        tx.execute("INSERT INTO kiosk_notes (transaction_id, amount, state) "
                   "VALUES (?, 5000, 'unresolved')", (tid,))
    [note] = collection.to_check()
    assert (note["state"], note["amount"]) == ("unresolved", 5000)
    assert "may or may not be in the cassette" in note["reason"]


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
