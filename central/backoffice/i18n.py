"""Chinese first, English on request: texts from ``texts.toml``, money and time formatting.

The language is the ``bo_lang`` cookie (``zh`` unless set to ``en``). A missing key shows
as the key itself, and tests check both languages have the same keys.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"


@cache
def texts() -> dict[str, dict[str, str]]:
    raw = tomllib.loads((Path(__file__).parent / "texts.toml").read_text(encoding="utf-8"))
    return {lang: {k: str(v) for k, v in raw[lang].items()} for lang in LANGS}


def lang_of(cookie: str | None) -> str:
    return cookie if cookie in LANGS else DEFAULT_LANG


def translate(lang: str, key: str) -> str:
    return texts()[lang].get(key, key)


def money(minor: int | None, currency: str | None = "CNY") -> str:
    """Integer minor units as text, e.g. 12345 -> "¥123.45" (no floats involved)."""
    if minor is None:
        return "-"
    sign = "-" if minor < 0 else ""
    units, cents = divmod(abs(int(minor)), 100)
    symbol = "¥" if (currency or "CNY") == "CNY" else f"{currency} "
    return f"{sign}{symbol}{units:,}.{cents:02d}"


def when(ts: float | int | None) -> str:
    """Unix seconds as UTC text for tables."""
    if ts is None:
        return "-"
    return datetime.fromtimestamp(float(ts), UTC).strftime("%Y-%m-%d %H:%M:%S")


def ago(seconds: float | int | None, lang: str) -> str:
    if seconds is None:
        return "-"
    s = int(seconds)
    unit = texts()[lang]
    if s < 120:
        return f"{s}{unit['unit_s']}"
    if s < 7200:
        return f"{s // 60}{unit['unit_min']}"
    if s < 172800:
        return f"{s // 3600}{unit['unit_h']}"
    return f"{s // 86400}{unit['unit_d']}"


def mask_account(account: str | None) -> str:
    """Only the first three and last four characters of a number stay visible."""
    if not account:
        return "-"
    if len(account) <= 7:
        return account[:1] + "*" * (len(account) - 2) + account[-1:] if len(account) > 2 \
            else "*" * len(account)
    return account[:3] + "*" * (len(account) - 7) + account[-4:]
