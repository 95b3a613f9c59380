"""Settlement batch intake (contracts section 4): verify, chain, reconcile, store.

Checks in order: shape and types (422), kiosk matches the authenticated one (403),
registered Ed25519 key matches and signs the canonical JSON (403 / 422), idempotency by
(kiosk_id, batch_no) (same payload -> stored result, other payload -> 422), gap-free
batch numbers (a gap is 409 so an in-order uploader simply retries once the earlier
batch is in), and ``prev_chain_head`` equal to the previous batch's ``chain_head`` (422).

Check, reconcile and insert are one transaction that first locks the kiosk's row
(``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite has one writer): two workers receiving
uploads of one kiosk at once take turns, and the key on (kiosk_id, batch_no) would refuse
a second insert anyway.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from central import validation as v
from central.db import Database, Tx, dumps
from central.errors import ApiError
from central.intake import canonical, iso_now
from central.reconcile import reconcile

GENESIS = "0" * 64
REASONS = frozenset({"cutover", "collection", "manual"})
MAX_ITEMS = 20_000


def check_shape(batch: Any) -> dict[str, Any]:
    b = v.obj(batch, "settlement")
    v.plain_json(b, "settlement", floats=False)
    v.id_field(b, "kiosk_id", "settlement")
    v.int_field(b, "batch_no", "settlement", minimum=1, maximum=2**53)
    v.code_field(b, "reason", "settlement", choices=REASONS)
    for key in ("period_start", "period_end"):
        v.time_field(b, key, "settlement")
    v.currency_field(b, "currency", "settlement")
    v.int_field(b, "journal_seq", "settlement", maximum=2**53)
    v.hex_field(b, "chain_head", "settlement", 32)
    v.hex_field(b, "prev_chain_head", "settlement", 32)
    v.hex_field(b, "public_key", "settlement", 32)
    v.hex_field(b, "signature", "settlement", 64)
    v.obj(b.get("totals"), "settlement.totals")
    items = b.get("transactions")
    if not isinstance(items, list) or len(items) > MAX_ITEMS:
        raise v.invalid("settlement.transactions", f"must be a list of at most {MAX_ITEMS}")
    for i, it in enumerate(items):
        path = f"settlement.transactions[{i}]"
        v.obj(it, path)
        v.id_field(it, "id", path)
        for key in ("gross", "fee", "total"):
            v.money(it, key, path)
        for key in ("cash", "card", "voucher", "commission"):
            v.money(it, key, path, required=False)
        v.code_field(it, "status", path)
        for key in ("method", "service", "biller"):
            v.code_field(it, key, path, required=False)
        v.time_field(it, "completed_at", path, required=False)
    return b


class Settlements:
    def __init__(self, db: Database, clock: Callable[[], float]) -> None:
        self.db = db
        self.clock = clock

    def submit(self, kiosk_id: str, batch: Any) -> dict[str, Any]:
        """The stored result (``status`` stored or duplicate, plus the report); blocking."""
        b = check_shape(batch)
        if b["kiosk_id"] != kiosk_id:
            raise ApiError(403, "wrong_kiosk", "the batch is for another kiosk")
        with self.db.transaction() as tx:
            key = tx.one(f"SELECT public_key_hex FROM kiosks WHERE kiosk_id = ?"
                         f"{self.db.for_update}", (kiosk_id,))
            _verify_signature(key["public_key_hex"] if key else None, b)
            return self._store(tx, kiosk_id, b)

    def _store(self, tx: Tx, kiosk_id: str, b: dict[str, Any]) -> dict[str, Any]:
        digest = hashlib.sha256(canonical(b)).hexdigest()
        row = tx.one("SELECT payload_hash, result FROM settlements WHERE kiosk_id = ?"
                     " AND batch_no = ?", (kiosk_id, b["batch_no"]))
        if row is not None:
            if row["payload_hash"] != digest:
                raise ApiError(422, "conflict", f"batch {b['batch_no']} was already "
                                                "uploaded with different content")
            return {**json.loads(row["result"]), "status": "duplicate"}
        last = tx.one("SELECT batch_no, chain_head FROM settlements WHERE kiosk_id = ?"
                      " ORDER BY batch_no DESC LIMIT 1", (kiosk_id,))
        expected_no = (last["batch_no"] if last else 0) + 1
        if b["batch_no"] != expected_no:
            raise ApiError(409, "batch_gap", f"expected batch {expected_no}, "
                                             f"got {b['batch_no']}", expected=expected_no)
        prev_head = last["chain_head"] if last else GENESIS
        if b["prev_chain_head"].lower() != prev_head:
            raise ApiError(422, "chain_break", "prev_chain_head does not match the chain "
                                               f"head of batch {expected_no - 1}")
        report = reconcile(tx, b)
        result = {"status": "stored", "kiosk_id": kiosk_id, "batch_no": b["batch_no"],
                  "received_at": iso_now(self.clock), "report": report}
        tx.execute("INSERT INTO settlements (kiosk_id, batch_no, payload_hash, payload,"
                   " chain_head, period_start_ts, period_end_ts, received_at, result)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (kiosk_id, b["batch_no"], digest, dumps(b), b["chain_head"].lower(),
                    v.parse_time(b["period_start"]), v.parse_time(b["period_end"]),
                    result["received_at"], dumps(result)))
        for tid in dict.fromkeys(str(it["id"]) for it in b["transactions"]):
            tx.execute("INSERT INTO settlement_items (kiosk_id, transaction_id, batch_no)"
                       " VALUES (?, ?, ?) ON CONFLICT (kiosk_id, transaction_id) DO NOTHING",
                       (kiosk_id, tid, b["batch_no"]))
        tx.execute("INSERT INTO reconciliations (kiosk_id, batch_no, created_at, report)"
                   " VALUES (?, ?, ?, ?)", (kiosk_id, b["batch_no"], self.clock(),
                                            dumps(report)))
        return result


def _verify_signature(registered: str | None, b: dict[str, Any]) -> None:
    if not registered:
        raise ApiError(403, "no_public_key", "no settlement key registered for this kiosk")
    if b["public_key"].lower() != registered.lower():
        raise ApiError(403, "public_key_mismatch", "batch signed with an unregistered key")
    unsigned = {k: val for k, val in b.items() if k != "signature"}
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(registered)).verify(
            bytes.fromhex(b["signature"]), canonical(unsigned))
    except (InvalidSignature, ValueError):
        raise ApiError(422, "bad_signature", "Ed25519 signature does not verify") from None
