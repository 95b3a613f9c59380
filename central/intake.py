"""Record intake for ``POST /v1/transactions``: each id applied at most once.

Per-item outcome (``code`` is the HTTP status the item would have alone):

=========  ====  ==============================================================
stored     200   first time; record kept, ``transaction`` projected
duplicate  200   same id, same payload: the stored result again
conflict   422   same id, different payload (the first one stands)
in_flight  409   the same id is being processed by another request right now
invalid    422   malformed record; ``error`` says which field
forbidden  403   record claims another kiosk
=========  ====  ==============================================================

The payload compared is the canonical JSON of ``{type, kiosk_id, data}``; the envelope's
``created_at`` is transport metadata and may differ between retries.

A ``transaction_reversal`` (its own id) turns the kiosk's projected transaction to
``reversed``: the kiosk sends one when it reversed a card payment whose confirmation it
had already attempted, because the ``transaction`` record itself may never change once
sent. Reversals are kept in ``reversals`` and applied whichever of the two arrives first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from central import validation as v
from central.db import CentralDB
from central.errors import ApiError

MAX_RECORDS = 1000
TXN_STATUSES = {"completed", "credited", "reversed", "failed", "cancelled"}
METHODS = {"cash", "card", "voucher", "mixed", "qr"}  # qr: central/payments (issue 18)
CODES = {"stored": 200, "duplicate": 200, "conflict": 422, "in_flight": 409,
         "invalid": 422, "forbidden": 403}


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def iso_now(clock: Callable[[], float]) -> str:
    return datetime.fromtimestamp(clock(), UTC).isoformat().replace("+00:00", "Z")


def parse_iso(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


class Intake:
    def __init__(self, db: CentralDB, clock: Callable[[], float]) -> None:
        self.db = db
        self.clock = clock
        self._inflight: set[str] = set()
        self._inflight_lock = threading.Lock()

    @contextlib.contextmanager
    def claim(self, ids: list[str]) -> Iterator[set[str]]:
        """Mark ids as in flight; yields the subset this caller got (others are busy)."""
        with self._inflight_lock:
            mine = {i for i in ids if i not in self._inflight}
            self._inflight |= mine
        try:
            yield mine
        finally:
            with self._inflight_lock:
                self._inflight -= mine

    def submit(self, kiosk_id: str, body: Any) -> tuple[int, dict[str, Any]]:
        """(HTTP status, reply) for a batch: 200 all acked, the shared code, or 207 mixed."""
        records = v.obj(body, "body").get("records")
        if not isinstance(records, list) or not records:
            raise ApiError(422, "invalid_body", 'body must be {"records": [ ...at least one ]}')
        if len(records) > MAX_RECORDS:
            raise ApiError(413, "too_many_records", f"at most {MAX_RECORDS} records per batch")
        ids = [r["id"] for r in records if isinstance(r, dict) and isinstance(r.get("id"), str)]
        with self.claim(ids) as mine:
            results: list[dict[str, Any]] = []
            with self.db.tx() as conn:
                for index, record in enumerate(records):
                    results.append(self._one(conn, kiosk_id, index, record, mine))
        codes = {r["code"] for r in results}
        if codes == {200}:
            status = 200
        elif len(codes) == 1:
            status = codes.pop()
        else:
            status = 207
        return status, {"results": results}

    def _one(self, conn: Any, kiosk_id: str, index: int, record: Any,
             mine: set[str]) -> dict[str, Any]:
        rid = record.get("id") if isinstance(record, dict) else None
        try:
            rec = v.obj(record, f"records[{index}]")
            rid = v.str_field(rec, "id", f"records[{index}]", max_len=128)
            rtype = v.str_field(rec, "type", f"records[{index}]", max_len=64)
            data = v.obj(rec.get("data"), f"records[{index}].data")
            claimed = rec.get("kiosk_id", kiosk_id)
            if claimed != kiosk_id:
                return _result(rid, "forbidden", f"record is for kiosk {claimed!r}, "
                                                 f"authenticated as {kiosk_id!r}")
            if rid not in mine:
                return _result(rid, "in_flight", "the same id is being processed")
            assert rid is not None and rtype is not None
            digest = hashlib.sha256(canonical(
                {"type": rtype, "kiosk_id": kiosk_id, "data": data})).hexdigest()
            row = conn.execute("SELECT payload_hash, received_at FROM records WHERE record_id = ?",
                               (rid,)).fetchone()
            if row is not None:
                if row["payload_hash"] == digest:
                    return _result(rid, "duplicate", received_at=row["received_at"])
                return _result(rid, "conflict", "same id with a different payload",
                               received_at=row["received_at"])
            if rtype == "transaction":
                _check_transaction(rid, data, f"records[{index}].data")
            elif rtype == "transaction_reversal":
                _check_reversal(data, f"records[{index}].data")
        except ApiError as exc:
            return _result(rid if isinstance(rid, str) else None, "invalid", exc.detail)
        received = iso_now(self.clock)
        conn.execute("INSERT INTO records (record_id, kiosk_id, type, payload_hash, payload,"
                     " received_at) VALUES (?, ?, ?, ?, ?, ?)",
                     (rid, kiosk_id, rtype, digest, json.dumps(rec, ensure_ascii=False),
                      received))
        if rtype == "transaction":
            _project(conn, kiosk_id, data, received)
        elif rtype == "transaction_reversal":
            conn.execute("INSERT OR IGNORE INTO reversals (transaction_id, kiosk_id, record_id,"
                         " amount, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
                         (data["transaction_id"], kiosk_id, rid, data["amount"],
                          data.get("reason"), data.get("at")))
        if rtype in ("transaction", "transaction_reversal"):
            _apply_reversal(conn, kiosk_id, str(data["transaction_id"]))
        return _result(rid, "stored", received_at=received)


def _result(rid: str | None, status: str, error: str | None = None,
            received_at: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rid, "status": status, "code": CODES[status]}
    if error:
        out["error"] = error
    if received_at:
        out["received_at"] = received_at
    return out


def _check_transaction(rid: str, data: dict[str, Any], path: str) -> None:
    if data.get("transaction_id") != rid:
        raise v.invalid(f"{path}.transaction_id", "must equal the record id")
    for key in ("gross", "fee", "total"):
        v.int_field(data, key, path)
    for key in ("commission", "cash", "card", "voucher", "seq"):
        v.int_field(data, key, path, required=False)
    v.str_field(data, "status", path, choices=TXN_STATUSES)
    v.str_field(data, "method", path, required=False, choices=METHODS)
    for key in ("service", "biller", "account", "currency", "business_date", "created_at",
                "completed_at"):
        v.str_field(data, key, path, required=False)


def _check_reversal(data: dict[str, Any], path: str) -> None:
    v.str_field(data, "transaction_id", path, max_len=128)
    v.int_field(data, "amount", path)
    v.int_field(data, "receipt_no", path, required=False)
    for key in ("reason", "at"):
        v.str_field(data, key, path, required=False, max_len=1024)


def _apply_reversal(conn: Any, kiosk_id: str, transaction_id: str) -> None:
    """Reverse the projected transaction if both it and a reversal of it are here."""
    hit = conn.execute("SELECT 1 FROM reversals WHERE kiosk_id = ? AND transaction_id = ?",
                       (kiosk_id, transaction_id)).fetchone()
    if hit is None:
        return
    done = conn.execute("UPDATE transactions SET status = 'reversed' WHERE transaction_id = ?"
                        " AND kiosk_id = ?", (transaction_id, kiosk_id)).rowcount
    if done:
        conn.execute("UPDATE reversals SET applied = 1 WHERE kiosk_id = ? AND"
                     " transaction_id = ?", (kiosk_id, transaction_id))


def _project(conn: Any, kiosk_id: str, d: dict[str, Any], received: str) -> None:
    completed_ts = parse_iso(d.get("completed_at")) or parse_iso(d.get("created_at"))
    conn.execute(
        "INSERT OR REPLACE INTO transactions (transaction_id, kiosk_id, seq, service, biller,"
        " account, currency, method, gross, fee, commission, total, cash, card, voucher, status,"
        " business_date, created_at, completed_at, completed_ts, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (d["transaction_id"], kiosk_id, d.get("seq"), d.get("service"), d.get("biller"),
         d.get("account"), d.get("currency"), d.get("method"), d["gross"], d["fee"],
         d.get("commission"), d["total"], d.get("cash"), d.get("card"), d.get("voucher"),
         d["status"], d.get("business_date"), d.get("created_at"), d.get("completed_at"),
         completed_ts, received))
