"""Item-by-item reconciliation of a settlement batch against the server's own rows.

Differences are reported, never hidden; ``balanced`` is true only when every list below
is empty and the batch's claimed totals equal the totals recomputed from the server's
rows (never from the batch's own items, which the kiosk wrote):

- ``matched`` / ``missing_on_server`` / ``amount_mismatch``: each batch item once. The
  mismatch compares field by field: status exactly; method, service, biller; and, when
  either side counts the sale (``completed``/``credited``), gross, fee, total, plus the
  method split (cash, card, voucher), commission and completed_at where the item has them;
- ``duplicate_in_batch``: an id listed again in the same batch (matched once only);
- ``already_settled``: an id an earlier batch of this kiosk already listed;
- ``missing_on_kiosk``: the server's counted transactions in ``[period_start, period_end)``
  that the batch lacks; ``undated_on_server``: counted transactions whose time cannot be
  placed in any period (they would otherwise be invisible to that check);
- ``period_problems``: an unparsable or empty period, or one overlapping another batch.
"""

from __future__ import annotations

from typing import Any

from central.db import Database, Tx
from central.validation import parse_time

COUNTED = frozenset({"completed", "credited"})
LABELS = ("method", "service", "biller")
SPLIT = ("cash", "card", "voucher", "commission")


def service_key(service: Any, biller: Any) -> str:
    return f"bill:{biller}" if service == "bill" and biller else str(service)


