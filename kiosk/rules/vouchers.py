"""Voucher codes: the customer's proof of a recorded credit, printed on the receipt.

Why a check digit: the code is typed back in at the kiosk later; a Luhn digit catches
every single-digit typo and most transpositions before the store is even asked.
"""

from __future__ import annotations

import random
import re

from kiosk.rules.catalog import luhn_ok

CODE_DIGITS = 12


def new_code(rng: random.Random) -> str:
    """12 digits, the last a Luhn check digit (first digit never 0, so no leading zeros)."""
    body = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(CODE_DIGITS - 2))
    for check in "0123456789":
        if luhn_ok(body + check):
            return body + check
    raise AssertionError("unreachable: one check digit always fits")


def normalize_code(text: str) -> str | None:
    """The code without spaces/dashes, or ``None`` if it cannot be a voucher code."""
    digits = re.sub(r"[\s-]", "", str(text))
    if len(digits) != CODE_DIGITS or not digits.isdigit() or not luhn_ok(digits):
        return None
    return digits


def format_code(code: str) -> str:
    """Grouped for printing and reading aloud: ``1234 5678 9012``."""
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))
