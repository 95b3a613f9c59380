"""Settlement batch intake (contracts section 4): verify, chain, reconcile, store.

Checks in order: shape and types (422), kiosk matches the authenticated one (403),
registered Ed25519 key matches and signs the canonical JSON (403 / 422), idempotency by
(kiosk_id, batch_no) (same payload -> stored result, other payload -> 422), gap-free
batch numbers (a gap is 409 so an in-order uploader simply retries once the earlier
batch is in), and ``prev_chain_head`` equal to the previous batch's ``chain_head`` (422).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from central import validation as v
from central.db import CentralDB, dumps
from central.errors import ApiError
from central.intake import canonical, iso_now, parse_iso
from central.reconcile import reconcile

GENESIS = "0" * 64
REASONS = {"cutover", "collection", "manual"}


def check_shape(batch: Any) -> dict[str, Any]:
    b = v.obj(batch, "settlement")
    v.str_field(b, "kiosk_id", "settlement", max_len=64)
    v.int_field(b, "batch_no", "settlement", minimum=1)
    v.str_field(b, "reason", "settlement", choices=REASONS)
    for key in ("period_start", "period_end"):
        v.str_field(b, key, "settlement")
        if parse_iso(b[key]) is None:
            raise v.invalid(f"settlement.{key}", "must be an ISO 8601 timestamp")
    v.str_field(b, "currency", "settlement", max_len=3)
    v.int_field(b, "journal_seq", "settlement")
    v.hex_field(b, "chain_head", "settlement", 32)
    v.hex_field(b, "prev_chain_head", "settlement", 32)
    v.hex_field(b, "public_key", "settlement", 32)
    v.hex_field(b, "signature", "settlement", 64)
    v.obj(b.get("totals"), "settlement.totals")
    items = b.get("transactions")
    if not isinstance(items, list):
        raise v.invalid("settlement.transactions", "must be a list")
    for i, it in enumerate(items):
        path = f"settlement.transactions[{i}]"
        v.obj(it, path)
        v.str_field(it, "id", path, max_len=128)
        for key in ("gross", "fee", "total"):
            v.int_field(it, key, path)
        v.str_field(it, "status", path)
    return b


class Settlements:
    def __init__(self, db: CentralDB, clock: Callable[[], float]) -> None:
        self.db = db
        self.clock = clock

    def submit(self, kiosk_id: str, batch: Any) -> dict[str, Any]:
        """The stored result (``status`` stored or duplicate, plus the report)."""
        b = check_shape(batch)
        if b["kiosk_id"] != kiosk_id:
            raise ApiError(403, "wrong_kiosk", f"batch is for {b['kiosk_id']!r}, "
                                               f"authenticated as {kiosk_id!r}")
        self._verify_signature(kiosk_id, b)
        with self.db.lock:  # one upload at a time: check, reconcile and insert as a unit
            return self._store(kiosk_id, b)

    def _store(self, kiosk_id: str, b: dict[str, Any]) -> dict[str, Any]:
        digest = hashlib.sha256(canonical(b)).hexdigest()
        with self.db.tx() as conn:
            row = conn.execute("SELECT payload_hash, result FROM settlements WHERE kiosk_id = ?"
                               " AND batch_no = ?", (kiosk_id, b["batch_no"])).fetchone()
            if row is not None:
                if row["payload_hash"] != digest:
                    raise ApiError(422, "conflict", f"batch {b['batch_no']} was already "
                                                    "uploaded with different content")
                return {**json.loads(row["result"]), "status": "duplicate"}
            last = conn.execute("SELECT batch_no, chain_head FROM settlements WHERE kiosk_id = ?"
                                " ORDER BY batch_no DESC LIMIT 1", (kiosk_id,)).fetchone()
            expected_no = (last["batch_no"] if last else 0) + 1
            if b["batch_no"] != expected_no:
                raise ApiError(409, "batch_gap", f"expected batch {expected_no}, "
                                                 f"got {b['batch_no']}", expected=expected_no)
            prev_head = last["chain_head"] if last else GENESIS
            if b["prev_chain_head"].lower() != prev_head:
                raise ApiError(422, "chain_break", "prev_chain_head does not match the chain "
                                                   f"head of batch {expected_no - 1}")
        report = reconcile(self.db, b)
        result = {"status": "stored", "kiosk_id": kiosk_id, "batch_no": b["batch_no"],
                  "received_at": iso_now(self.clock), "report": report}
        with self.db.tx() as conn:
            conn.execute("INSERT INTO settlements (kiosk_id, batch_no, payload_hash, payload,"
                         " chain_head, received_at, result) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (kiosk_id, b["batch_no"], digest, dumps(b), b["chain_head"].lower(),
                          result["received_at"], dumps(result)))
            conn.execute("INSERT INTO reconciliations (kiosk_id, batch_no, created_at, report)"
                         " VALUES (?, ?, ?, ?)", (kiosk_id, b["batch_no"], self.clock(),
                                                  dumps(report)))
        return result

    def _verify_signature(self, kiosk_id: str, b: dict[str, Any]) -> None:
        rows = self.db.query("SELECT public_key_hex FROM kiosks WHERE kiosk_id = ?", (kiosk_id,))
        registered = rows[0]["public_key_hex"] if rows else None
        if not registered:
            raise ApiError(403, "no_public_key", f"no settlement key registered for {kiosk_id}")
        if b["public_key"].lower() != registered.lower():
            raise ApiError(403, "public_key_mismatch", "batch signed with an unregistered key")
        unsigned = {k: val for k, val in b.items() if k != "signature"}
        try:
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(registered)).verify(
                bytes.fromhex(b["signature"]), canonical(unsigned))
        except (InvalidSignature, ValueError):
            raise ApiError(422, "bad_signature", "Ed25519 signature does not verify") from None
