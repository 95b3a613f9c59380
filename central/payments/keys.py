"""Provider credentials, read from files outside the repository.

Production: the operator installs the merchant private key (``apiclient_key.pem``), the
platform public key and the 32-byte APIv3 key under e.g. ``/etc/kiosk-central/wechat/``
(mode 0600) and names them in the payments TOML file (``--qr-config``). Nothing secret
is ever in the repository; ``generate`` makes a throw-away set for tests and the demo,
for both the merchant (us) and the provider emulator.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


class KeyFileError(Exception):
    """A configured key file is missing, unreadable or of the wrong kind."""


@dataclass(frozen=True)
class WechatConfig:
    """What the reference adapter needs; paths are read once at start-up."""

    base_url: str
    mchid: str
    appid: str
    merchant_serial: str
    merchant_key: rsa.RSAPrivateKey
    platform_serial: str
    platform_public_key: rsa.RSAPublicKey
    apiv3_key: bytes
    notify_url: str
    timeout_s: float = 10.0


def _read(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise KeyFileError(f"cannot read key file {path}: {exc.strerror}") from exc


def private_key(path: str | Path) -> rsa.RSAPrivateKey:
    try:
        key = serialization.load_pem_private_key(_read(path), password=None)
    except ValueError as exc:
        raise KeyFileError(f"{path} is not a PEM private key") from exc
    if not isinstance(key, rsa.RSAPrivateKey):
        raise KeyFileError(f"{path} is not an RSA key")
    return key


def public_key(path: str | Path) -> rsa.RSAPublicKey:
    try:
        key = serialization.load_pem_public_key(_read(path))
    except ValueError as exc:
        raise KeyFileError(f"{path} is not a PEM public key") from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise KeyFileError(f"{path} is not an RSA key")
    return key


def apiv3_key(path: str | Path) -> bytes:
    key = _read(path).strip()
    if len(key) != 32:
        raise KeyFileError(f"{path}: the APIv3 key must be 32 characters")
    return key


def load_config(path: str | Path) -> WechatConfig:
    """The ``[wechat]`` table of a payments TOML file; raises ``KeyFileError``."""
    try:
        table: dict[str, Any] = tomllib.loads(Path(path).read_text("utf-8"))["wechat"]
        return WechatConfig(
            base_url=str(table["base_url"]).rstrip("/"), mchid=str(table["mchid"]),
            appid=str(table["appid"]), merchant_serial=str(table["merchant_serial"]),
            merchant_key=private_key(table["merchant_key"]),
            platform_serial=str(table["platform_serial"]),
            platform_public_key=public_key(table["platform_public_key"]),
            apiv3_key=apiv3_key(table["apiv3_key_file"]),
            notify_url=str(table["notify_url"]),
            timeout_s=float(table.get("timeout_s", 10.0)))
    except (OSError, KeyError, tomllib.TOMLDecodeError, TypeError, ValueError) as exc:
        if isinstance(exc, KeyFileError):
            raise
        raise KeyFileError(f"bad payments config {path}: {exc!r}") from exc


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def _pem_private(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _pem_public(key: rsa.RSAPublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


def generate(directory: str | Path) -> dict[str, Path]:
    """Fresh merchant + platform RSA-2048 keys and an APIv3 key in ``directory``."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for who in ("merchant", "platform"):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        paths[f"{who}_key"] = out / f"{who}_key.pem"
        paths[f"{who}_public_key"] = out / f"{who}_public.pem"
        _write(paths[f"{who}_key"], _pem_private(key))
        _write(paths[f"{who}_public_key"], _pem_public(key.public_key()))
    paths["apiv3_key"] = out / "apiv3.key"
    _write(paths["apiv3_key"], secrets.token_hex(16).encode())
    return paths


def write_config(path: str | Path, keys: dict[str, Path], *, base_url: str, notify_url: str,
                 mchid: str = "1900000109", appid: str = "wxd930ea5d5a258f4f") -> Path:
    """A payments TOML naming ``keys`` (from ``generate``), for tests and the demo."""
    text = (f'[wechat]\nbase_url = "{base_url}"\nmchid = "{mchid}"\nappid = "{appid}"\n'
            f'merchant_serial = "DEMO-MERCHANT-1"\nmerchant_key = "{keys["merchant_key"]}"\n'
            f'platform_serial = "PUB_KEY_ID_DEMO1"\n'
            f'platform_public_key = "{keys["platform_public_key"]}"\n'
            f'apiv3_key_file = "{keys["apiv3_key"]}"\nnotify_url = "{notify_url}"\n')
    Path(path).write_text(text, "utf-8")
    return Path(path)
