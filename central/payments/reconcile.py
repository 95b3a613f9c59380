"""Three-way reconciliation of QR payments: kiosk batch <-> server <-> provider.

Item by item, keyed by our transaction id / the provider's merchant order number, for
one statement day (Beijing time, as the provider cuts its statement). Every item lands
in exactly one bucket; differences are listed, never netted away:

- ``matched``: server, statement and (for paid, kept payments) the kiosk agree;
- ``missing_in_statement``: the server holds a paid payment the statement lacks;
- ``missing_on_server``: the statement has a payment the server does not know (extra);
- ``missing_on_kiosk``: paid and not refunded on the server, in no kiosk batch;
- ``kiosk_unpaid``: a kiosk batch counts a QR payment the server has not as paid;
- ``amount_mismatch`` / ``refund_mismatch``: the sides disagree on the amounts.

Called by ``kiosk-central reconcile ... --qr-statement FILE`` (or ``--qr-fetch``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from central.db import CentralDB
from central.payments.statement import StatementItem, parse

BEIJING = dt.timezone(dt.timedelta(hours=8))
KEPT = ("paid",)
REFUNDED = ("refunded", "refund_pending", "refund_failed")


def _day(ts: Any) -> str:
    return dt.datetime.fromtimestamp(float(ts), BEIJING).strftime("%Y-%m-%d") if ts else ""


def _kiosk_items(db: CentralDB, kiosk_id: str | None) -> dict[str, dict[str, Any]]:
    sql, params = "SELECT kiosk_id, payload FROM settlements", tuple[str, ...]()
    if kiosk_id:
        sql, params = sql + " WHERE kiosk_id = ?", (kiosk_id,)
    out: dict[str, dict[str, Any]] = {}
    for row in db.query(sql, params):
        batch = json.loads(row["payload"])
        for it in batch.get("transactions", []):
            if isinstance(it, dict) and it.get("method") == "qr":
                out[str(it.get("id"))] = {**it, "batch_no": batch.get("batch_no")}
    return out


def three_way(db: CentralDB, bill_date: str, statement_text: str,
              kiosk_id: str | None = None) -> dict[str, Any]:
    items, unreadable = parse(statement_text)
    paid: dict[str, StatementItem] = {}
    refunds: dict[str, int] = defaultdict(int)
    for item in items:
        if item.kind == "payment":
            paid[item.out_trade_no] = item
        else:
            refunds[item.out_trade_no] += item.amount
    rows = {r["out_trade_no"]: r for r in db.query("SELECT * FROM qr_payments")}
    kiosk = _kiosk_items(db, kiosk_id)
    buckets: dict[str, list[Any]] = {k: [] for k in (
        "matched", "missing_in_statement", "missing_on_server", "missing_on_kiosk",
        "kiosk_unpaid", "amount_mismatch", "refund_mismatch")}
    for no, row in rows.items():
        if kiosk_id and row["kiosk_id"] != kiosk_id:
            continue
        on_day = _day(row["paid_at"] or row["updated_at"]) == bill_date
        if row["state"] not in KEPT + REFUNDED or not (on_day or no in paid):
            continue
        tid, amount = row["transaction_id"], int(row["amount"])
        entry = {"id": tid, "kiosk_id": row["kiosk_id"], "server": row["state"],
                 "amount": amount}
        stmt = paid.get(no)
        if stmt is None:
            buckets["missing_in_statement"].append(entry)
            continue
        if stmt.amount != amount:
            buckets["amount_mismatch"].append({**entry, "statement": stmt.amount})
            continue
        if int(row["refunded"] or 0) != refunds.get(no, 0) and (
                row["state"] in REFUNDED or refunds.get(no)):
            buckets["refund_mismatch"].append({**entry, "server_refunded": row["refunded"],
                                               "statement_refunded": refunds.get(no, 0)})
            continue
        k = kiosk.get(tid)
        if row["state"] in KEPT and k is None:
            buckets["missing_on_kiosk"].append(entry)
        elif k is not None and int(k.get("total") or 0) != amount:
            buckets["amount_mismatch"].append({**entry, "kiosk": k.get("total")})
        else:
            buckets["matched"].append(tid)
    for no, stmt in paid.items():
        if no not in rows:
            buckets["missing_on_server"].append({"out_trade_no": no, "amount": stmt.amount,
                                                 "provider_id": stmt.provider_id})
    by_tid = {r["transaction_id"]: r for r in rows.values()}
    for tid, k in kiosk.items():
        found = by_tid.get(tid)
        day = _day(found["updated_at"]) if found else str(k.get("completed_at") or "")[:10]
        if k.get("status") in ("completed", "credited") and day == bill_date and (
                found is None or found["state"] not in KEPT):
            buckets["kiosk_unpaid"].append({"id": tid, "kiosk": k.get("total"),
                                            "server": found["state"] if found else None})
    differences = sum(len(v) for k, v in buckets.items() if k != "matched")
    return {"qr_reconciliation": bill_date, "kiosk_id": kiosk_id,
            "balanced": differences == 0 and not unreadable,
            "summary": {k: len(v) for k, v in buckets.items()},
            "unreadable_lines": unreadable, **buckets}


def print_report(report: dict[str, Any]) -> None:
    print(f"QR payments {report['qr_reconciliation']}"
          f"{' ' + report['kiosk_id'] if report['kiosk_id'] else ''}: "
          f"{'BALANCED' if report['balanced'] else 'DIFFERENCES'}")
    for key, count in report["summary"].items():
        print(f"  {key.replace('_', ' '):<21} {count}")
        if key != "matched":
            for item in report[key]:
                print(f"    {json.dumps(item, ensure_ascii=False)}")
    for line in report["unreadable_lines"]:
        print(f"  unreadable line      {line}")
