"""Start-up recovery from the ledger and the validator's power-up report."""

from __future__ import annotations

import json

import pytest

from devices.bill_validator import PowerUpWithBill
from kiosk.errors import SessionError
from kiosk.ledger.ledger import TxnSpec
from kiosk.ledger.recovery import recover
from kiosk.rules.fees import FeeRule

TOPUP = TxnSpec("topup", "13800138000", "CNY", FeeRule(), due=None, partial_ok=True)
BILL = TxnSpec("bill", "20260001", "CNY", FeeRule("fixed", 100), biller="W", due=4660)


def _open_with_notes(ledger, spec, stacked, escrowed=None):
    txn, _ = ledger.open(spec)
    for amount in stacked:
        ledger.record_escrow(txn, amount)
        ledger.record_note(txn, amount, "stacked")
    if escrowed:
        ledger.record_escrow(txn, escrowed)
    return txn


def test_escrow_in_stacker_is_credited(ledger):
    _open_with_notes(ledger, TOPUP, [10000, 5000], escrowed=2000)
    rep = recover(ledger, power_up=PowerUpWithBill("stacker", 2000))
    [o] = rep.outcomes
    assert (o.status, o.cash, o.gross) == ("completed", 17000, 17000)
    assert rep.flags == [] and ledger.open_transactions() == []
    assert recover(ledger).outcomes == []  # idempotent


def test_escrow_in_validator_is_not_credited(ledger):
    _open_with_notes(ledger, BILL, [2000], escrowed=1000)
    [o] = recover(ledger, power_up=PowerUpWithBill("validator", None)).outcomes
    assert (o.status, o.cash, o.voucher_amount) == ("credited", 2000, 2000)


def test_escrow_without_report_is_never_credited_and_flagged(ledger):
    txn = _open_with_notes(ledger, TOPUP, [], escrowed=5000)
    rep = recover(ledger, power_up=None)
    assert rep.outcomes[0].cash == 0 and txn in rep.flags[0]
    [note] = ledger.store.query("SELECT state FROM kiosk_notes")
    assert note["state"] == "unresolved"  # the cash count settles it


def test_escrow_with_idle_device_is_returned_and_flagged(ledger):
    txn = _open_with_notes(ledger, TOPUP, [1000], escrowed=5000)
    rep = recover(ledger, power_up=None, device_idle=True)
    assert rep.outcomes[0].cash == 1000 and txn in rep.flags[0]
    assert "cash count" in rep.flags[0]


def test_unconfirmed_card_is_reversed(ledger, fake_terminal):
    txn, _ = ledger.open(BILL)
    ledger.set_status(txn, "card_pending", method="card")
    ledger.set_status(txn, "card_approved", card=4660,
                      card_info={"masked_pan": "6228480000001234", "receipt_no": 7})
    [o] = recover(ledger, terminal=fake_terminal).outcomes
    assert o.status == "reversed" and fake_terminal.reversed == [7] and o.card == 0


def _outbox(ledger, txn):
    rows = ledger.store.query("SELECT record_type, record_id, data FROM outbox WHERE"
                              " record_type IN ('transaction', 'transaction_reversal')"
                              " ORDER BY id")
    return [(r["record_type"], r["record_id"] == txn, json.loads(r["data"])) for r in rows]


def test_crash_after_confirm_attempt_sends_attempt_and_reversal(ledger, fake_terminal):
    txn, _ = ledger.open(BILL)
    ledger.set_status(txn, "card_pending", method="card")
    ledger.set_status(txn, "card_approved", card=4660,
                      card_info={"masked_pan": "6228480000001234", "receipt_no": 7})
    attempt = ledger.finalize(txn, "card confirmed", at=ledger.now(), dry_run=True).record
    ledger.record_confirm_attempt(txn, attempt)
    # crash here: the server may or may not have the completed record
    [o] = recover(ledger, terminal=fake_terminal).outcomes
    assert o.status == "reversed" and fake_terminal.reversed == [7]
    [(t1, same_id, data), (t2, rev_id_is_txn, rev)] = _outbox(ledger, txn)
    assert (t1, same_id, data) == ("transaction", True, attempt)
    assert (t2, rev_id_is_txn) == ("transaction_reversal", False)
    assert rev["transaction_id"] == txn and rev["amount"] == 4660 and rev["receipt_no"] == 7
    assert set(rev) == {"transaction_id", "receipt_no", "reason", "at", "amount"}


def test_confirm_attempt_only_once_and_only_when_approved(ledger):
    txn, _ = ledger.open(BILL)
    with pytest.raises(SessionError):
        ledger.record_confirm_attempt(txn, {"status": "completed"})
    ledger.set_status(txn, "card_approved", card=4660, card_info={"receipt_no": 7})
    ledger.record_confirm_attempt(txn, {"status": "completed"})
    with pytest.raises(SessionError):
        ledger.record_confirm_attempt(txn, {"status": "completed"})


def test_interrupted_card_payment_fails_visibly(ledger):
    txn, _ = ledger.open(BILL)
    ledger.set_status(txn, "card_pending", method="card")
    rep = recover(ledger)
    assert rep.outcomes[0].status == "failed" and "unknown" in rep.flags[0]


def test_orphan_note_in_stacker(ledger):
    rep = recover(ledger, power_up=PowerUpWithBill("stacker", 5000))
    [o] = rep.outcomes
    assert o.status == "credited" and o.voucher_amount == 5000
    entries = [e for e in ledger.store.journal_entries() if e.kind == "recovery"]
    assert json.dumps(entries[-1].payload)  # the report itself is journaled
