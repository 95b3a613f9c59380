"""WeChat Pay API v3 message signatures and encrypted resources, both directions.

Request (merchant -> provider): the message ``METHOD\\nPATH?QUERY\\nTIMESTAMP\\nNONCE\\n
BODY\\n`` is signed SHA256withRSA (PKCS#1 v1.5) with the merchant's private key, Base64,
and sent as ``Authorization: WECHATPAY2-SHA256-RSA2048 mchid="..",nonce_str="..",
signature="..",timestamp="..",serial_no=".."``.

Reply or notification (provider -> merchant): ``TIMESTAMP\\nNONCE\\nBODY\\n`` signed
with the platform key, in headers ``Wechatpay-Timestamp``, ``-Nonce``, ``-Signature``,
``-Serial``. A timestamp more than ``MAX_SKEW_S`` (5 minutes) off is refused, like the
official SDKs do, so a captured notification cannot be replayed later.

Notification resources are AES-256-GCM with the 32-byte APIv3 key, a 12-character
nonce and ``associated_data`` as AAD; ciphertext = Base64(data || 16-byte tag).
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SCHEME = "WECHATPAY2-SHA256-RSA2048"
MAX_SKEW_S = 300


class SignatureError(Exception):
    """A signature, header or encrypted resource did not verify."""


def sign(key: rsa.RSAPrivateKey, message: str) -> str:
    raw = key.sign(message.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(raw).decode("ascii")


def verify(public: rsa.RSAPublicKey, message: str, signature: str) -> None:
    """Raises ``SignatureError`` unless ``signature`` is ours over ``message``."""
    try:
        public.verify(base64.b64decode(signature, validate=True), message.encode("utf-8"),
                      padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError) as exc:
        raise SignatureError("signature does not verify") from exc


def request_message(method: str, path: str, timestamp: str, nonce: str, body: str) -> str:
    return f"{method}\n{path}\n{timestamp}\n{nonce}\n{body}\n"


def reply_message(timestamp: str, nonce: str, body: str) -> str:
    return f"{timestamp}\n{nonce}\n{body}\n"


def new_nonce() -> str:
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Authorization:
    mchid: str
    nonce: str
    signature: str
    timestamp: str
    serial_no: str

    def header(self) -> str:
        return (f'{SCHEME} mchid="{self.mchid}",nonce_str="{self.nonce}",'
                f'signature="{self.signature}",timestamp="{self.timestamp}",'
                f'serial_no="{self.serial_no}"')


_PAIR = re.compile(r'(\w+)="([^"]*)"')


def authorization(key: rsa.RSAPrivateKey, *, mchid: str, serial_no: str, method: str,
                  path: str, body: str, timestamp: int, nonce: str | None = None
                  ) -> Authorization:
    nonce = nonce or new_nonce()
    message = request_message(method, path, str(timestamp), nonce, body)
    return Authorization(mchid, nonce, sign(key, message), str(timestamp), serial_no)


def parse_authorization(header: str) -> Authorization:
    """Raises ``SignatureError`` for another scheme or a missing field."""
    scheme, _, rest = header.partition(" ")
    if scheme != SCHEME:
        raise SignatureError("unknown authorization scheme")
    fields = dict(_PAIR.findall(rest))
    try:
        return Authorization(fields["mchid"], fields["nonce_str"], fields["signature"],
                             fields["timestamp"], fields["serial_no"])
    except KeyError as exc:
        raise SignatureError(f"authorization lacks {exc.args[0]}") from None


def signed_headers(key: rsa.RSAPrivateKey, serial: str, body: str, timestamp: int
                   ) -> dict[str, str]:
    """The ``Wechatpay-*`` headers for a reply or notification ``body``."""
    nonce = new_nonce()
    return {"Wechatpay-Timestamp": str(timestamp), "Wechatpay-Nonce": nonce,
            "Wechatpay-Signature": sign(key, reply_message(str(timestamp), nonce, body)),
            "Wechatpay-Serial": serial}


def verify_headers(public: rsa.RSAPublicKey, serial: str, headers: Mapping[str, str],
                   body: str, now: float) -> None:
    """Check ``Wechatpay-*`` headers over ``body``; raises ``SignatureError``."""
    lower = {k.lower(): v for k, v in headers.items()}
    try:
        ts, nonce = lower["wechatpay-timestamp"], lower["wechatpay-nonce"]
        signature, got_serial = lower["wechatpay-signature"], lower["wechatpay-serial"]
    except KeyError as exc:
        raise SignatureError(f"missing header {exc.args[0]}") from None
    if got_serial != serial:
        raise SignatureError(f"unknown platform serial {got_serial!r}")
    if not ts.isdigit() or abs(int(ts) - now) > MAX_SKEW_S:
        raise SignatureError("timestamp missing or more than 5 minutes off")
    verify(public, reply_message(ts, nonce, body), signature)


def encrypt_resource(api_key: bytes, plaintext: str, associated_data: str) -> dict[str, str]:
    nonce = secrets.token_hex(6)  # 12 characters, as the provider sends
    data = AESGCM(api_key).encrypt(nonce.encode(), plaintext.encode("utf-8"),
                                   associated_data.encode())
    return {"algorithm": "AEAD_AES_256_GCM", "ciphertext": base64.b64encode(data).decode(),
            "associated_data": associated_data, "nonce": nonce}


def decrypt_resource(api_key: bytes, resource: Mapping[str, object]) -> str:
    """The resource's plaintext; raises ``SignatureError`` if anything is off."""
    try:
        if resource.get("algorithm") != "AEAD_AES_256_GCM":
            raise SignatureError("unsupported resource algorithm")
        nonce = str(resource["nonce"]).encode()
        aad = str(resource.get("associated_data") or "").encode()
        data = base64.b64decode(str(resource["ciphertext"]), validate=True)
        return AESGCM(api_key).decrypt(nonce, data, aad).decode("utf-8")
    except (KeyError, ValueError, InvalidTag, UnicodeDecodeError) as exc:
        raise SignatureError("resource does not decrypt") from exc
