"""Strict checks for JSON bodies, each failure an ApiError(422 ``invalid_field``) naming it.

Why this strict: whatever is acknowledged is kept and counted as money, so a value the
server cannot stand behind (a made-up currency, an amount beyond any kiosk's limits, an
id with a NUL or a right-to-left override, a "time" of ``yesterday``) is refused up
front with the field's path, and nothing of the request is stored.

- ids: ASCII ``[A-Za-z0-9_.:-]``, 1..128 characters;
- codes (services, billers, statuses): ASCII ``[A-Za-z0-9_]``;
- text: any Unicode except controls, lone surrogates, bidi overrides, at most ``max_len``;
- money: JSON integers (never ``true`` or ``12.5``) in ``[0, MAX_AMOUNT]``;
- times: RFC 3339 with a zone (``2026-12-01T10:00:00Z``), ASCII digits only.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from central.currencies import is_currency
from central.errors import ApiError

#: 10,000,000.00 in a two-decimal currency: above any kiosk's transaction limit
MAX_AMOUNT = 1_000_000_000
MAX_COUNT = 1_000_000
MAX_DEPTH = 16
ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}", re.ASCII)
CODE = re.compile(r"[A-Za-z0-9_]{1,64}", re.ASCII)
RFC3339 = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?"
                     r"([Zz]|[+-][0-9]{2}:[0-9]{2})", re.ASCII)
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
#: C0/C1 controls, lone surrogates, bidi embeddings/overrides/isolates, BOM, noncharacters
BAD_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufeff"
                      "\ufffe\uffff]")


def invalid(path: str, why: str) -> ApiError:
    return ApiError(422, "invalid_field", f"{path}: {why}", field=path)


def obj(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid(path, "must be an object")
    return value


def clean_text(value: str) -> bool:
    return BAD_TEXT.search(value) is None


def int_field(d: dict[str, Any], key: str, path: str, *, required: bool = True,
              minimum: int = 0, maximum: int = MAX_AMOUNT) -> int | None:
    if d.get(key) is None:
        if required:
            raise invalid(f"{path}.{key}", "is required")
        return None
    value = d[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(f"{path}.{key}", "must be an integer")
    if not minimum <= value <= maximum:
        raise invalid(f"{path}.{key}", f"must be between {minimum} and {maximum}")
    return value


def money(d: dict[str, Any], key: str, path: str, *, required: bool = True) -> int:
    value = int_field(d, key, path, required=required)
    return 0 if value is None else value


def str_field(d: dict[str, Any], key: str, path: str, *, required: bool = True,
              max_len: int = 256, choices: set[str] | frozenset[str] | None = None,
              pattern: re.Pattern[str] | None = None) -> str | None:
    if d.get(key) is None:
        if required:
            raise invalid(f"{path}.{key}", "is required")
        return None
    value = d[key]
    if not isinstance(value, str) or len(value) > max_len:
        raise invalid(f"{path}.{key}", f"must be a string of at most {max_len} characters")
    if not clean_text(value):
        raise invalid(f"{path}.{key}", "contains control, surrogate or bidi characters")
    if pattern is not None and not pattern.fullmatch(value):
        raise invalid(f"{path}.{key}", "has characters outside the allowed set")
    if choices is not None and value not in choices:
        raise invalid(f"{path}.{key}", f"must be one of {sorted(choices)}")
    return value


def id_field(d: dict[str, Any], key: str, path: str, *, required: bool = True) -> str | None:
    return str_field(d, key, path, required=required, max_len=128, pattern=ID)


def code_field(d: dict[str, Any], key: str, path: str, *, required: bool = True,
               choices: set[str] | frozenset[str] | None = None) -> str | None:
    return str_field(d, key, path, required=required, max_len=64, pattern=CODE,
                     choices=choices)


def currency_field(d: dict[str, Any], key: str, path: str, *, required: bool = True
                   ) -> str | None:
    value = d.get(key)
    if value is None and not required:
        return None
    if not is_currency(value):
        raise invalid(f"{path}.{key}", "must be an ISO 4217 currency code")
    return str(value)


def parse_time(value: Any) -> float | None:
    """Unix seconds of an RFC 3339 timestamp with a zone, or None."""
    if not isinstance(value, str) or not RFC3339.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value.upper().replace("Z", "+00:00")).timestamp()
    except ValueError:  # 2026-02-30, hour 25...
        return None


def time_field(d: dict[str, Any], key: str, path: str, *, required: bool = True
               ) -> float | None:
    if d.get(key) is None:
        if required:
            raise invalid(f"{path}.{key}", "is required")
        return None
    ts = parse_time(d[key])
    if ts is None:
        raise invalid(f"{path}.{key}", "must be an RFC 3339 time with a zone")
    return ts


def date_field(d: dict[str, Any], key: str, path: str, *, required: bool = True) -> None:
    value = d.get(key)
    if value is None and not required:
        return
    if not isinstance(value, str) or not DATE.fullmatch(value):
        raise invalid(f"{path}.{key}", "must be a date YYYY-MM-DD")
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise invalid(f"{path}.{key}", "is not a calendar date") from None


def hex_field(d: dict[str, Any], key: str, path: str, length: int | None = None) -> str:
    value = str_field(d, key, path, max_len=4096, pattern=re.compile(r"[0-9a-fA-F]+"))
    assert value is not None
    if len(value) % 2 or (length is not None and len(value) != 2 * length):
        raise invalid(f"{path}.{key}", f"must be {length} bytes of hex" if length
                      else "must be hex")
    return value.lower()


def plain_json(value: Any, path: str, *, max_depth: int = MAX_DEPTH, floats: bool = True
               ) -> None:
    """Any JSON value with bounded depth and clean strings (keys included)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > max_depth:
            raise invalid(path, f"nests deeper than {max_depth} levels")
        if isinstance(item, str):
            if not clean_text(item):
                raise invalid(path, "contains control, surrogate or bidi characters")
        elif isinstance(item, dict):
            for k, v in item.items():
                if not clean_text(k):
                    raise invalid(path, "has a key with control, surrogate or bidi characters")
                stack.append((v, depth + 1))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, float) and not floats:
            raise invalid(path, "floats are not accepted (amounts are integers)")
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > 2**53:
            raise invalid(path, "integer out of range")
