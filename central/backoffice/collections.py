"""Cash collections as the kiosks reported them: counted vs expected per denomination.

Read from the ``cash_collection`` records each kiosk syncs (docs/operations.md, cash
collection): the kiosk records the difference as it is, never adjusted, and so does
this view. A difference raises a collection alarm until a person resolves it.
"""

from __future__ import annotations

import json
from typing import Any

from central.backoffice.store import Store

LIMIT = 200


def listing(store: Store, kiosk_id: str = "", only_differences: bool = False
            ) -> list[dict[str, Any]]:
    sql = "SELECT kiosk_id, record_id, payload, received_at FROM records WHERE" \
          " type = 'cash_collection'"
    params: list[Any] = []
    if kiosk_id:
        sql += " AND kiosk_id = ?"
        params.append(kiosk_id)
    out = []
    for r in store.rows(sql + " ORDER BY received_at DESC LIMIT ?", [*params, LIMIT * 5]):
        try:
            data = json.loads(r["payload"]).get("data") or {}
        except (ValueError, AttributeError):
            continue
        rows = denominations(data)
        c = {"kiosk_id": r["kiosk_id"], "record_id": r["record_id"],
             "received_at": r["received_at"], "at": data.get("at"),
             "collector": data.get("collector"), "batch_no": data.get("batch_no"),
             "collection_id": data.get("collection_id") or r["record_id"],
             "expected_total": _int(data.get("expected_total")),
             "counted_total": _int(data.get("counted_total")),
             "difference": _int(data.get("difference")), "rows": rows}
        if not only_differences or c["difference"] or any(x["difference"] for x in rows):
            out.append(c)
    return out[:LIMIT]


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def denominations(data: dict[str, Any]) -> list[dict[str, int]]:
    expected: dict[str, Any] = data["expected"] if isinstance(data.get("expected"), dict) else {}
    counted: dict[str, Any] = data["counted"] if isinstance(data.get("counted"), dict) else {}
    rows = []
    for d in sorted({*expected, *counted}, key=lambda x: -int(x) if str(x).isdigit() else 0):
        if not str(d).isdigit():
            continue
        e, c = _int(expected.get(d)), _int(counted.get(d))
        rows.append({"denomination": int(d), "expected": e, "counted": c,
                     "difference": c - e, "amount_difference": (c - e) * int(d)})
    return rows
