"""Payment codes and order numbers: which wallet a scanned code belongs to, masking.

Prefixes (public merchant documentation): WeChat 10-15 + 16 digits (18 in all);
Alipay 25-30, 16-24 digits; UnionPay QR 62, 19 digits. A code is a one-time
credential valid about a minute: it is forwarded to the provider, hashed for the
duplicate check, and only ever logged masked.
"""

from __future__ import annotations

import hashlib
import re

_WALLETS = (
    ("wechat", re.compile(r"^1[0-5]\d{16}$")),
    ("alipay", re.compile(r"^(2[5-9]|30)\d{14,22}$")),
    ("unionpay", re.compile(r"^62\d{17}$")),
)
_OUT_TRADE_NO = re.compile(r"^[0-9A-Za-z_\-|*]{6,32}$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12}$")


def wallet_of(code: str) -> str | None:
    """``wechat``, ``alipay``, ``unionpay`` or None for anything else."""
    for name, pattern in _WALLETS:
        if pattern.match(code):
            return name
    return None


def mask(code: str) -> str:
    """First two and last four characters visible (``13************6789``)."""
    if len(code) <= 8:
        return "*" * len(code)
    return code[:2] + "*" * (len(code) - 6) + code[-4:]


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii", "replace")).hexdigest()


def out_trade_no(transaction_id: str) -> str | None:
    """The provider order number for a transaction id: itself if it fits the provider's
    6-32 character alphabet, a UUID without hyphens, else None (refused)."""
    if _OUT_TRADE_NO.match(transaction_id):
        return transaction_id
    if _UUID.match(transaction_id):
        return transaction_id.replace("-", "").lower()
    return None