def totals_of(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals over the counted rows, in the shape of the batch's ``totals``."""
    out: dict[str, Any] = {"count": 0, "gross": 0, "fee": 0, "total": 0,
                           "by_method": {}, "by_service": {}}
    for row in rows:
        if row.get("status") not in COUNTED:
            continue
        out["count"] += 1
        for key in ("gross", "fee", "total"):
            out[key] += int(row.get(key) or 0)
        for group, name in (("by_method", str(row.get("method"))),
                            ("by_service", service_key(row.get("service"), row.get("biller")))):
            slot = out[group].setdefault(name, {"count": 0, "amount": 0})
            slot["count"] += 1
            slot["amount"] += int(row.get("total") or 0)
    return out


def totals_differences(claimed: dict[str, Any], server: dict[str, Any]) -> dict[str, Any]:
    """{key: [kiosk, server]} for each total that differs; the four sums must be present."""
    keys = [k for k in server if k in claimed or k in ("count", "gross", "fee", "total")]
    return {key: [claimed.get(key), server[key]] for key in keys
            if claimed.get(key) != server[key]}


def compare(item: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """Field-by-field differences {field: {"kiosk", "server"}} of one matched item."""
    diffs: dict[str, Any] = {}

    def differ(key: str, kiosk: Any, server: Any) -> None:
        if kiosk != server:
            diffs[key] = {"kiosk": kiosk, "server": server}

    differ("status", item.get("status"), row["status"])
    for key in LABELS:
        if key in item:
            differ(key, item.get(key), row[key])
    if item.get("status") in COUNTED or row["status"] in COUNTED:
        for key in ("gross", "fee", "total"):
            differ(key, item.get(key), row[key])
        for key in SPLIT:
            if key in item:
                differ(key, item.get(key) or 0, row[key] or 0)
        if "completed_at" in item:
            differ("completed_at", parse_time(item.get("completed_at")), row["completed_ts"])
    return diffs


def _rows(tx: Tx, kiosk_id: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in tx.query(f"SELECT t.*, s.batch_no AS settled_in FROM transactions t"
                            f" LEFT JOIN settlement_items s ON s.kiosk_id = t.kiosk_id AND"
                            f" s.transaction_id = t.transaction_id WHERE t.kiosk_id = ? AND"
                            f" t.transaction_id IN ({marks})", [kiosk_id, *chunk]):
            found[row["transaction_id"]] = row
        for row in tx.query(f"SELECT transaction_id, batch_no FROM settlement_items WHERE"
                            f" kiosk_id = ? AND transaction_id IN ({marks})", [kiosk_id, *chunk]):
            found.setdefault(row["transaction_id"], {"settled_in": row["batch_no"]})
    return found


def period_problems(tx: Tx, batch: dict[str, Any]) -> list[dict[str, Any]]:
    start, end = parse_time(batch.get("period_start")), parse_time(batch.get("period_end"))
    if start is None or end is None:
        return [{"problem": "unparsable_period", "period_start": batch.get("period_start"),
                 "period_end": batch.get("period_end")}]
    if end <= start:
        return [{"problem": "empty_period"}]
    return [{"problem": "overlaps_batch", "batch_no": r["batch_no"]} for r in tx.query(
        "SELECT batch_no FROM settlements WHERE kiosk_id = ? AND batch_no <> ? AND"
        " period_start_ts < ? AND period_end_ts > ? ORDER BY batch_no",
        (batch["kiosk_id"], batch.get("batch_no"), end, start))]


def reconcile(db: Database | Tx, batch: dict[str, Any]) -> dict[str, Any]:
    """The report for ``batch`` (already shape-checked), inside ``db`` if it is an open
    transaction (settlement intake), else in a transaction of its own (pages, CLI)."""
    if isinstance(db, Database):
        with db.transaction() as tx:
            return reconcile(tx, batch)
    tx = db
    kiosk_id, batch_no = batch["kiosk_id"], batch.get("batch_no")
    items = [it for it in batch.get("transactions", []) if isinstance(it, dict)]
    ids = [str(it.get("id")) for it in items]
    server = _rows(tx, kiosk_id, ids)
    matched: list[str] = []
    missing_on_server: list[str] = []
    mismatch: list[dict[str, Any]] = []
    duplicates: list[str] = []
    already: list[dict[str, Any]] = []
    seen: set[str] = set()
    counted_rows: list[dict[str, Any]] = []
    for it, tid in zip(items, ids, strict=True):
        if tid in seen:
            duplicates.append(tid)
            continue
        seen.add(tid)
        row = server.get(tid)
        if row and row["settled_in"] is not None and row["settled_in"] != batch_no:
            already.append({"id": tid, "batch_no": row["settled_in"]})
            continue
        if row is None or "status" not in row:
            missing_on_server.append(tid)
            continue
        counted_rows.append(row)
        diffs = compare(it, row)
        (mismatch.append({"id": tid, **diffs}) if diffs else matched.append(tid))
    problems = period_problems(tx, batch)
    missing_on_kiosk: list[str] = []
    undated: list[str] = []
    start_ts = parse_time(batch.get("period_start")) or 0
    end_ts = parse_time(batch.get("period_end")) or 0  # unparsable: reported, empty range
    for row in tx.query("SELECT * FROM transactions WHERE kiosk_id = ? AND status IN (?, ?)"
                        " AND (completed_ts IS NULL OR (completed_ts >= ? AND completed_ts < ?))",
                        (kiosk_id, *sorted(COUNTED), start_ts, end_ts)):
        if row["transaction_id"] in seen:
            continue
        (undated if row["completed_ts"] is None else missing_on_kiosk).append(
            row["transaction_id"])
        counted_rows.append(row)
    server_totals = totals_of(counted_rows)
    claimed = batch.get("totals") or {}
    diffs = totals_differences(claimed, server_totals)
    lists: dict[str, list[Any]] = {
        "missing_on_server": missing_on_server, "missing_on_kiosk": sorted(missing_on_kiosk),
        "amount_mismatch": mismatch, "duplicate_in_batch": duplicates,
        "already_settled": already, "undated_on_server": sorted(undated),
        "period_problems": problems}
    return {
        "kiosk_id": kiosk_id, "batch_no": batch_no,
        "period_start": batch.get("period_start"), "period_end": batch.get("period_end"),
        "summary": {"matched": len(matched), **{k: len(val) for k, val in lists.items()}},
        "balanced": not (any(lists.values()) or diffs),
        "matched": matched, **lists,
        "recomputed_totals": server_totals, "totals_differences": diffs,
    }

