"""Payment look-ups for hall staff handling a claim: search, and one transaction in full.

Search needs at least one criterion (account number, business date range, kiosk,
transaction id or its first 8+ characters, or a receipt reference) and returns at most
``LIMIT`` rows, newest first. The transaction view collects everything the server holds
about it: the projection, every synced record that names it (the transaction record with
its notes, status changes, reversals, vouchers), vouchers from the ledger, and the
settlement batch that listed it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from central.backoffice import receipt_ref
from central.backoffice.errors import BadInput
from central.backoffice.store import Store

LIMIT = 200
ACCOUNT = re.compile(r"^[0-9A-Za-z-]{3,32}$")
TXN_PREFIX = re.compile(r"^[0-9a-f-]{8,36}$")


@dataclass(frozen=True)
class Query:
    account: str = ""
    date_from: str = ""
    date_to: str = ""
    kiosk: str = ""
    ref: str = ""

    @property
    def empty(self) -> bool:
        return not (self.account or self.date_from or self.date_to or self.kiosk or self.ref)


def _day(value: str, name: str) -> str:
    if not value:
        return ""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadInput(f"{name}: expected a date YYYY-MM-DD, got {value!r}") from None


def check(q: Query) -> Query:
    """The query with validated fields; BadInput names the first bad one."""
    if q.account and not ACCOUNT.match(q.account):
        raise BadInput("account: 3-32 letters or digits")
    if q.kiosk and not receipt_ref.KIOSK.match(q.kiosk):
        raise BadInput("kiosk: letters, digits, '-' and '_'")
    ref = q.ref
    if ref and receipt_ref.parse(ref) is None and not TXN_PREFIX.match(ref.lower()):
        raise BadInput("reference: a transaction id (at least 8 characters) or a receipt"
                       " reference R1....")
    return Query(q.account, _day(q.date_from, "from"), _day(q.date_to, "to"), q.kiosk, ref)


def search(store: Store, q: Query) -> list[dict[str, Any]]:
    q = check(q)
    if q.empty:
        return []
    sql = "SELECT * FROM transactions WHERE 1 = 1"
    params: list[Any] = []
    if q.account:
        sql += " AND account = ?"
        params.append(q.account)
    if q.date_from:
        sql += " AND business_date >= ?"
        params.append(q.date_from)
    if q.date_to:
        sql += " AND business_date <= ?"
        params.append(q.date_to)
    if q.kiosk:
        sql += " AND kiosk_id = ?"
        params.append(q.kiosk)
    if q.ref:
        parsed = receipt_ref.parse(q.ref)
        if parsed is not None:
            sql += " AND transaction_id = ? AND kiosk_id = ?"
            params += [parsed.transaction_id, parsed.kiosk_id]
        else:
            sql += " AND transaction_id LIKE ?"
            params.append(q.ref.lower().replace("%", "").replace("_", "") + "%")
    sql += " ORDER BY completed_ts DESC, transaction_id LIMIT ?"
    return store.rows(sql, [*params, LIMIT])


def _data(payload: str) -> dict[str, Any]:
    try:
        rec = json.loads(payload)
    except ValueError:
        return {}
    data = rec.get("data") if isinstance(rec, dict) else None
    return data if isinstance(data, dict) else {}


def transaction(store: Store, tid: str) -> dict[str, Any] | None:
    """Everything about one transaction, or None if the server never received it."""
    row = store.one("SELECT * FROM transactions WHERE transaction_id = ?", (tid,))
    if row is None:
        return None
    kiosk = row["kiosk_id"]
    records = []
    for r in store.rows("SELECT record_id, type, payload, received_at FROM records WHERE"
                        " kiosk_id = ? AND (record_id = ? OR payload LIKE ?)"
                        " ORDER BY received_at, record_id", (kiosk, tid, f"%{tid}%")):
        data = _data(r["payload"])
        if r["record_id"] == tid or tid in (data.get("transaction_id"), data.get("issued_by")):
            records.append({"record_id": r["record_id"], "type": r["type"],
                            "received_at": r["received_at"], "data": data})
    main: dict[str, Any] = next((r["data"] for r in records if r["record_id"] == tid), {})
    notes = main.get("notes") if isinstance(main.get("notes"), dict) else {}
    # The voucher ledger's tables (central.vouchers.schema, created with the app).
    vouchers = store.rows("SELECT code, amount, balance, status, issued_at FROM vouchers"
                          " WHERE issued_txn = ? ORDER BY issued_at", (tid,))
    redeemed = store.rows("SELECT code, amount, at FROM voucher_redemptions WHERE"
                          " transaction_id = ? ORDER BY at", (tid,))
    batch = None
    for b in store.rows("SELECT batch_no, received_at, payload FROM settlements WHERE"
                        " kiosk_id = ? AND payload LIKE ? ORDER BY batch_no", (kiosk, f"%{tid}%")):
        items = json.loads(b["payload"]).get("transactions") or []
        if any(isinstance(it, dict) and it.get("id") == tid for it in items):
            batch = {"batch_no": b["batch_no"], "received_at": b["received_at"]}
            break
    reversal = store.one("SELECT amount, reason, at, applied FROM reversals WHERE kiosk_id = ?"
                         " AND transaction_id = ?", (kiosk, tid))
    return {"txn": row, "records": records, "notes": notes, "vouchers": vouchers,
            "redeemed": redeemed, "batch": batch, "reversal": reversal}
