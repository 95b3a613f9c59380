"""Money: integer minor units plus an ISO 4217 currency, never a float.

Why a type and not bare ints: the type refuses to add fen to cents, refuses floats at
construction, and owns the one formatting rule for screens and receipts. Parsing user
input goes through ``Decimal`` strings, so "100.10" is exactly 10010 fen.

    >>> Money.parse("80", "CNY")
    Money(minor=8000, currency='CNY')
    >>> Money(8000, "CNY").format("zh_CN")
    '¥80.00'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from kiosk.errors import MoneyError

#: Minor-unit exponent per ISO 4217 code that this kiosk can be configured for.
CURRENCY_EXPONENTS: dict[str, int] = {
    "CNY": 2,
    "HKD": 2,
    "USD": 2,
    "EUR": 2,
    "GBP": 2,
    "RUB": 2,
    "KZT": 2,
    "JPY": 0,
    "KRW": 0,
}
#: ISO 4217 numeric codes, needed by device protocols (ZVT bitmap 49, bill tables).
CURRENCY_NUMERIC: dict[str, int] = {
    "CNY": 156,
    "HKD": 344,
    "USD": 840,
    "EUR": 978,
    "GBP": 826,
    "RUB": 643,
    "KZT": 398,
    "JPY": 392,
    "KRW": 410,
}
SYMBOLS: dict[str, str] = {
    "CNY": "¥",
    "HKD": "HK$",
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "RUB": "₽",
    "KZT": "₸",
    "JPY": "¥",
    "KRW": "₩",
}
_INPUT = re.compile(
    r"^\s*[¥$€£₽₸₩]?\s*(?P<int>\d{1,12})(?:[.](?P<frac>\d*))?\s*(?:元|CNY|USD|EUR)?\s*$"
)


@dataclass(frozen=True, slots=True, order=False)
class Money:
    """An immutable amount: ``minor`` integer units of ``currency`` (ISO 4217)."""

    minor: int
    currency: str = "CNY"

    def __post_init__(self) -> None:
        # bool is an int subclass; True fen is a bug, not money.
        if type(self.minor) is not int:
            raise MoneyError(
                f"amount must be an int of minor units, got {type(self.minor).__name__}"
            )
        if self.currency not in CURRENCY_EXPONENTS:
            raise MoneyError(f"unknown currency {self.currency!r}")

    # --- construction -------------------------------------------------------------
    @classmethod
    def zero(cls, currency: str = "CNY") -> Money:
        return cls(0, currency)

    @classmethod
    def of_major(cls, major: int, currency: str = "CNY") -> Money:
        """Whole major units (yuan, dollars): ``Money.of_major(80)`` is ¥80.00."""
        if type(major) is not int:
            raise MoneyError(f"major amount must be an int, got {type(major).__name__}")
        return cls(major * 10 ** CURRENCY_EXPONENTS[currency], currency)

    @classmethod
    def parse(cls, text: str, currency: str = "CNY") -> Money:
        """Parse what a person typed ("80", "80.5", "¥100.00", "100元").

        Raises ``MoneyError`` for anything else, including more decimals than the
        currency has and negative amounts: a kiosk never takes negative input.
        """
        if not isinstance(text, str):
            raise MoneyError(f"expected text, got {type(text).__name__}")
        m = _INPUT.match(text)
        exp = CURRENCY_EXPONENTS.get(currency)
        if exp is None:
            raise MoneyError(f"unknown currency {currency!r}")
        if not m:
            raise MoneyError(f"not an amount: {text!r}")
        frac = m.group("frac") or ""
        if len(frac) > exp:
            raise MoneyError(f"{text!r} has more than {exp} decimal places")
        try:
            value = Decimal(m.group("int") + "." + (frac or "0"))
        except InvalidOperation as exc:  # pragma: no cover - regex already guards
            raise MoneyError(f"not an amount: {text!r}") from exc
        return cls(int(value.scaleb(exp)), currency)

    # --- arithmetic (same currency only) ------------------------------------------
    def _same(self, other: Any) -> Money:
        if not isinstance(other, Money):
            raise MoneyError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise MoneyError(f"currency mismatch: {self.currency} vs {other.currency}")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.minor + self._same(other).minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.minor - self._same(other).minor, self.currency)

    def __mul__(self, factor: int) -> Money:
        if type(factor) is not int:
            raise MoneyError("money can only be multiplied by an int; use percent_of for rates")
        return Money(self.minor * factor, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __lt__(self, other: Money) -> bool:
        return self.minor < self._same(other).minor

    def __le__(self, other: Money) -> bool:
        return self.minor <= self._same(other).minor

    def __gt__(self, other: Money) -> bool:
        return self.minor > self._same(other).minor

    def __ge__(self, other: Money) -> bool:
        return self.minor >= self._same(other).minor

    def __bool__(self) -> bool:
        return self.minor != 0

    def percent_of(self, basis_points: int) -> Money:
        """``basis_points``/10000 of this amount, rounded half up to the minor unit.

        Rates are basis points (1% = 100) so they stay integers too.
        """
        if type(basis_points) is not int:
            raise MoneyError("rate must be an int number of basis points")
        num = self.minor * basis_points
        sign = -1 if num < 0 else 1
        return Money(sign * ((abs(num) + 5000) // 10000), self.currency)

    # --- presentation ----------------------------------------------------------------
    @property
    def exponent(self) -> int:
        return CURRENCY_EXPONENTS[self.currency]

    def decimal_text(self) -> str:
        """Plain decimal text without symbol, e.g. ``80.00`` (for JSON/CLI output)."""
        exp = self.exponent
        sign = "-" if self.minor < 0 else ""
        whole, frac = divmod(abs(self.minor), 10**exp)
        return f"{sign}{whole}" + (f".{frac:0{exp}d}" if exp else "")

    def format(self, locale: str = "zh_CN") -> str:
        """Display text: zh_CN ``¥80.00``; en ``¥80.00`` for CNY with thousands grouping.

        Both locales use the symbol before the number, as Chinese and English receipts do;
        English adds thousands separators (``¥1,000.00``), Chinese screens do not.
        """
        exp = self.exponent
        sign = "-" if self.minor < 0 else ""
        whole, frac = divmod(abs(self.minor), 10**exp)
        whole_text = f"{whole:,}" if locale.startswith("en") else str(whole)
        frac_text = f".{frac:0{exp}d}" if exp else ""
        return f"{sign}{SYMBOLS[self.currency]}{whole_text}{frac_text}"

    def __str__(self) -> str:
        return self.format()
