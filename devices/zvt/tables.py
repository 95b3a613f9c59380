"""ZVT code tables: intermediate status texts, result codes, currencies.

Kept apart from the driver so tests and the docs can enumerate them. Intermediate
status numbers follow PA00P015 chapter 10 (verify per terminal model); anything not
listed is reported as "processing", never dropped.
"""

from __future__ import annotations

#: 04 FF intermediate status byte -> progress text from ``PROGRESS_TEXTS``.
PROGRESS: dict[int, str] = {
    0x01: "enter PIN", 0x02: "enter PIN", 0x04: "processing", 0x0A: "insert card",
    0x0B: "remove card", 0x0E: "please wait", 0x17: "please wait", 0x26: "insert card",
}

#: Result codes (bitmap 27, 06 1E) -> reason text.
RESULT_TEXTS: dict[int, str] = {
    0x00: "success", 0x05: "declined by the card issuer", 0x33: "card expired",
    0x55: "incorrect PIN", 0x64: "card unreadable", 0x65: "card data not present",
    0x66: "processing error", 0x6C: "aborted or timed out", 0x6F: "wrong currency",
    0x78: "card expired", 0x9A: "protocol error", 0x9C: "please wait",
    0xFF: "system error",
}

#: ISO 4217 numeric codes (bitmap 49); devices/ cannot import kiosk.rules.money.
CURRENCY_NUMERIC: dict[str, int] = {
    "CNY": 156, "HKD": 344, "USD": 840, "EUR": 978, "GBP": 826, "RUB": 643, "KZT": 398,
    "JPY": 392, "KRW": 410,
}


def progress_text(status: int) -> str:
    return PROGRESS.get(status, "processing")


def numeric_to_currency(code: int) -> str | None:
    for name, num in CURRENCY_NUMERIC.items():
        if num == code:
            return name
    return None
