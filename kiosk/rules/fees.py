"""Fees and commission: the one definition of gross, fee, commission and total.

- ``gross``: what reaches the customer's account (top-up value, bill payment incl. any
  overpayment the biller accepts).
- ``fee``: charged to the customer on top of gross; ``total = gross + fee`` is what the
  customer hands over (cash + card + redeemed vouchers).
- ``commission``: what the biller owes the operator, ``commission_bp`` basis points of
  gross. It is never charged to the customer and is reported separately.

Rounding rule (stated once): a percent fee or commission is ``amount * bp / 10000``
rounded half up to the fen (``Money.percent_of``). When the customer decides the total
(cash "top up whatever I insert", overpayment), gross is the largest amount whose
``gross + fee(gross)`` fits the total and the fee is the remainder, so the fee may be one
fen above the forward formula and no fen is ever left unassigned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.errors import ValidationError
from kiosk.rules.money import Money


@dataclass(frozen=True)
class FeeRule:
    kind: str = "fixed"  # "fixed" (value in minor units) or "percent" (value in basis points)
    value: int = 0
    commission_bp: int = 0

    def __post_init__(self) -> None:
        if self.kind not in ("fixed", "percent"):
            raise ValidationError(f"unknown fee type {self.kind!r}")
        for name in ("value", "commission_bp"):
            v = getattr(self, name)
            if type(v) is not int or v < 0:
                raise ValidationError(f"fee {name} must be a non-negative int, got {v!r}")

    @classmethod
    def from_json(cls, fee: Any, commission_bp: Any = 0) -> FeeRule:
        """From the server's ``{"type", "value"}``; raises ``ValidationError`` when malformed."""
        if fee is None:
            return cls(commission_bp=int(commission_bp or 0))
        if not isinstance(fee, dict):
            raise ValidationError(f"fee must be an object, got {fee!r}")
        return cls(str(fee.get("type")), fee.get("value", 0), commission_bp or 0)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.kind, "value": self.value, "commission_bp": self.commission_bp}

    def fee_for(self, gross: Money) -> Money:
        if self.kind == "fixed":
            return Money(self.value, gross.currency)
        return gross.percent_of(self.value)

    def commission_for(self, gross: Money) -> Money:
        return gross.percent_of(self.commission_bp)


@dataclass(frozen=True)
class Quote:
    """The separate amounts of one payment (all ``Money`` of the same currency)."""

    gross: Money
    fee: Money
    commission: Money

    @property
    def total(self) -> Money:
        return self.gross + self.fee


def quote_gross(rule: FeeRule, gross: Money) -> Quote:
    """The customer asked for ``gross`` to arrive: fee is added on top."""
    return Quote(gross, rule.fee_for(gross), rule.commission_for(gross))


def quote_total(rule: FeeRule, total: Money) -> Quote:
    """The customer paid ``total``: split it (see the module rounding rule).

    Gross may be zero when the total does not even cover the fee; callers decide what a
    zero-gross payment means (the session turns it into a voucher).
    """
    if total.minor <= 0:
        zero = Money.zero(total.currency)
        return Quote(zero, zero, zero)
    if rule.kind == "fixed":
        gross = max(total.minor - rule.value, 0)
    else:
        # g + round_half_up(g*bp/1e4) <= T; start from the exact real solution, then fix up.
        g = total.minor * 10000 // (10000 + rule.value)
        while g > 0 and g + Money(g, total.currency).percent_of(rule.value).minor > total.minor:
            g -= 1
        while (g + 1) + Money(g + 1, total.currency).percent_of(rule.value).minor <= total.minor:
            g += 1
        gross = g
    g_money = Money(gross, total.currency)
    return Quote(g_money, total - g_money, rule.commission_for(g_money))
