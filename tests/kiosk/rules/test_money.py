"""Money: integer minor units only, same-currency arithmetic, exact parsing and formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.rules.money import Money, MoneyError

amounts = st.integers(min_value=-(10**12), max_value=10**12)


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("80", 8000),
        ("80.5", 8050),
        ("80.05", 8005),
        ("¥100.00", 10000),
        ("100元", 10000),
        (" 0.01 ", 1),
        ("0", 0),
        ("1000000", 100000000),
    ],
)
def test_parse_user_input(text: str, minor: int) -> None:
    assert Money.parse(text) == Money(minor, "CNY")


@pytest.mark.parametrize("text", ["", "abc", "1.234", "-5", "1e3", "1,000", "..5", "¥", "NaN"])
def test_parse_rejects_bad_input_with_clear_error(text: str) -> None:
    with pytest.raises(MoneyError):
        Money.parse(text)


def test_formatting_per_locale() -> None:
    assert Money(8000).format("zh_CN") == "¥80.00"
    assert Money(123456789).format("en") == "¥1,234,567.89"
    assert Money(123456789).format("zh_CN") == "¥1234567.89"
    assert Money(-5).format("zh_CN") == "-¥0.05"
    assert Money(500, "JPY").format("en") == "¥500"
    assert Money(10000).decimal_text() == "100.00"


def test_mixed_currencies_are_refused() -> None:
    with pytest.raises(MoneyError, match="currency mismatch"):
        Money(100, "CNY") + Money(100, "USD")
    with pytest.raises(MoneyError):
        _ = Money(100, "CNY") < Money(100, "EUR")


@pytest.mark.parametrize("bad", [1.0, 0.5, True, "100", Decimal("1"), None])
def test_non_int_amounts_are_refused(bad: object) -> None:
    with pytest.raises(MoneyError):
        Money(bad)  # type: ignore[arg-type]


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_no_float_ever_enters(value: float) -> None:
    with pytest.raises(MoneyError):
        Money(value)  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        Money(100) * value  # type: ignore[operator]
    with pytest.raises(MoneyError):
        Money(100).percent_of(value)  # type: ignore[arg-type]


@given(amounts, amounts)
def test_arithmetic_stays_integer_and_exact(a: int, b: int) -> None:
    total = Money(a) + Money(b)
    assert type(total.minor) is int
    assert total.minor == a + b
    assert (total - Money(b)) == Money(a)


@given(st.integers(min_value=0, max_value=10**12))
def test_format_parse_round_trip(minor: int) -> None:
    assert Money.parse(Money(minor).decimal_text()) == Money(minor)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10000))
def test_percent_rounds_half_up_to_the_fen(minor: int, bp: int) -> None:
    exact = Decimal(minor) * Decimal(bp) / Decimal(10000)
    got = Money(minor).percent_of(bp).minor
    assert abs(Decimal(got) - exact) <= Decimal("0.5")
    assert type(got) is int
