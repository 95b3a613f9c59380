"""Find my payment: a signed reference or a short number with check digits finds the
payment; anything else is "not found" (the same answer), and guessing is paused."""

from __future__ import annotations

import pytest

from kiosk.ledger.ledger import TxnSpec
from kiosk.payment.lookup import LookupLocked, PaymentLookup
from kiosk.rules.fees import FeeRule
from kiosk.rules.receipt_ref import BadReference, sign

KEY = b"k" * 32


@pytest.fixture
def paid(ledger):
    txn, seq = ledger.open(TxnSpec("topup", "13912345678", "CNY", FeeRule()))
    ledger.record_note(txn, 5000, "stacked")
    ledger.finalize(txn, reason="done")
    return txn, seq


@pytest.fixture
def lookup(store, clock):
    return PaymentLookup(store, KEY, "K0001", clock)


def test_full_reference_and_short_number_find_the_payment(lookup, paid):
    txn, seq = paid
    found = lookup.find(lookup.reference(txn))
    assert (found.transaction_id, found.seq, found.total) == (txn, seq, 5000)
    assert found.final and found.status == "completed" and found.delivered is False
    assert lookup.find(lookup.short_number(txn, seq)) == found
    assert lookup.find(f"https://pay.example/receipt?ref={lookup.reference(txn)}") == found


def test_wrong_check_digits_and_unknown_numbers_answer_alike(lookup, paid):
    txn, seq = paid
    good = lookup.short_number(txn, seq)
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    answers = []
    for text in (wrong, f"{seq + 99}-123456", sign(b"other key", "K0001", txn).text,
                 sign(KEY, "K0002", txn).text):
        with pytest.raises(BadReference) as err:
            lookup.find(text)
        answers.append(str(err.value))
    assert len(set(answers)) == 1


def test_five_wrong_tries_pause_the_search(lookup, paid, clock):
    txn, seq = paid
    for _ in range(5):
        with pytest.raises(BadReference):
            lookup.find(f"{seq}-000000" if lookup.short_number(txn, seq)[-6:] != "000000"
                        else f"{seq}-000001")
    with pytest.raises(LookupLocked) as err:
        lookup.find(lookup.short_number(txn, seq))  # even the right one, while paused
    assert 0 < err.value.wait_s <= 61
    clock.advance(61)
    assert lookup.find(lookup.short_number(txn, seq)).transaction_id == txn
