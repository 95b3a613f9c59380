"""Signing keys of the release repository: one Ed25519 key per TUF role, in files.

The keys live in a directory the operator names on the command line (``--keys``) or in
``KIOSK_RELEASE_KEYS``, never in the served repository or in a git checkout: the
repository is public to every kiosk, and a committed key signs anything. In production
the root and targets keys belong on an offline machine or token; only the snapshot and
timestamp keys need to be online (the daily ``release timestamp`` re-signs with them).
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from securesystemslib.signer import CryptoSigner

from central.releases.errors import SigningKeyError

ROLES = ("root", "targets", "snapshot", "timestamp")
KEYS_ENV = "KIOSK_RELEASE_KEYS"


def resolve_keys_dir(given: str | None) -> Path:
    """``--keys`` if given, else ``$KIOSK_RELEASE_KEYS``; refuses when neither is set."""
    value = given or os.environ.get(KEYS_ENV, "")
    if not value:
        raise SigningKeyError(f"name the signing key directory with --keys or ${KEYS_ENV}")
    return Path(value).expanduser().resolve()


def check_location(keys_dir: Path, repo_dir: Path) -> None:
    """Refuse key directories inside the served repository or inside a git work tree."""
    keys_dir, repo_dir = keys_dir.resolve(), repo_dir.resolve()
    if keys_dir == repo_dir or repo_dir in keys_dir.parents:
        raise SigningKeyError(f"signing keys {keys_dir} must not be inside the served repository")
    for parent in (keys_dir, *keys_dir.parents):
        if (parent / ".git").exists():
            raise SigningKeyError(f"signing keys {keys_dir} are inside the git work tree {parent}:"
                            " keep them outside any checkout")


def generate(keys_dir: Path) -> dict[str, str]:
    """Create a fresh key per role (mode 0600); refuses to overwrite existing keys."""
    keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    existing = [r for r in ROLES if (keys_dir / f"{r}.pem").exists()]
    if existing:
        raise SigningKeyError(f"keys already exist in {keys_dir}: {', '.join(existing)}")
    keyids: dict[str, str] = {}
    for role in ROLES:
        signer = CryptoSigner(Ed25519PrivateKey.generate())
        path = keys_dir / f"{role}.pem"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(signer.private_bytes)
        keyids[role] = signer.public_key.keyid
    return keyids


def signer(keys_dir: Path, role: str) -> CryptoSigner:
    """The role's signer, loaded from ``<keys_dir>/<role>.pem``."""
    path = keys_dir / f"{role}.pem"
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise SigningKeyError(f"no {role} key in {keys_dir} (run `kiosk-central release init`)"
                        ) from None
    except ValueError as exc:
        raise SigningKeyError(f"{path}: not a PEM private key: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{path}: expected an Ed25519 key")
    return CryptoSigner(key)
