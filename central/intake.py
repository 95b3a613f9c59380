"""Record intake for ``POST /v1/transactions``: each id applied at most once, per kiosk.

Per-item outcome (``code`` is the HTTP status the item would have alone):

=========  ====  ==============================================================
stored     200   first time; record kept, ``transaction`` projected
duplicate  200   same id, same payload: the stored result again
conflict   422   same id, different payload (the first one stands)
invalid    422   malformed record; ``error`` says which field; nothing stored
forbidden  403   record claims another kiosk
=========  ====  ==============================================================

Ids are the kiosk's: the key is ``(kiosk_id, record_id)``, so kiosk A sending B's id
simply stores A's own record and learns nothing of B's. "Is this id new?" is answered by
the insert itself (``ON CONFLICT DO NOTHING``): when two workers race on one id the
database lets one insert and the other sees the stored row, so no lock in this process
is needed for correctness. A whole request is one transaction.

The payload compared is the canonical JSON of ``{type, kiosk_id, data}``; the envelope's
``created_at`` is transport metadata and may differ between retries.

A ``transaction_reversal`` (its own id) turns the kiosk's projected transaction to
``reversed``, whichever of the two arrives first (see docs/protocols.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from central import refusals
from central import validation as v
from central.db import Database, Tx
from central.errors import ApiError
from central.record_types import METHODS, RECORD_TYPES, TXN_STATUSES
from protocol.wire import canonical_json as canonical
from protocol.wire import iso

__all__ = ["CODES", "METHODS", "TXN_STATUSES", "Intake", "canonical", "iso_now"]

MAX_RECORDS = 1000
CODES = {"stored": 200, "duplicate": 200, "conflict": 422, "invalid": 422, "forbidden": 403}


def iso_now(clock: Callable[[], float]) -> str:
    """The clock's now in the wire's timestamp format (``protocol.wire.iso``)."""
    return iso(clock())


def overall_status(results: list[dict[str, Any]]) -> int:
    """200 when all acknowledged, the shared code when all failed alike, else 207."""
    codes = {r["code"] for r in results}
    if codes == {200}:
        return 200
    return codes.pop() if len(codes) == 1 else 207


class Intake:
    def __init__(self, db: Database, clock: Callable[[], float]) -> None:
        self.db = db
        self.clock = clock
        #: ``central.vouchers.ledger.VoucherLedger``: ``voucher`` records are applied to
        #: it (issued vouchers enter the ledger, offline redemptions are checked) before
        #: they are stored; ``create_app`` sets it.
        self.vouchers: Any = None

    def submit(self, kiosk_id: str, body: Any) -> tuple[int, dict[str, Any]]:
        """(HTTP status, reply) for a batch; blocking (run it off the event loop)."""
        records = v.obj(body, "body").get("records")
        if not isinstance(records, list) or not records:
            raise ApiError(422, "invalid_body", 'body must be {"records": [ ...at least one ]}')
        if len(records) > MAX_RECORDS:
            raise ApiError(413, "too_many_records", f"at most {MAX_RECORDS} records per batch")
        checked = [self._check(kiosk_id, i, r) for i, r in enumerate(records)]
        results: list[dict[str, Any]] = []
        with self.db.transaction() as tx:
            received = iso_now(self.clock)
            for item in checked:
                results.append(item["result"] if "result" in item
                               else self._store(tx, kiosk_id, item, received))
        return overall_status(results), {"results": results}

    def _check(self, kiosk_id: str, index: int, record: Any) -> dict[str, Any]:
        """Validation without I/O: the fields to store, or a ready ``result``."""
        path = f"records[{index}]"
        raw_id = record.get("id") if isinstance(record, dict) else None
        shown = raw_id if isinstance(raw_id, str) and v.ID.fullmatch(raw_id) else None
        try:
            rec = v.obj(record, path)
            rid = v.id_field(rec, "id", path)
            rtype = v.code_field(rec, "type", path)
            assert rid is not None and rtype is not None
            data = v.obj(rec.get("data"), f"{path}.data")
            v.plain_json(rec, path)
            claimed = rec.get("kiosk_id", kiosk_id)
            if claimed != kiosk_id:
                return {"id": rid, "result": _result(rid, "forbidden",
                                                     "record is for another kiosk")}
            checker = RECORD_TYPES.get(rtype)
            if checker is None:
                raise v.invalid(f"{path}.type", f"unknown record type (known: "
                                                f"{', '.join(sorted(RECORD_TYPES))})")
            checker(rid, data, f"{path}.data")
        except ApiError as exc:
            return {"id": shown, "result": _result(shown, "invalid", exc.detail)}
        digest = hashlib.sha256(canonical(
            {"type": rtype, "kiosk_id": kiosk_id, "data": data})).hexdigest()
        return {"id": rid, "type": rtype, "data": data, "digest": digest,
                "payload": json.dumps(rec, ensure_ascii=False)}

    def _store(self, tx: Tx, kiosk_id: str, item: dict[str, Any], received: str
               ) -> dict[str, Any]:
        rid, rtype, data = item["id"], item["type"], item["data"]
        if rtype == "voucher" and self.vouchers is not None:
            refused = self._voucher(tx, kiosk_id, rid, data)
            if refused is not None:
                return refused
        fresh = tx.execute(
            "INSERT INTO records (kiosk_id, record_id, type, payload_hash, payload, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kiosk_id, record_id) DO NOTHING",
            (kiosk_id, rid, rtype, item["digest"], item["payload"], received))
        if not fresh:
            row = tx.one("SELECT payload_hash, received_at FROM records WHERE kiosk_id = ?"
                         " AND record_id = ?", (kiosk_id, rid))
            assert row is not None
            if row["payload_hash"] == item["digest"]:
                return _result(rid, "duplicate", received_at=row["received_at"])
            return _result(rid, "conflict", "same id with a different payload",
                           received_at=row["received_at"])
        if rtype == "transaction":
            _project(tx, kiosk_id, data, received)
        elif rtype == "transaction_reversal":
            tx.execute("INSERT INTO reversals (kiosk_id, transaction_id, record_id, amount,"
                       " reason, at) VALUES (?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (kiosk_id, transaction_id) DO NOTHING",
                       (kiosk_id, data["transaction_id"], rid, data["amount"],
                        data.get("reason"), data.get("at")))
        if rtype in ("transaction", "transaction_reversal"):
            _apply_reversal(tx, kiosk_id, str(data["transaction_id"]))
        return _result(rid, "stored", received_at=received)


    def _voucher(self, tx: Tx, kiosk_id: str, rid: str, data: dict[str, Any]
                 ) -> dict[str, Any] | None:
        """Apply a new ``voucher`` record to the ledger; the ``refused`` result when the
        server will not take it (the kiosk parks it, the alarm stays here), else None.

        A record already stored is not applied again (the usual duplicate path follows).
        A refusal stores no record, so the same record can be taken when it comes back.
        """
        from central.vouchers import records as voucher_records
        from central.vouchers.events import VoucherRefused
        if tx.one("SELECT 1 AS x FROM records WHERE kiosk_id = ? AND record_id = ?",
                  (kiosk_id, rid)) is not None:
            return None
        conn = tx.connection()
        try:
            voucher_records.apply(self.vouchers, conn, kiosk_id, data)
        except VoucherRefused as exc:
            return refusals.refused(conn, int(self.clock()), kiosk_id, rid, "voucher",
                                    exc.error, exc.detail)
        refusals.accepted(conn, int(self.clock()), kiosk_id, rid)
        return None


def _result(rid: str | None, status: str, error: str | None = None,
            received_at: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rid, "status": status, "code": CODES[status]}
    if error:
        out["error"] = error
    if received_at:
        out["received_at"] = received_at
    return out


def _apply_reversal(tx: Tx, kiosk_id: str, transaction_id: str) -> None:
    """Reverse the projected transaction if both it and a reversal of it are here."""
    if tx.one("SELECT 1 AS x FROM reversals WHERE kiosk_id = ? AND transaction_id = ?",
              (kiosk_id, transaction_id)) is None:
        return
    if tx.execute("UPDATE transactions SET status = 'reversed' WHERE kiosk_id = ? AND"
                  " transaction_id = ?", (kiosk_id, transaction_id)):
        tx.execute("UPDATE reversals SET applied = 1 WHERE kiosk_id = ? AND"
                   " transaction_id = ?", (kiosk_id, transaction_id))


def _project(tx: Tx, kiosk_id: str, d: dict[str, Any], received: str) -> None:
    """The ``transactions`` row; the record id is new, so the row is too."""
    completed_ts = v.parse_time(d.get("completed_at")) or v.parse_time(d.get("created_at"))
    tx.execute(
        "INSERT INTO transactions (kiosk_id, transaction_id, seq, service, biller, account,"
        " currency, method, gross, fee, commission, total, cash, card, voucher, status,"
        " business_date, created_at, completed_at, completed_ts, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (kiosk_id, transaction_id) DO NOTHING",
        (kiosk_id, d["transaction_id"], d.get("seq"), d.get("service"), d.get("biller"),
         d.get("account"), d.get("currency"), d.get("method"), d["gross"], d["fee"],
         d.get("commission"), d["total"], d.get("cash"), d.get("card"), d.get("voucher"),
         d["status"], d.get("business_date"), d.get("created_at"), d.get("completed_at"),
         completed_ts, received))
