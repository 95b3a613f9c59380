"""Voucher codes as the server checks them.

The format itself (16 digits ``NNNNNNNNNN MMMMM C``: the issuing kiosk's random nonce, a
MAC under its voucher key, a Luhn check digit) is shared with the kiosk in
``protocol.vouchers`` (docs/protocols.md). This module adds the server's guard on
untrusted input: anything but a short string is no code.

The server never trusts a code by its MAC alone: the ledger row is the authority, the
MAC only proves which kiosk made the code.
"""

from __future__ import annotations

from protocol import vouchers as _format
from protocol.vouchers import (
    CODE_DIGITS,
    KEY_LABEL,
    MAC_DIGITS,
    NONCE_DIGITS,
    display,
    luhn_digit,
    mac_digits,
    mac_ok,
    make_code,
    voucher_key,
)

__all__ = ["CODE_DIGITS", "KEY_LABEL", "MAC_DIGITS", "NONCE_DIGITS", "display", "luhn_digit",
           "mac_digits", "mac_ok", "make_code", "normalize", "voucher_key"]


def normalize(text: object) -> str | None:
    """The 16 digits without spaces or dashes, or ``None`` if the shape or check digit is wrong."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    return _format.normalize(text)
