"""CCNET command payloads and reply decoding (bill table, enable mask, poll replies)."""

from __future__ import annotations

from dataclasses import dataclass

from devices.ccnet.tables import COUNTRY_CURRENCY, Cmd

BILL_TYPES = 24
BILL_TABLE_ENTRY = 5

#: Minor-unit digits per currency; the bill table gives values in major units.
MINOR_DIGITS: dict[str, int] = {"JPY": 0, "KRW": 0, "UZS": 0}


@dataclass(frozen=True)
class BillType:
    index: int  # 0..23, the "bill type" byte of states 80/81/82
    amount: int  # minor units
    currency: str
    country: str


def enable_bill_types(enabled: set[int], escrow: set[int] | None = None) -> bytes:
    """Payload for ENABLE BILL TYPES: 3-byte enable mask + 3-byte escrow mask.

    Bit n of each 24-bit mask is bill type n; the first byte carries bits 23..16.
    """
    def mask(types: set[int]) -> bytes:
        value = 0
        for index in types:
            if 0 <= index < BILL_TYPES:
                value |= 1 << index
        return value.to_bytes(3, "big")

    return bytes((Cmd.ENABLE_BILL_TYPES,)) + mask(enabled) + mask(
        enabled if escrow is None else escrow)


def to_minor(digit: int, exponent_byte: int, currency: str) -> int | None:
    """Value digit x 10^exponent major units as integer minor units (None if fractional).

    Bit 7 of the exponent byte makes the exponent negative, per the spec.
    """
    power = exponent_byte & 0x7F
    if exponent_byte & 0x80:
        power = -power
    power += MINOR_DIGITS.get(currency, 2)
    if power < 0:
        divisor = 10 ** -power
        return digit // divisor if digit % divisor == 0 else None
    return digit * 10 ** power


def parse_bill_table(data: bytes, currency_hint: str) -> tuple[BillType, ...]:
    """Decode the 120-byte GET BILL TABLE reply; empty or unreadable entries are skipped."""
    bills = []
    for index in range(min(BILL_TYPES, len(data) // BILL_TABLE_ENTRY)):
        entry = data[index * BILL_TABLE_ENTRY:(index + 1) * BILL_TABLE_ENTRY]
        digit, exponent = entry[0], entry[4]
        country = entry[1:4].decode("ascii", "replace").strip()
        if digit == 0:
            continue
        currency = COUNTRY_CURRENCY.get(country, currency_hint)
        amount = to_minor(digit, exponent, currency)
        if amount is None or amount <= 0:
            continue
        bills.append(BillType(index, amount, currency, country))
    return tuple(bills)


def parse_identification(data: bytes) -> dict[str, str]:
    """Part number (15), serial (12) and asset number (7) of the IDENTIFICATION reply."""
    def text(chunk: bytes) -> str:
        return chunk.decode("ascii", "replace").strip(" \x00")

    return {"part_number": text(data[:15]), "serial_number": text(data[15:27]),
            "asset_number": data[27:34].hex()}
