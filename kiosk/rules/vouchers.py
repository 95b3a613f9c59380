"""Voucher codes: the customer's proof of a recorded credit, printed on the receipt.

The format is the server's (docs/protocols.md, "Vouchers"): 16 digits a customer can type
on a keypad, ``NNNNNNNNNN MMMMM C``:

- ``N`` (10 digits, first not 0): random, chosen here;
- ``M`` (5 digits): a MAC of ``N`` under this kiosk's voucher key
  (``HMAC-SHA256(kiosk_secret, "kiosk-voucher-code-v1")``), so a code cannot be guessed
  or forged, and the server (which holds the secret) knows which kiosk made it;
- ``C``: a Luhn check digit over the 15 before it, so a mistyped digit is caught on the
  keypad before anything is asked of the server.

Why this kiosk checks the MAC too: offline, it may redeem only codes it made itself (the
offline rule), and only its own key proves that. Written from the protocol text; the
server has its own implementation (no shared code).
"""

from __future__ import annotations

import hashlib
import hmac
import random
import re

NONCE_DIGITS = 10
MAC_DIGITS = 5
CODE_DIGITS = NONCE_DIGITS + MAC_DIGITS + 1
KEY_LABEL = b"kiosk-voucher-code-v1"


def voucher_key(kiosk_secret: bytes) -> bytes:
    """The key this kiosk MACs its voucher codes with (derived from its HMAC secret)."""
    return hmac.new(kiosk_secret, KEY_LABEL, hashlib.sha256).digest()


def _mac(key: bytes, nonce: str) -> str:
    digest = hmac.new(key, b"VOUCHER\n" + nonce.encode("ascii"), hashlib.sha256).digest()
    return str(int.from_bytes(digest[:8], "big") % 10**MAC_DIGITS).zfill(MAC_DIGITS)


def _check_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # these become the doubled positions once the check digit follows
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def make_code(key: bytes, nonce: str) -> str:
    if len(nonce) != NONCE_DIGITS or not nonce.isdigit() or nonce[0] == "0":
        raise ValueError("nonce must be 10 digits, the first not 0")
    body = nonce + _mac(key, nonce)
    return body + _check_digit(body)


def new_code(rng: random.Random, key: bytes) -> str:
    """A fresh code MAC'd with ``key`` (first digit never 0, so no leading zeros)."""
    nonce = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9))
                                             for _ in range(NONCE_DIGITS - 1))
    return make_code(key, nonce)


def normalize_code(text: str) -> str | None:
    """The 16 digits without spaces/dashes, or ``None`` if it cannot be a voucher code."""
    digits = re.sub(r"[\s-]", "", str(text))
    if len(digits) != CODE_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    if digits[0] == "0" or _check_digit(digits[:-1]) != digits[-1]:
        return None
    return digits


def mac_ok(key: bytes, code: str) -> bool:
    """Whether a normalized code was made with ``key`` (i.e. by this kiosk)."""
    nonce, mac = code[:NONCE_DIGITS], code[NONCE_DIGITS:NONCE_DIGITS + MAC_DIGITS]
    return hmac.compare_digest(_mac(key, nonce), mac)


def format_code(code: str) -> str:
    """Grouped for printing and reading aloud: ``1234 5678 9012 3456``."""
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))
