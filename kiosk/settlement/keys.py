"""The kiosk's Ed25519 signing key: created on first use in the data directory.

Why a file and not the database: the key must survive a rebuilt journal, and it must be
readable by the kiosk user only (mode 0600, written atomically so a crash never leaves a
half key). The public half (raw 32 bytes, hex) is registered at the server with
``kiosk-central kiosk set-key K0001 HEX``; ``kiosk settlement key`` prints it.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from kiosk.errors import KioskError

KEY_FILE = "settlement_ed25519.pem"


class SigningKeyError(KioskError):
    """The key file exists but cannot be read or parsed (do not silently replace it)."""


class SigningKey:
    """Sign and export; verification is a free function so anyone can check a batch."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private

    @classmethod
    def load_or_create(cls, data_dir: Path) -> SigningKey:
        """Load ``<data_dir>/settlement_ed25519.pem``, creating it (0600) if absent.

        A damaged existing file raises SigningKeyError: replacing it would orphan every batch
        the server already holds under the old public key.
        """
        path = Path(data_dir) / KEY_FILE
        if path.exists():
            try:
                key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            except (OSError, ValueError, TypeError) as exc:
                raise SigningKeyError(f"settlement key {path} unreadable: {exc}") from exc
            if not isinstance(key, Ed25519PrivateKey):
                raise SigningKeyError(f"settlement key {path} is not an Ed25519 key")
            return cls(key)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, pem)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        return cls(key)

    @property
    def public_key_hex(self) -> str:
        raw = self._private.public_key().public_bytes(serialization.Encoding.Raw,
                                                      serialization.PublicFormat.Raw)
        return raw.hex()

    def sign(self, message: bytes) -> str:
        return self._private.sign(message).hex()


def verify_signature(public_key_hex: str, message: bytes, signature_hex: str) -> bool:
    """True only for a well-formed key and signature that match ``message``."""
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        public.verify(bytes.fromhex(signature_hex), message)
    except (ValueError, InvalidSignature):
        return False
    return True
