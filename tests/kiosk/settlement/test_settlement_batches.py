"""Batches: gap-free numbers, totals per contract, signature + chain verified, tampering caught."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from kiosk.settlement.batches import Settlement, SettlementError, verify_batch
from kiosk.settlement.keys import SigningKey
from offline_queue import canonical_json
from offline_queue.records import GENESIS_HASH


def test_batch_content_matches_the_contract(settlement, add_txn, clock, store) -> None:
    a = add_txn(total=10000, notes=(5000, 5000))
    b = add_txn(total=20100, fee=100, service="bill", biller="STATE_GRID", notes=(10000,) * 2,
                method="mixed")
    add_txn(total=3000, status="cancelled", notes=())
    c = add_txn(total=5000, status="credited", notes=(5000,), voucher_issued=5000)
    clock.advance(10)
    batch = settlement.close("manual")
    assert batch["batch_no"] == 1 and batch["reason"] == "manual"
    assert [t["id"] for t in batch["transactions"]] == [a, b, c]
    t = batch["totals"]
    assert (t["count"], t["gross"], t["fee"], t["total"]) == (3, 35000, 100, 35100)
    assert t["by_method"] == {"cash": {"count": 2, "amount": 15000},
                              "mixed": {"count": 1, "amount": 20100}}
    assert t["by_service"] == {"topup": {"count": 2, "amount": 15000},
                               "bill:STATE_GRID": {"count": 1, "amount": 20100}}
    assert t["by_denomination"] == {"5000": 3, "10000": 2}
    assert t["vouchers_issued"] == {"count": 1, "amount": 5000}
    assert t["vouchers_redeemed"] == {"count": 0, "amount": 0}
    seq, _head = store.chain_head()
    assert batch["journal_seq"] == seq - 1  # the close itself is journalled after
    assert batch["prev_chain_head"] == GENESIS_HASH
    assert batch["public_key"] == settlement._key.public_key_hex
    assert settlement.verify(1) == []


def test_numbers_are_gap_free_and_each_transaction_counted_once(settlement, add_txn,
                                                                clock) -> None:
    add_txn(total=10000)
    first = settlement.close()
    empty = settlement.close()
    add_txn(total=5000)
    third = settlement.close()
    assert [first["batch_no"], empty["batch_no"], third["batch_no"]] == [1, 2, 3]
    assert empty["totals"]["count"] == 0 and third["totals"]["total"] == 5000
    assert empty["prev_chain_head"] == first["chain_head"]
    assert third["prev_chain_head"] == empty["chain_head"]
    assert third["period_start"] == empty["period_end"]
    assert [b["batch_no"] for b in settlement.batches()] == [1, 2, 3]
    for n in (1, 2, 3):
        assert settlement.verify(n) == []


def test_transaction_completed_after_period_end_waits(settlement, add_txn, clock) -> None:
    add_txn(total=10000)
    cut = clock() + 5
    clock.advance(10)
    late = add_txn(total=2000)
    batch = settlement.close("cutover", period_end=cut)
    assert batch["totals"]["total"] == 10000
    assert [t["id"] for t in settlement.close()["transactions"]] == [late]


def test_signature_is_over_canonical_json(settlement, add_txn) -> None:
    add_txn(total=10000)
    batch = settlement.close()
    from kiosk.settlement.keys import verify_signature

    unsigned = {k: v for k, v in batch.items() if k != "signature"}
    assert verify_signature(batch["public_key"], canonical_json(unsigned), batch["signature"])


@pytest.mark.parametrize("path,value", [
    (("totals", "total"), 1), (("transactions", 0, "total"), 1), (("batch_no",), 7),
    (("chain_head",), "f" * 64), (("signature",), "00" * 64)])
def test_tampered_batch_is_rejected(settlement, add_txn, path, value) -> None:
    add_txn(total=10000)
    batch = json.loads(json.dumps(settlement.close()))
    node = batch
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    assert verify_batch(batch) != []


def test_stored_batch_edit_and_journal_edit_are_detected(settlement, add_txn, store) -> None:
    add_txn(total=10000)
    settlement.close()
    with store.atomic() as tx:  # someone edits a journal payload behind the kiosk's back
        tx.execute("UPDATE journal SET payload = replace(payload, '10000', '1000') WHERE seq = 1")
    problems = settlement.verify(1)
    assert "journal hash chain is broken" in problems


def test_foreign_key_batch_is_rejected(settlement, add_txn, tmp_path) -> None:
    add_txn(total=10000)
    batch = settlement.close()
    other = SigningKey.load_or_create(tmp_path / "other")
    assert "public_key is not this kiosk's key" in verify_batch(
        batch, public_key_hex=other.public_key_hex)


def test_cutover_is_due_once_per_business_day(store, key, clock, add_txn) -> None:
    s = Settlement(store, key, kiosk_id="K0001", currency="CNY", clock=clock,
                   cutover="02:30", tz=UTC)
    clock.now = datetime(2024, 3, 1, 12, 0, tzinfo=UTC).timestamp()
    add_txn(total=10000)  # the kiosk's first journal record: nothing due before it
    assert s.due_cutover() is None
    clock.now = datetime(2024, 3, 2, 2, 29, tzinfo=UTC).timestamp()
    assert s.close_due() is None
    clock.now = datetime(2024, 3, 2, 2, 31, tzinfo=UTC).timestamp()
    batch = s.close_due()
    assert batch is not None and batch["reason"] == "cutover"
    assert batch["period_end"] == "2024-03-02T02:30:00Z"
    assert s.close_due() is None
    clock.now = datetime(2024, 3, 3, 3, 0, tzinfo=UTC).timestamp()
    assert s.due_cutover() == datetime(2024, 3, 3, 2, 30, tzinfo=UTC).timestamp()


def test_closed_batch_is_queued_once_and_reupload_adds_a_row(settlement, add_txn,
                                                             store) -> None:
    add_txn(total=10000)
    settlement.close()
    rows = store.query("SELECT record_id, data FROM outbox WHERE endpoint = '/v1/settlements'")
    assert len(rows) == 1 and json.loads(rows[0]["data"])["batch_no"] == 1
    assert settlement.request_upload([1]) == [1]
    rows = store.query("SELECT data FROM outbox WHERE endpoint = '/v1/settlements'")
    assert len(rows) == 2 and rows[0]["data"] == rows[1]["data"]
    with pytest.raises(SettlementError):
        settlement.request_upload([9])


def test_find_by_period(settlement, add_txn, clock) -> None:
    add_txn(total=1)
    clock.advance(100)
    b1 = settlement.close()
    clock.advance(100)
    b2 = settlement.close()
    assert settlement.find(b1["period_start"], b1["period_end"]) == [1]
    assert settlement.find(b1["period_start"], b2["period_end"]) == [1, 2]


def test_key_is_created_once_with_private_mode(tmp_path) -> None:
    k1 = SigningKey.load_or_create(tmp_path)
    k2 = SigningKey.load_or_create(tmp_path)
    assert k1.public_key_hex == k2.public_key_hex and len(k1.public_key_hex) == 64
    assert (tmp_path / "settlement_ed25519.pem").stat().st_mode & 0o777 == 0o600
