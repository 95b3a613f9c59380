"""What can be paid here: billers (from the server, cached with a version) and mobile numbers.

Why cached: bill payment with cash continues offline for billers that allow it, so the
last catalog the server sent is kept in the store (``kiosk_catalog``) with its version and
used until a newer one arrives. Account numbers are checked here before any money moves:
length, pattern and the biller's check digit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Protocol

from kiosk.errors import MalformedReply, ValidationError
from kiosk.rules.fees import FeeRule
from protocol.mobile import OPERATOR_BY_PREFIX, OPERATOR_PREFIXES  # noqa: F401 (re-export)

_MSISDN = re.compile(r"^1[3-9]\d{9}$")


def normalize_msisdn(text: str) -> str:
    """Digits only (spaces/dashes and a +86/86 prefix dropped); ``ValidationError`` if not 11."""
    digits = re.sub(r"[\s-]", "", str(text))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not _MSISDN.match(digits):
        raise ValidationError("mobile number must be 11 digits starting with 13-19")
    return digits


def operator_for(msisdn: str) -> str:
    """The operator by prefix; ``ValidationError`` for a prefix no operator here serves."""
    digits = normalize_msisdn(msisdn)
    op = OPERATOR_BY_PREFIX.get(digits[:3])
    if op is None:
        raise ValidationError(f"prefix {digits[:3]} is not served by a supported operator")
    return op


def mask_account(account: str, *, gap: str = "") -> str:
    """``13812341234`` -> ``138****1234`` (``gap=" "``: ``138 **** 1234`` on screen).

    The one mask for an account or mobile number that is printed or shown: enough to
    recognise one's own number, not to read it off. Short values keep their last two.
    """
    text = account.strip()
    if len(text) >= 8:
        return f"{text[:3]}{gap}****{gap}{text[-4:]}"
    return "*" * max(0, len(text) - 2) + text[-2:]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def mod10_ok(digits: str) -> bool:
    """Plain modulus 10: the last digit is the sum of the others mod 10."""
    return int(digits[-1]) == sum(int(c) for c in digits[:-1]) % 10


@dataclass(frozen=True)
class Biller:
    code: str
    name_zh: str
    name_en: str
    account_pattern: str | None
    account_length: int | None
    check_digit: str | None  # "luhn" | "mod10" | None
    allow_overpay: bool
    allow_offline_cash: bool
    fee: FeeRule

    @classmethod
    def from_json(cls, raw: Any) -> Biller:
        if not isinstance(raw, dict) or not isinstance(raw.get("code"), str):
            raise MalformedReply(f"biller entry is not an object with a code: {raw!r}")
        try:
            length = raw.get("account_length")
            check = raw.get("check_digit")
            if check not in (None, "luhn", "mod10"):
                raise ValueError(f"unknown check_digit {check!r}")
            pattern = raw.get("account_pattern") or None
            if pattern is not None:
                re.compile(pattern)
            return cls(
                code=raw["code"], name_zh=str(raw.get("name_zh", raw["code"])),
                name_en=str(raw.get("name_en", raw["code"])), account_pattern=pattern,
                account_length=int(length) if length is not None else None,
                check_digit=check, allow_overpay=bool(raw.get("allow_overpay", False)),
                allow_offline_cash=bool(raw.get("allow_offline_cash", False)),
                fee=FeeRule.from_json(raw.get("fee"), raw.get("commission_bp", 0)),
            )
        except (ValueError, TypeError, re.error, ValidationError) as exc:
            raise MalformedReply(f"biller {raw.get('code')}: {exc}") from exc

    def validate_account(self, account: str) -> str:
        """The account stripped of spaces; ``ValidationError`` with the reason otherwise."""
        acct = re.sub(r"\s", "", str(account))
        if not acct:
            raise ValidationError("account number is empty")
        if self.account_length is not None and len(acct) != self.account_length:
            raise ValidationError(f"account number must have {self.account_length} characters")
        if self.account_pattern and not re.fullmatch(self.account_pattern, acct):
            raise ValidationError("account number has the wrong format")
        if self.check_digit:
            if not acct.isdigit():
                raise ValidationError("account number must be digits")
            ok = luhn_ok(acct) if self.check_digit == "luhn" else mod10_ok(acct)
            if not ok:
                raise ValidationError("account number check digit is wrong")
        return acct


class _Store(Protocol):
    def query(self, sql: str, params: Any = ...) -> list[dict[str, Any]]: ...
    def atomic(self) -> Any: ...


class Catalog:
    """The biller list currently in force, loaded from and saved to the store."""

    def __init__(self, store: _Store) -> None:
        self._store = store
        self.version: str | None = None
        self._billers: dict[str, Biller] = {}
        rows = store.query("SELECT version, body FROM kiosk_catalog WHERE id = 1")
        if rows:
            self._apply(json.loads(rows[0]["body"]))

    def _apply(self, body: Any) -> None:
        if not isinstance(body, dict) or not isinstance(body.get("billers"), list):
            raise MalformedReply("billers reply must be an object with a 'billers' list")
        billers = [Biller.from_json(b) for b in body["billers"]]
        self._billers = {b.code: b for b in billers}
        self.version = str(body.get("version", ""))

    def update(self, body: Any) -> bool:
        """Take the server's ``GET /v1/billers`` reply; True if the version changed.

        Malformed replies raise ``MalformedReply`` and leave the cached catalog in force.
        """
        if isinstance(body, dict) and self.version is not None \
                and str(body.get("version")) == self.version:
            return False
        old = (self.version, self._billers)
        try:
            self._apply(body)
        except MalformedReply:
            self.version, self._billers = old
            raise
        with self._store.atomic() as tx:
            tx.execute("INSERT OR REPLACE INTO kiosk_catalog (id, version, body) VALUES (1, ?, ?)",
                       (self.version, json.dumps(body, sort_keys=True)))
            tx.journal("catalog_updated", {"version": self.version, "billers": len(self._billers)})
        return True

    def billers(self) -> list[Biller]:
        return list(self._billers.values())

    def get(self, code: str) -> Biller:
        try:
            return self._billers[code]
        except KeyError:
            raise ValidationError(f"unknown biller {code!r}") from None
