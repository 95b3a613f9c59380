"""Small type checks for JSON bodies, producing ApiError(422) with the field's path.

Money fields must be real integers: ``True`` and ``12.5`` are refused (bool is an int
subclass in Python, and floats are never money).
"""

from __future__ import annotations

from typing import Any

from central.errors import ApiError


def invalid(path: str, why: str) -> ApiError:
    return ApiError(422, "invalid_field", f"{path}: {why}", field=path)


def obj(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid(path, "must be an object")
    return value


def int_field(d: dict[str, Any], key: str, path: str, *, required: bool = True,
              minimum: int | None = 0) -> int | None:
    if key not in d or d[key] is None:
        if required:
            raise invalid(f"{path}.{key}", "is required")
        return None
    value = d[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(f"{path}.{key}", "must be an integer")
    if minimum is not None and value < minimum:
        raise invalid(f"{path}.{key}", f"must be >= {minimum}")
    if abs(value) > 10**15:
        raise invalid(f"{path}.{key}", "out of range")
    return value


def str_field(d: dict[str, Any], key: str, path: str, *, required: bool = True,
              max_len: int = 256, choices: set[str] | None = None) -> str | None:
    if key not in d or d[key] is None:
        if required:
            raise invalid(f"{path}.{key}", "is required")
        return None
    value = d[key]
    if not isinstance(value, str) or len(value) > max_len:
        raise invalid(f"{path}.{key}", f"must be a string of at most {max_len} characters")
    if choices is not None and value not in choices:
        raise invalid(f"{path}.{key}", f"must be one of {sorted(choices)}")
    return value


def hex_field(d: dict[str, Any], key: str, path: str, length: int | None = None) -> str:
    value = str_field(d, key, path, max_len=4096)
    assert value is not None
    try:
        raw = bytes.fromhex(value)
    except ValueError:
        raise invalid(f"{path}.{key}", "must be hex") from None
    if length is not None and len(raw) != length:
        raise invalid(f"{path}.{key}", f"must be {length} bytes of hex")
    return value.lower()
