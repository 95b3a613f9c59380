"""ID-003 setting payloads and the currency-assignment (8A) reply."""

from __future__ import annotations

from dataclasses import dataclass

from devices.id003.tables import ESCROW_CODES

ENTRY = 4
MINOR_DIGITS: dict[str, int] = {"JPY": 0, "KRW": 0}


@dataclass(frozen=True)
class Denomination:
    code: int  # escrow code 61..68
    amount: int  # minor units
    country: int  # JCM country byte, kept for diagnostics


def inhibit_mask(enabled_codes: set[int]) -> bytes:
    """C0 data: bit (code - 0x61) of byte 1 set INHIBITS that denomination; byte 2 reserved."""
    mask = 0xFF
    for code in enabled_codes:
        if code in ESCROW_CODES:
            mask &= ~(1 << (code - 0x61))
    return bytes((mask & 0xFF, 0x00))


def parse_currency_assignment(data: bytes, currency: str) -> tuple[Denomination, ...]:
    """Entries of (escrow code, country, base value, exponent); value = base x 10^exp major.

    ID-003 gives no ISO currency, so ``currency`` (configured) sets the minor-unit scale;
    entries with a zero value or an escrow code outside 61..68 are skipped.
    """
    found: dict[int, Denomination] = {}
    for offset in range(0, len(data) - ENTRY + 1, ENTRY):
        code, country, base, exponent = data[offset:offset + ENTRY]
        if code not in ESCROW_CODES or base == 0 or exponent > 12:
            continue
        amount = base * 10 ** (exponent + MINOR_DIGITS.get(currency, 2))
        found.setdefault(code, Denomination(code, amount, country))
    return tuple(sorted(found.values(), key=lambda d: d.code))
