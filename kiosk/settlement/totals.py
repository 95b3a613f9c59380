"""Totals of a settlement batch, recomputed from its items (kiosk and verifier alike).

Kept apart from batch closing so that ``verify`` recomputes with exactly the code the
kiosk used, and so the definition is small enough to compare with the server's.
A counted transaction's amount is its ``total`` (what was actually taken); items of any
other status (reversed or failed card payments) are listed in a batch but not counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from kiosk.ledger.states import TxnStatus

COUNTED = (TxnStatus.COMPLETED, TxnStatus.CREDITED)


def service_key(service: str, biller: str | None) -> str:
    """``topup`` or ``bill:STATE_GRID``: billers are reconciled separately."""
    return f"bill:{biller}" if service == "bill" and biller else service


def compute_totals(items: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    totals: dict[str, Any] = {"count": 0, "gross": 0, "fee": 0, "total": 0,
                              "by_method": {}, "by_service": {}}
    for item in items:
        if item["status"] not in COUNTED:  # listed for matching, no money taken
            continue
        totals["count"] += 1
        for field in ("gross", "fee", "total"):
            totals[field] += int(item[field])
        for table, key in (("by_method", str(item["method"])),
                           ("by_service", service_key(item["service"], item.get("biller")))):
            slot = totals[table].setdefault(key, {"count": 0, "amount": 0})
            slot["count"] += 1
            slot["amount"] += int(item["total"])
    return totals


def parse_ts(text: str | None) -> float:
    """Unix seconds of an ISO 8601 timestamp; naive means UTC; None/garbage sorts first."""
    if not text:
        return float("-inf")
    try:
        dt = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return float("-inf")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()
