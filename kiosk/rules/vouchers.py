"""Voucher codes: the customer's proof of a recorded credit, printed on the receipt.

The format (16 digits ``NNNNNNNNNN MMMMM C``: random nonce, MAC under this kiosk's voucher
key, Luhn check digit) is shared with the server in ``protocol.vouchers``
(docs/protocols.md, "Vouchers"); this module adds what only the kiosk does: choosing the
nonce, and the names the kiosk's callers use.

Why this kiosk checks the MAC too: offline, it may redeem only codes it made itself (the
offline rule), and only its own key proves that.
"""

from __future__ import annotations

import random

from protocol.vouchers import (
    CODE_DIGITS,
    KEY_LABEL,
    MAC_DIGITS,
    NONCE_DIGITS,
    mac_ok,
    make_code,
    normalize,
    voucher_key,
)
from protocol.vouchers import display as format_code

__all__ = ["CODE_DIGITS", "KEY_LABEL", "MAC_DIGITS", "NONCE_DIGITS", "format_code", "mac_ok",
           "make_code", "new_code", "normalize_code", "voucher_key"]


def new_code(rng: random.Random, key: bytes) -> str:
    """A fresh code MAC'd with ``key`` (first digit never 0, so no leading zeros)."""
    nonce = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9))
                                             for _ in range(NONCE_DIGITS - 1))
    return make_code(key, nonce)


def normalize_code(text: str) -> str | None:
    """The 16 digits without spaces/dashes, or ``None`` if it cannot be a voucher code."""
    return normalize(str(text))
