"""Item-by-item reconciliation of a settlement batch against the transactions held.

Differences are reported, never hidden: every batch item lands in exactly one of
matched / missing_on_server / amount_mismatch, and every counted server transaction of
the kiosk in the batch period that the batch lacks is listed as missing_on_kiosk.
Items that neither side counts (reversed, failed, cancelled: no money taken) match on
their status alone; the kiosk lists reversed and failed card payments for that check.
The report is recomputed on demand (``kiosk-central reconcile``) because transactions
delivered after the settlement upload turn "missing on server" into "matched".
"""

from __future__ import annotations

from typing import Any

from central.db import CentralDB
from central.intake import parse_iso

COUNTED = {"completed", "credited"}


def recompute_totals(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals over the counted items, in the shape of the batch's ``totals``."""
    out: dict[str, Any] = {"count": 0, "gross": 0, "fee": 0, "total": 0,
                           "by_method": {}, "by_service": {}}
    for it in items:
        if it.get("status") not in COUNTED:
            continue
        out["count"] += 1
        for key in ("gross", "fee", "total"):
            out[key] += int(it.get(key) or 0)
        service = str(it.get("service"))
        if service == "bill" and it.get("biller"):
            service = f"bill:{it['biller']}"
        for group, name in (("by_method", str(it.get("method"))), ("by_service", service)):
            slot = out[group].setdefault(name, {"count": 0, "amount": 0})
            slot["count"] += 1
            slot["amount"] += int(it.get("total") or 0)
    return out


def totals_differences(claimed: dict[str, Any], recomputed: dict[str, Any]) -> dict[str, Any]:
    """Keys whose kiosk value differs from the recomputation: {key: [kiosk, server]}."""
    diffs: dict[str, Any] = {}
    for key in ("count", "gross", "fee", "total", "by_method", "by_service"):
        if key in claimed and claimed[key] != recomputed[key]:
            diffs[key] = [claimed[key], recomputed[key]]
    return diffs


def reconcile(db: CentralDB, batch: dict[str, Any]) -> dict[str, Any]:
    kiosk_id = batch["kiosk_id"]
    items = [it for it in batch.get("transactions", []) if isinstance(it, dict)]
    ids = [str(it.get("id")) for it in items]
    server: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.query(f"SELECT * FROM transactions WHERE transaction_id IN ({marks})",
                            chunk):
            server[row["transaction_id"]] = row
    matched: list[str] = []
    missing_on_server: list[str] = []
    mismatch: list[dict[str, Any]] = []
    for it, tid in zip(items, ids, strict=True):
        found = server.get(tid)
        if found is None or found["kiosk_id"] != kiosk_id:
            missing_on_server.append(tid)
            continue
        row = found
        kiosk_counts, server_counts = it.get("status") in COUNTED, row["status"] in COUNTED
        diffs: dict[str, Any] = {}
        if kiosk_counts or server_counts:  # amounts matter only for money actually taken
            diffs = {k: {"kiosk": it.get(k), "server": row[k]} for k in ("gross", "fee", "total")
                     if it.get(k) != row[k]}
        if kiosk_counts != server_counts:
            diffs["status"] = {"kiosk": it.get("status"), "server": row["status"]}
        if diffs:
            mismatch.append({"id": tid, **diffs})
        else:
            matched.append(tid)
    start_ts = parse_iso(batch.get("period_start"))
    end_ts = parse_iso(batch.get("period_end"))
    missing_on_kiosk: list[str] = []
    if start_ts is not None and end_ts is not None:
        in_batch = set(ids)
        for row in db.query("SELECT transaction_id, status FROM transactions WHERE kiosk_id = ?"
                            " AND completed_ts >= ? AND completed_ts < ?",
                            (kiosk_id, start_ts, end_ts)):
            if row["status"] in COUNTED and row["transaction_id"] not in in_batch:
                missing_on_kiosk.append(row["transaction_id"])
    recomputed = recompute_totals(items)
    diffs = totals_differences(batch.get("totals") or {}, recomputed)
    return {
        "kiosk_id": kiosk_id, "batch_no": batch.get("batch_no"),
        "period_start": batch.get("period_start"), "period_end": batch.get("period_end"),
        "summary": {"matched": len(matched), "missing_on_server": len(missing_on_server),
                    "missing_on_kiosk": len(missing_on_kiosk), "amount_mismatch": len(mismatch)},
        "balanced": not (missing_on_server or missing_on_kiosk or mismatch or diffs),
        "matched": matched, "missing_on_server": missing_on_server,
        "missing_on_kiosk": sorted(missing_on_kiosk), "amount_mismatch": mismatch,
        "recomputed_totals": recomputed, "totals_differences": diffs,
    }
