"""Reconciliation per business day and kiosk, item by item, for the page and CSV export.

Recomputed on every view from what the server holds (central.reconcile, the same
matching as settlement intake and ``kiosk-central reconcile``), never from a stored
verdict, because transactions delivered late turn "missing on server" into "matched".
Each item lands in one category: matched, missing_on_server (the kiosk's batch lists it,
the server never received it), missing_on_kiosk (the server counted it, the batch lacks
it), amount_mismatch, duplicate_in_batch (a second listing of one id in a batch),
already_settled (an earlier batch listed it), undated_on_server (the server counted it
but cannot place its time), or no_batch (the server has it and no batch covering the day
has arrived yet). Differences are server minus kiosk, in minor units.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from central.backoffice.store import Store
from central.reconcile import COUNTED, reconcile

CATEGORIES = ("matched", "missing_on_server", "missing_on_kiosk", "amount_mismatch",
              "duplicate_in_batch", "already_settled", "undated_on_server", "no_batch")
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


def _categories(report: dict[str, Any]) -> dict[str, str]:
    """The category of each distinct id the batch lists (its first listing)."""
    category = {tid: c for c in ("matched", "missing_on_server") for tid in report[c]}
    category.update({m["id"]: "amount_mismatch" for m in report["amount_mismatch"]})
    category.update({a["id"]: "already_settled" for a in report["already_settled"]})
    return category


def _problems(report: dict[str, Any]) -> list[str]:
    """What makes a batch unbalanced beyond its items: periods and claimed totals."""
    out = [f"batch {report['batch_no']}: {p['problem']}"
           + (f" {p['batch_no']}" if "batch_no" in p else "")
           for p in report["period_problems"]]
    out += [f"batch {report['batch_no']}: {key} kiosk {pair[0]} / server {pair[1]}"
            for key, pair in sorted(report["totals_differences"].items())
            if key in ("count", "gross", "fee", "total")]
    return out


def day(store: Store, kiosk_id: str, day: str) -> dict[str, Any]:
    """Items, per-category counts, kiosk and server totals and the verdict for one day.

    Every listing of a batch is one item, so a duplicate is never shown as matched: its
    first listing is judged, each further one is ``duplicate_in_batch`` (the kiosk's amount
    counted, the server's not: the server has the sale once). An item an earlier batch
    already settled is ``already_settled`` the same way. The day balances only when every
    item matched and every batch's own report balanced (periods, totals from the server's
    rows), so a batch that is wrong only in its totals still shows as a difference.
    """
    items: list[dict[str, Any]] = []
    problems: list[str] = []
    batches = batches_for(store, kiosk_id, day)
    reports_balanced = True
    # a sale some batch of the day lists is not also "missing" from another (overlap)
    shown_server_only = {str(it.get("id")) for b in batches
                         for it in b.get("transactions") or [] if isinstance(it, dict)}
    for batch in batches:
        report = reconcile(store.db, batch)
        reports_balanced = reports_balanced and bool(report["balanced"])
        problems += _problems(report)
        category = _categories(report)
        listed: set[str] = set()
        for it in batch.get("transactions") or []:
            if not isinstance(it, dict):
                continue
            tid = str(it.get("id"))
            server = _server_row(store, kiosk_id, tid)
            if tid in listed:
                items.append(_item(tid, batch["batch_no"], "duplicate_in_batch", it, server,
                                   server_counts=False))
                continue
            listed.add(tid)
            cat = category.get(tid, "missing_on_server")
            items.append(_item(tid, batch["batch_no"], cat, it, server,
                               server_counts=cat != "already_settled"))
        for cat in ("missing_on_kiosk", "undated_on_server"):
            for tid in report[cat]:
                if tid in shown_server_only:
                    continue
                shown_server_only.add(tid)
                items.append(_item(tid, batch["batch_no"], cat, None,
                                   _server_row(store, kiosk_id, tid)))
    if not batches:
        for server in store.rows("SELECT * FROM transactions WHERE kiosk_id = ? AND"
                                 " business_date = ? ORDER BY completed_ts", (kiosk_id, day)):
            if server["status"] in COUNTED:
                items.append(_item(server["transaction_id"], None, "no_batch", None, server))
    counts = {c: sum(1 for i in items if i["category"] == c) for c in CATEGORIES}
    return {"kiosk_id": kiosk_id, "day": day, "items": items, "counts": counts,
            "batches": [b["batch_no"] for b in batches], "problems": problems,
            "kiosk_total": sum(i["kiosk_total"] or 0 for i in items),
            "server_total": sum(i["server_total"] or 0 for i in items),
            "balanced": bool(batches) and reports_balanced
            and all(i["category"] == "matched" for i in items)}


def _server_row(store: Store, kiosk_id: str, tid: str) -> dict[str, Any] | None:
    """The server's row of this kiosk's transaction (ids are per kiosk, never global)."""
    return store.one("SELECT * FROM transactions WHERE transaction_id = ? AND kiosk_id = ?",
                     (tid, kiosk_id))


def _item(tid: str, batch_no: int | None, category: str, kiosk: dict[str, Any] | None,
          server: dict[str, Any] | None, *, server_counts: bool = True) -> dict[str, Any]:
    kiosk_total = int(kiosk.get("total") or 0) if kiosk and kiosk.get("status") in COUNTED \
        else (0 if kiosk else None)
    server_total = (_counted(server) if server_counts else 0) if server else None
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
