"""Fees, limits, catalog validation, vouchers and the state table as data."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import MalformedReply, ValidationError
from kiosk.payment.session_table import EVENTS, TABLE, State, markdown_table
from kiosk.rules.catalog import Biller, Catalog, luhn_ok, mod10_ok, normalize_msisdn, operator_for
from kiosk.rules.fees import FeeRule, quote_gross, quote_total
from kiosk.rules.limits import Backlog, Limits, acceptable_notes
from kiosk.rules.money import Money
from kiosk.rules.vouchers import format_code, new_code, normalize_code

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
    assert lim.transaction_cap(True, Backlog(10**9, 10**9)) == 100000
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
    code = new_code(random.Random(3))
    assert len(code) == 12 and normalize_code(format_code(code)) == code
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
