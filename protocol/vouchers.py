"""Voucher codes: the format both the kiosk and the server check (docs/protocols.md).

A code is 16 digits a customer can type on a keypad: ``NNNNNNNNNN MMMMM C``.

- ``N`` (10 digits, first not 0): random, chosen by the issuing kiosk;
- ``M`` (5 digits): a MAC of ``N`` under the issuing kiosk's voucher key
  (``HMAC-SHA256(kiosk_secret, "kiosk-voucher-code-v1")``), so only the key holder can
  make a code, and the server (which holds the secret) knows which kiosk made it;
- ``C``: a Luhn check digit over the 15 digits before it, so a single mistyped digit is
  caught on the keypad before anything is asked of the server.

One implementation for both sides; ``tests/central/test_vouchers.py`` makes its codes from
the protocol text independently, so a mistake here cannot pass both.
"""

from __future__ import annotations

import hashlib
import hmac
import re

NONCE_DIGITS = 10
MAC_DIGITS = 5
CODE_DIGITS = NONCE_DIGITS + MAC_DIGITS + 1
KEY_LABEL = b"kiosk-voucher-code-v1"


def voucher_key(kiosk_secret: bytes) -> bytes:
    """The key a kiosk MACs its voucher codes with (derived from its HMAC secret)."""
    return hmac.new(kiosk_secret, KEY_LABEL, hashlib.sha256).digest()


def mac_digits(key: bytes, nonce: str) -> str:
    """The five MAC digits ``M`` of a nonce under ``key``."""
    digest = hmac.new(key, b"VOUCHER\n" + nonce.encode("ascii"), hashlib.sha256).digest()
    return str(int.from_bytes(digest[:8], "big") % 10**MAC_DIGITS).zfill(MAC_DIGITS)


def luhn_digit(digits: str) -> str:
    """The check digit that makes ``digits + check`` pass the Luhn test."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # these become the doubled positions once the check digit follows
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def make_code(key: bytes, nonce: str) -> str:
    """The full code for a 10-digit nonce (first digit not 0)."""
    if len(nonce) != NONCE_DIGITS or not nonce.isdigit() or nonce[0] == "0":
        raise ValueError("nonce must be 10 digits, the first not 0")
    body = nonce + mac_digits(key, nonce)
    return body + luhn_digit(body)


def normalize(text: str) -> str | None:
    """The 16 digits without spaces or dashes, or ``None`` if the shape or check digit is wrong."""
    digits = re.sub(r"[\s-]", "", text)
    if len(digits) != CODE_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    if digits[0] == "0" or luhn_digit(digits[:-1]) != digits[-1]:
        return None
    return digits


def mac_ok(key: bytes, code: str) -> bool:
    """Whether a normalized code was made with ``key``."""
    nonce, mac = code[:NONCE_DIGITS], code[NONCE_DIGITS:NONCE_DIGITS + MAC_DIGITS]
    return hmac.compare_digest(mac_digits(key, nonce), mac)


def display(code: str) -> str:
    """Grouped for receipts and reading aloud: ``1234 5678 9012 3456``."""
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))
