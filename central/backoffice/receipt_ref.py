"""The signed receipt reference ``R1.<kiosk>.<transaction>.<mac>`` (notes/RECEIPT_REF v1).

The kiosk prints it and puts it in the receipt QR; the public check page verifies it
with the kiosk's request-signing secret under the "RECEIPT" domain prefix, so it proves
that kiosk issued this receipt for this transaction. An invalid MAC gets the same answer
whether or not the transaction exists (no oracle for guessing references).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

KIOSK = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
TXN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAC = re.compile(r"^[A-Z2-7]{16}$")


@dataclass(frozen=True)
class Reference:
    kiosk_id: str
    transaction_id: str
    mac: str


def mac(secret: bytes, kiosk_id: str, transaction_id: str) -> str:
    digest = hmac.new(secret, f"RECEIPT\n{kiosk_id}\n{transaction_id}".encode(),
                      hashlib.sha256).digest()[:10]
    return base64.b32encode(digest).decode().rstrip("=")


def parse(text: str) -> Reference | None:
    """A reference from the QR text: the bare reference or a check URL with ``ref=``."""
    text = text.strip()
    if "ref=" in text:
        query = urlsplit(text).query if "?" in text else text
        text = (parse_qs(query).get("ref") or [""])[0].strip()
    parts = text.split(".")
    if len(parts) != 4 or parts[0] != "R1":
        return None
    _, kiosk_id, txn, code = parts
    code = code.upper()
    if not (KIOSK.match(kiosk_id) and TXN.match(txn) and MAC.match(code)):
        return None
    return Reference(kiosk_id, txn, code)


def verify(ref: Reference, secret_hex: str | None) -> bool:
    if not secret_hex:
        return False
    try:
        secret = bytes.fromhex(secret_hex)
    except ValueError:
        return False
    return hmac.compare_digest(mac(secret, ref.kiosk_id, ref.transaction_id), ref.mac)
