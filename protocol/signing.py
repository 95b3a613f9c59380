"""The HMAC-SHA256 signatures of the kiosk <-> server protocol (docs/protocols.md).

Why here: the kiosk signs requests and checks replies and allowance grants, the server
checks requests and signs replies and grants; each string is computed on both sides and
must be the same bytes. One definition each, imported by ``offline_queue.auth``,
``kiosk.rules.allowance`` and ``central.auth`` / ``central.reply_signature`` /
``central.allowance``. All results are lowercase hex.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from protocol.wire import canonical_json

__all__ = ["allowance_signature", "reply_signature", "request_signature"]


def _hmac_hex(secret: bytes, message: bytes) -> str:
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def request_signature(secret: bytes, method: str, path: str, timestamp: int | str,
                      nonce: str, body: bytes) -> str:
    """``METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nSHA256_HEX(BODY)``; PATH as sent, query included."""
    message = "\n".join([method.upper(), path, str(timestamp), nonce,
                         hashlib.sha256(body).hexdigest()]).encode()
    return _hmac_hex(secret, message)


def reply_signature(secret: bytes, nonce: str, status: int, body: bytes) -> str:
    """``REPLY\\nNONCE\\nSTATUS\\nSHA256_HEX(BODY)`` over the nonce the request sent."""
    message = "\n".join(["REPLY", nonce, str(int(status)),
                         hashlib.sha256(body).hexdigest()]).encode()
    return _hmac_hex(secret, message)


def allowance_signature(secret: bytes, allowance: dict[str, Any]) -> str:
    """``ALLOWANCE\\n`` + the canonical JSON of the grant's ``allowance`` object."""
    return _hmac_hex(secret, b"ALLOWANCE\n" + canonical_json(allowance))
