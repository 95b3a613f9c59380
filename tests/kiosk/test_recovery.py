"""Start-up recovery from the ledger and the validator's power-up report."""

from __future__ import annotations

import json

from devices.bill_validator import PowerUpWithBill
from kiosk.fees import FeeRule
from kiosk.ledger import TxnSpec
from kiosk.recovery import recover

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


def test_escrow_without_report_is_credited_and_flagged(ledger):
    txn = _open_with_notes(ledger, TOPUP, [], escrowed=5000)
    rep = recover(ledger, power_up=None)
    assert rep.outcomes[0].cash == 5000 and txn in rep.flags[0]


def test_unconfirmed_card_is_reversed(ledger, fake_terminal):
    txn, _ = ledger.open(BILL)
    ledger.set_status(txn, "card_pending", method="card")
    ledger.set_status(txn, "card_approved", card=4660,
                      card_info={"masked_pan": "6228480000001234", "receipt_no": 7})
    [o] = recover(ledger, terminal=fake_terminal).outcomes
    assert o.status == "reversed" and fake_terminal.reversed == [7] and o.card == 0


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
