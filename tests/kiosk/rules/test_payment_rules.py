"""Fees, limits, catalog validation, vouchers and the state table as data."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import MalformedReply, ValidationError
from kiosk.payment.session_table import EVENTS, TABLE, State, markdown_table
from kiosk.rules.catalog import (
    Biller,
    Catalog,
    luhn_ok,
    mask_account,
    mod10_ok,
    normalize_msisdn,
    operator_for,
)
from kiosk.rules.fees import FeeRule, quote_gross, quote_total
from kiosk.rules.limits import Backlog, Limits, acceptable_notes, payable_exactly
from kiosk.rules.money import Money
from kiosk.rules.vouchers import (
    format_code,
    mac_ok,
    make_code,
    new_code,
    normalize_code,
    voucher_key,
)

GRID = {"code": "STATE_GRID", "name_zh": "国家电网", "name_en": "Grid",
        "account_pattern": r"^\d{10}$", "account_length": 10, "check_digit": "luhn",
        "allow_overpay": True, "allow_offline_cash": False,
        "fee": {"type": "percent", "value": 100}, "commission_bp": 30}


def test_fee_fixed_and_percent_half_up():
    assert quote_gross(FeeRule("fixed", 100), Money(4560)).total == Money(4660)
    q = quote_gross(FeeRule("percent", 100, 30), Money(12850))
    assert (q.fee.minor, q.commission.minor, q.total.minor) == (129, 39, 12979)  # 128.5 -> 129


@settings(max_examples=200)
@given(total=st.integers(0, 10**7), bp=st.integers(0, 2000), fixed=st.integers(0, 1000))
def test_quote_total_assigns_every_fen(total, bp, fixed):
    for rule in (FeeRule("percent", bp), FeeRule("fixed", fixed)):
        q = quote_total(rule, Money(total))
        assert q.gross.minor + q.fee.minor == total and q.gross.minor >= 0
        if q.gross.minor > 0:  # the fee is the forward fee or at most one fen above
            assert 0 <= q.fee.minor - rule.fee_for(q.gross).minor <= 1 or rule.kind == "fixed"
            assert quote_total(rule, quote_gross(rule, q.gross).total).gross == q.gross


def test_fee_rule_rejects_bad_input():
    with pytest.raises(ValidationError):
        FeeRule("weird", 1)
    with pytest.raises(ValidationError):
        FeeRule("fixed", -1)


def test_limits_online_offline():
    lim = Limits(100000, 50000, 200000, 86400)
    assert lim.transaction_cap(True, Backlog(0, None, 0)) == 100000  # queue flowing
    # issue 15: online but the queue stalled, the backlog limits apply all the same
    assert lim.transaction_cap(True, Backlog(10**9, 10**9, 3)) == 0
    assert "queue stalled" in str(lim.offline_block_reason(Backlog(10**9, 10, 3), online=True))
    assert lim.transaction_cap(True, Backlog(180000, 10, 3)) == 20000
    # the count cap
    assert lim.transaction_cap(False, Backlog(1000, 10, 20)) == 0
    assert "count" in str(lim.offline_block_reason(Backlog(1000, 10, 20)))
    assert lim.transaction_cap(False, Backlog(0, None)) == 50000
    assert lim.transaction_cap(False, Backlog(180000, 10)) == 20000
    assert lim.transaction_cap(False, Backlog(200000, 10)) == 0
    assert "too old" in str(lim.offline_block_reason(Backlog(0, 90000)))
    assert acceptable_notes((1000, 2000, 5000, 10000), 4660) == [1000, 2000]


def test_msisdn_and_operator():
    assert normalize_msisdn("+86 138-0013-8000") == "13800138000"
    assert operator_for("13300000000") == "China Telecom"
    for bad in ("1380013800", "23800138000", "abc", ""):
        with pytest.raises(ValidationError):
            normalize_msisdn(bad)
    with pytest.raises(ValidationError):
        operator_for("19200000000")


def test_one_account_mask_for_receipt_and_screen():
    """The receipt's mask and the balance screen's (with gaps) are the same digits."""
    assert mask_account("13800138000") == "138****8000"
    assert mask_account("13800138000", gap=" ") == "138 **** 8000"
    assert mask_account(" 12345 ") == "***45"


def test_account_validation_per_biller():
    b = Biller.from_json(GRID)
    assert luhn_ok("1000000016") and b.validate_account("100000 0016") == "1000000016"
    for bad, why in (("123", "10 characters"), ("100000001a", "format"),
                     ("1000000018", "check digit")):
        with pytest.raises(ValidationError, match=why):
            b.validate_account(bad)
    assert mod10_ok("1236") and not mod10_ok("1237")


def test_catalog_cached_with_version(store, ledger):
    cat = Catalog(store)
    assert cat.update({"version": "v1", "billers": [GRID]}) is True
    assert cat.update({"version": "v1", "billers": [GRID]}) is False
    with pytest.raises(MalformedReply):
        cat.update({"version": "v2", "billers": [{"code": 5}]})
    again = Catalog(store)  # offline restart: the cached catalog is in force
    assert again.version == "v1" and again.get("STATE_GRID").fee.value == 100


def test_voucher_codes():
    key = voucher_key(bytes.fromhex("00112233445566778899aabbccddeeff"))
    assert make_code(key, "1234567890") == "1234567890766276"  # docs/protocols.md vector
    code = new_code(random.Random(3), key)
    assert len(code) == 16 and normalize_code(format_code(code)) == code
    assert mac_ok(key, code) and not mac_ok(voucher_key(b"other kiosk"), code)
    assert normalize_code(code[:-1] + str((int(code[-1]) + 1) % 10)) is None


def test_table_is_complete():
    for state, spec in TABLE.items():
        assert set(spec.transitions) <= set(EVENTS), state
        if state is not State.ENDED:
            assert "timeout" in spec.transitions, f"{state} has no timeout exit"
            assert spec.timeout_key or spec.timeout_fixed_s
    reachable = {State.READY}
    frontier = [State.READY]
    while frontier:
        for nxt in TABLE[frontier.pop()].transitions.values():
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    assert reachable == set(State)


def test_docs_show_the_table():
    from pathlib import Path
    doc = Path(__file__).parents[3] / "docs" / "payment.md"
    assert markdown_table() in doc.read_text(encoding="utf-8")


def test_notes_for_a_fractional_bill():
    """Issue 15: ¥46.60 could not be paid in cash (no note fits the last 60 fen)."""
    notes = [100, 500, 1000, 2000, 5000, 10000]
    assert acceptable_notes(notes, 4660) == [100, 500, 1000, 2000]
    assert acceptable_notes(notes, 4660, overshoot=100000) == [100, 500, 1000, 2000, 5000]
    assert acceptable_notes(notes, 60, overshoot=100000) == [100]
    assert acceptable_notes(notes, 5000, overshoot=100000) == [100, 500, 1000, 2000, 5000]
    assert acceptable_notes(notes, 60, overshoot=60) == []  # not beyond the cap
    assert payable_exactly(4600, notes) and not payable_exactly(4660, notes)
    assert not payable_exactly(300, [1000, 2000])


def test_allowance_signature_is_this_kiosks():
    from kiosk.rules.allowance import verify
    from tests.support.fakes import TEST_SECRET, signed_allowance
    body = signed_allowance(1000.0, count=5)
    a = verify(TEST_SECRET, "K0001", "CNY", body)
    assert (a.count, a.valid(1000.0), a.valid(1000.0 + 86400), a.credit_within_h) == (
        5, True, False, 24)
    with pytest.raises(ValueError, match="signature"):
        verify(b"another secret", "K0001", "CNY", body)
    with pytest.raises(ValueError, match="another kiosk"):
        verify(TEST_SECRET, "K0002", "CNY", body)
    edited = {"allowance": {**body["allowance"], "total": 10**9},  # type: ignore[dict-item]
              "signature": body["signature"]}
    with pytest.raises(ValueError, match="signature"):
        verify(TEST_SECRET, "K0001", "CNY", edited)
