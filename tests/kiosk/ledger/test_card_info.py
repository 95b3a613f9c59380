"""The ledger stores a terminal's masked PAN as it came: BIN + last four survive."""

from __future__ import annotations

import json

from kiosk.ledger.ledger import TxnSpec
from kiosk.rules.fees import FeeRule

BILL = TxnSpec("bill", "20260001", "CNY", FeeRule("fixed", 100), biller="W", due=4660)


def _stored_pan(ledger, masked_pan: str) -> str:
    txn, _ = ledger.open(BILL)
    ledger.set_status(txn, "card_pending", method="card")
    ledger.set_status(txn, "card_approved", card=4660,
                      card_info={"masked_pan": masked_pan, "receipt_no": 7})
    [row] = ledger.store.query("SELECT card_info FROM kiosk_transactions WHERE id = ?", (txn,))
    return str(json.loads(row["card_info"])["masked_pan"])


def test_already_masked_pan_keeps_bin_and_last_four(ledger):
    # what the ZVT driver hands over (bitmap 22 masked at the parser)
    assert _stored_pan(ledger, "622848*********0018") == "622848*********0018"
    assert _stored_pan(ledger, "4761********0119") == "4761********0119"


def test_full_pan_is_masked_to_bin_and_last_four(ledger):
    assert _stored_pan(ledger, "6228480000001234") == "622848******1234"
