"""Signed receipt references: what the receipt, its QR and "find my payment" carry.

Why signed: a receipt reference that anyone can make up would let a stranger browse other
people's payments at the kiosk or on the back office's public receipt page. The MAC uses
the kiosk's request secret (the server already holds it per kiosk), domain-separated by
the ``RECEIPT`` prefix so it can never stand in for a request or reply signature. The
format is the contract with the back office (docs/protocols.md, "Receipt reference"):

    full:  R1.<kiosk_id>.<transaction_id>.<mac16>      (QR, URL, back office)
    short: <seq>-<check6>                               (typed on the kiosk's keypad)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

VERSION = "R1"
MAC_BYTES = 10  # 80 bits: 16 base32 characters
SHORT_MODULUS = 1_000_000
_KIOSK_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_TXN_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SHORT = re.compile(r"(\d{1,9})-?(\d{6})")


class BadReference(ValueError):
    """Not a reference this kiosk can vouch for (malformed, or its MAC does not match)."""


@dataclass(frozen=True)
class ReceiptRef:
    kiosk_id: str
    transaction_id: str
    mac: str

    @property
    def text(self) -> str:
        return f"{VERSION}.{self.kiosk_id}.{self.transaction_id}.{self.mac}"


def _mac(key: bytes, label: str, kiosk_id: str, transaction_id: str) -> bytes:
    message = f"{label}\n{kiosk_id}\n{transaction_id}".encode()
    return hmac.new(key, message, hashlib.sha256).digest()


def sign(key: bytes, kiosk_id: str, transaction_id: str) -> ReceiptRef:
    if not _KIOSK_ID.fullmatch(kiosk_id) or not _TXN_ID.fullmatch(transaction_id):
        raise BadReference(f"cannot sign kiosk {kiosk_id!r} transaction {transaction_id!r}")
    raw = _mac(key, "RECEIPT", kiosk_id, transaction_id)[:MAC_BYTES]
    return ReceiptRef(kiosk_id, transaction_id, base64.b32encode(raw).decode())


def short_check(key: bytes, kiosk_id: str, transaction_id: str) -> str:
    """The 6 digits printed after the sequence number (checked only by this kiosk)."""
    raw = _mac(key, "RECEIPT-SHORT", kiosk_id, transaction_id)[:4]
    return f"{int.from_bytes(raw, 'big') % SHORT_MODULUS:06d}"


def short_number(key: bytes, kiosk_id: str, transaction_id: str, seq: int) -> str:
    return f"{seq}-{short_check(key, kiosk_id, transaction_id)}"


def qr_text(ref: ReceiptRef, check_url: str = "") -> str:
    """The QR content: the back office's check page with ``ref=``, or the bare reference."""
    if not check_url:
        return ref.text
    joiner = "&" if "?" in check_url else "?"
    return f"{check_url}{joiner}ref={ref.text}"


def parse(text: str) -> ReceiptRef:
    """A full reference from typed or scanned text (a bare reference or a check URL)."""
    value = text.strip()
    if "ref=" in value:
        found = parse_qs(urlsplit(value).query).get("ref", [""])
        value = found[0].strip()
    parts = value.split(".")
    if len(parts) != 4 or parts[0] != VERSION:
        raise BadReference("not a receipt reference")
    _, kiosk_id, txn, mac = parts
    if not _KIOSK_ID.fullmatch(kiosk_id) or not _TXN_ID.fullmatch(txn.lower()):
        raise BadReference("not a receipt reference")
    return ReceiptRef(kiosk_id, txn.lower(), mac.upper())


def verify(key: bytes, ref: ReceiptRef) -> None:
    """Raise BadReference unless ``ref``'s MAC was made with ``key``."""
    expected = sign(key, ref.kiosk_id, ref.transaction_id).mac
    if not hmac.compare_digest(expected, ref.mac):
        raise BadReference("receipt reference does not check out")


def parse_short(text: str) -> tuple[int, str]:
    """``(seq, check)`` from a typed short number (``42-955975`` or ``42955975``)."""
    match = _SHORT.fullmatch(text.strip().replace(" ", ""))
    if match is None:
        raise BadReference("not a receipt number")
    return int(match.group(1)), match.group(2)
