"""Reconciliation per business day and kiosk, item by item, for the page and CSV export.

Recomputed on every view from what the server holds (central.reconcile, the same
matching as settlement intake and ``kiosk-central reconcile``), never from a stored
verdict, because transactions delivered late turn "missing on server" into "matched".
Each item lands in one category: matched, missing_on_server (the kiosk's batch lists it,
the server never received it), missing_on_kiosk (the server counted it, the batch lacks
it), amount_mismatch, or no_batch (the server has it and no batch covering the day has
arrived yet). Differences are server minus kiosk, in minor units.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from central.backoffice.store import Store
from central.reconcile import COUNTED, reconcile

CATEGORIES = ("matched", "missing_on_server", "missing_on_kiosk", "amount_mismatch",
              "no_batch")
PAGE = 200


def batches_for(store: Store, kiosk_id: str, day: str) -> list[dict[str, Any]]:
    out = []
    for row in store.rows("SELECT payload FROM settlements WHERE kiosk_id = ? ORDER BY"
                          " batch_no", (kiosk_id,)):
        batch = json.loads(row["payload"])
        if str(batch.get("period_start"))[:10] <= day <= str(batch.get("period_end"))[:10]:
            out.append(batch)
    return out


def _counted(row: dict[str, Any] | None) -> int:
    return int(row["total"]) if row and row["status"] in COUNTED else 0


def day(store: Store, kiosk_id: str, day: str) -> dict[str, Any]:
    """Items, per-category counts, kiosk and server totals and the verdict for one day."""
    items: list[dict[str, Any]] = []
    batches = batches_for(store, kiosk_id, day)
    for batch in batches:
        report = reconcile(store.db, batch)
        category = {tid: c for c in ("matched", "missing_on_server") for tid in report[c]}
        category.update({m["id"]: "amount_mismatch" for m in report["amount_mismatch"]})
        for it in batch.get("transactions") or []:
            tid = str(it.get("id"))
            server = store.one("SELECT * FROM transactions WHERE transaction_id = ? AND"
                               " kiosk_id = ?", (tid, kiosk_id))
            items.append(_item(tid, batch["batch_no"], category.get(tid, "matched"), it, server))
        for tid in report["missing_on_kiosk"]:
            server = store.one("SELECT * FROM transactions WHERE transaction_id = ?", (tid,))
            items.append(_item(tid, batch["batch_no"], "missing_on_kiosk", None, server))
    if not batches:
        for server in store.rows("SELECT * FROM transactions WHERE kiosk_id = ? AND"
                                 " business_date = ? ORDER BY completed_ts", (kiosk_id, day)):
            if server["status"] in COUNTED:
                items.append(_item(server["transaction_id"], None, "no_batch", None, server))
    counts = {c: sum(1 for i in items if i["category"] == c) for c in CATEGORIES}
    return {"kiosk_id": kiosk_id, "day": day, "items": items, "counts": counts,
            "batches": [b["batch_no"] for b in batches],
            "kiosk_total": sum(i["kiosk_total"] or 0 for i in items),
            "server_total": sum(i["server_total"] or 0 for i in items),
            "balanced": bool(batches) and all(i["category"] == "matched" for i in items)}


def _item(tid: str, batch_no: int | None, category: str, kiosk: dict[str, Any] | None,
          server: dict[str, Any] | None) -> dict[str, Any]:
    kiosk_total = int(kiosk.get("total") or 0) if kiosk and kiosk.get("status") in COUNTED \
        else (0 if kiosk else None)
    server_total = _counted(server) if server else None
    return {"transaction_id": tid, "batch_no": batch_no, "category": category,
            "kiosk_status": kiosk.get("status") if kiosk else None,
            "server_status": server["status"] if server else None,
            "kiosk_total": kiosk_total, "server_total": server_total,
            "difference": (server_total or 0) - (kiosk_total or 0),
            "method": (server or kiosk or {}).get("method"),
            "account": server["account"] if server else None}


def overview(store: Store, business_day: str, kiosk_filter: str = "") -> list[dict[str, Any]]:
    """Every kiosk with money that day (server side) or a batch covering it, reconciled."""
    kiosks = {r["kiosk_id"] for r in store.rows(
        "SELECT DISTINCT kiosk_id FROM transactions WHERE business_date = ?", (business_day,))}
    for row in store.rows("SELECT kiosk_id, payload FROM settlements WHERE payload LIKE ?",
                          (f"%{business_day}%",)):
        kiosks.add(row["kiosk_id"])
    chosen = sorted(k for k in kiosks if kiosk_filter.lower() in k.lower())[:PAGE]
    out = []
    for k in chosen:
        d = day(store, k, business_day)
        out.append({key: d[key] for key in ("kiosk_id", "counts", "batches", "kiosk_total",
                                            "server_total", "balanced")})
    return out


def cell(value: Any) -> Any:
    """Text a kiosk sent, made inert for spreadsheets (no formula from "=", "+", "-", "@")."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(d: dict[str, Any]) -> str:
    """The day's items as CSV (amounts in minor units, as everywhere in the system)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["kiosk_id", "business_date", "transaction_id", "batch_no", "category",
                "kiosk_status", "server_status", "kiosk_total", "server_total", "difference",
                "method"])
    for i in d["items"]:
        w.writerow([d["kiosk_id"], d["day"], cell(i["transaction_id"]), i["batch_no"],
                    i["category"], cell(i["kiosk_status"]), cell(i["server_status"]),
                    i["kiosk_total"], i["server_total"], i["difference"], cell(i["method"])])
    return buf.getvalue()
