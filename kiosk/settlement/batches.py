"""Settlement batches: what the kiosk took since the last batch, signed and chain-anchored.

A batch closes at the business-day cutover and at every cash collection. Each completed
or credited transaction (counted) and each reversed or failed card payment (listed with
its status, not counted) lands in exactly one batch (``settlement_items`` remembers which),
so nothing is counted twice or dropped even if the clock jumps. The batch carries the
head of the journal's hash chain at closing time: the server, holding the previous
batch's head, can tell that no journal record was rewritten in between. Shape:
contracts section 4; the signature covers the canonical JSON of everything else.

Upload goes through the outbox (endpoint ``/v1/settlements``), so a closed batch reaches
the server even if the kiosk is offline for days. A re-upload asked for by the server
gets a fresh outbox row with the same body; the server is idempotent by batch number.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from typing import Any

from kiosk.errors import KioskError
from kiosk.ledger import queries as ledger_queries
from kiosk.ledger.states import TxnStatus
from kiosk.settlement.keys import SigningKey, verify_signature
from kiosk.settlement.totals import COUNTED, compute_totals, parse_ts
from offline_queue import Store, canonical_json
from offline_queue.records import GENESIS_HASH
from offline_queue.transaction import Transaction
from protocol.wire import iso

NAMESPACE = "settlement"
ENDPOINT = "/v1/settlements"
RECORD_TYPE = "settlement"
#: Card payments whose money was given back (reversed) or is unknown (failed): listed so
#: the server matches them against its own record, never counted in the totals.
LISTED = (TxnStatus.REVERSED, TxnStatus.FAILED)
MIGRATIONS: list[tuple[int, str]] = [
    (1, """
CREATE TABLE settlement_batches (
    batch_no INTEGER PRIMARY KEY,
    reason TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    period_end_ts REAL NOT NULL,
    journal_seq INTEGER NOT NULL,
    chain_head TEXT NOT NULL,
    body TEXT NOT NULL,
    closed_at REAL NOT NULL,
    uploads INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE settlement_items (
    transaction_id TEXT PRIMARY KEY,
    batch_no INTEGER NOT NULL REFERENCES settlement_batches (batch_no)
);
"""),
]


class SettlementError(KioskError):
    """Unknown batch, or a request that cannot be satisfied (nothing was changed)."""


class Settlement:
    """Close, list, verify and (re-)upload batches; ``clock`` is unix seconds."""

    def __init__(self, store: Store, key: SigningKey, *, kiosk_id: str, currency: str,
                 clock: Callable[[], float], cutover: str = "00:00",
                 tz: tzinfo | None = None) -> None:
        ledger_queries.ensure_schema(store)
        store.register_migrations(NAMESPACE, MIGRATIONS)
        self._store = store
        self._key = key
        self.kiosk_id = kiosk_id
        self.currency = currency
        self._clock = clock
        hh, _, mm = cutover.partition(":")
        self._cutover = (int(hh), int(mm))
        self._tz = tz

    # -- closing ----------------------------------------------------------------------
    def close(self, reason: str = "manual", *, period_end: float | None = None
              ) -> dict[str, Any]:
        """Close a batch in a transaction of its own; returns the signed batch."""
        with self._store.atomic() as tx:
            return self.close_in(tx, reason, period_end)

    def close_in(self, tx: Transaction, reason: str, period_end: float | None = None
                 ) -> dict[str, Any]:
        """Close a batch inside the caller's transaction (cash collection uses this)."""
        end_ts = self._clock() if period_end is None else period_end
        last = tx.execute("SELECT batch_no, period_end, chain_head FROM settlement_batches "
                          "ORDER BY batch_no DESC LIMIT 1").fetchone()
        seq, chain_head = tx.chain_head()
        rows = ledger_queries.unsettled(tx, COUNTED + LISTED)
        items = [{"id": r[0], "method": r[2], "service": r[3], "biller": r[4], "gross": r[5],
                  "fee": r[6], "total": r[7], "status": r[8]}
                 for r in rows if parse_ts(r[9] or r[10]) < end_ts]
        ids = json.dumps([i["id"] for i in items if i["status"] in COUNTED])
        notes = ledger_queries.stacked_by_amount(tx, ids)
        issued = ledger_queries.vouchers_issued_by(tx, ids)
        redeemed = ledger_queries.vouchers_redeemed_by(tx, ids)
        if last:
            start = str(last[1])
        else:
            first = tx.first_journal_at()
            start = iso(min(first, end_ts)) if first is not None else iso(end_ts)
        totals = compute_totals(items)
        totals["by_denomination"] = {str(a): n for a, n in sorted(notes)}
        totals["vouchers_issued"] = {"count": issued[0], "amount": issued[1]}
        totals["vouchers_redeemed"] = {"count": redeemed[0], "amount": redeemed[1]}
        batch: dict[str, Any] = {
            "kiosk_id": self.kiosk_id, "batch_no": (int(last[0]) + 1) if last else 1,
            "reason": reason, "period_start": start, "period_end": iso(end_ts),
            "currency": self.currency, "transactions": items, "totals": totals,
            "journal_seq": seq, "chain_head": chain_head,
            "prev_chain_head": str(last[2]) if last else GENESIS_HASH,
            "public_key": self._key.public_key_hex,
        }
        batch["signature"] = self._key.sign(canonical_json(batch))
        no = batch["batch_no"]
        tx.execute("INSERT INTO settlement_batches (batch_no, reason, period_start, period_end,"
                   " period_end_ts, journal_seq, chain_head, body, closed_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (no, reason, start, batch["period_end"], end_ts, seq, chain_head,
                    json.dumps(batch, ensure_ascii=False), self._clock()))
        tx.execute("INSERT INTO settlement_items (transaction_id, batch_no) "
                   "SELECT value, ? FROM json_each(?)",
                   (no, json.dumps([i["id"] for i in items])))
        tx.journal("settlement.closed", {"batch_no": no, "reason": reason,
                                         "journal_seq": seq, "chain_head": chain_head,
                                         "count": totals["count"], "total": totals["total"]})
        tx.enqueue(RECORD_TYPE, str(uuid.uuid5(uuid.NAMESPACE_URL,
                                               f"kiosk:{self.kiosk_id}/settlement/{no}")),
                   batch, endpoint=ENDPOINT)
        return batch

    def due_cutover(self, now: float | None = None) -> float | None:
        """The latest cutover instant not yet covered by a batch, or None.

        Before any batch, the kiosk's first journal record stands for "last closed", so
        a fresh install does not close an empty batch for the day before it existed.
        """
        now = self._clock() if now is None else now
        local = datetime.fromtimestamp(now, self._tz) if self._tz else \
            datetime.fromtimestamp(now).astimezone()
        cut = local.replace(hour=self._cutover[0], minute=self._cutover[1], second=0,
                            microsecond=0)
        if cut > local:
            cut -= timedelta(days=1)
        rows = self._store.query("SELECT MAX(period_end_ts) AS e FROM settlement_batches")
        last_end = rows[0]["e"]
        if last_end is None:
            first = self._store.first_journal_at()
            last_end = now if first is None else first
        return cut.timestamp() if last_end < cut.timestamp() else None

    def close_due(self) -> dict[str, Any] | None:
        """Close the cutover batch if one is due (the scheduler calls this every minute)."""
        cut = self.due_cutover()
        return None if cut is None else self.close("cutover", period_end=cut)

    # -- reading ----------------------------------------------------------------------
    def batches(self) -> list[dict[str, Any]]:
        rows = self._store.query("SELECT batch_no, reason, period_start, period_end, "
                                 "journal_seq, body FROM settlement_batches ORDER BY batch_no")
        out = []
        for r in rows:
            totals = json.loads(r.pop("body"))["totals"]
            out.append({**r, "count": totals["count"], "total": totals["total"]})
        return out

    def get(self, batch_no: int) -> dict[str, Any]:
        rows = self._store.query("SELECT body FROM settlement_batches WHERE batch_no = ?",
                                 (batch_no,))
        if not rows:
            raise SettlementError(f"no settlement batch {batch_no}")
        body: dict[str, Any] = json.loads(rows[0]["body"])
        return body

    def find(self, period_start: str, period_end: str) -> list[int]:
        """Batch numbers whose period overlaps [period_start, period_end)."""
        lo, hi = parse_ts(period_start), parse_ts(period_end)
        return [r["batch_no"] for r in self._store.query(
            "SELECT batch_no, period_start, period_end FROM settlement_batches ORDER BY batch_no")
            if parse_ts(r["period_start"]) < hi and parse_ts(r["period_end"]) > lo]

    # -- verifying and uploading ------------------------------------------------------
    def verify(self, batch_no: int) -> list[str]:
        """Problems found (empty = good): signature, totals, chain anchor, predecessor."""
        batch = self.get(batch_no)
        problems = verify_batch(batch, public_key_hex=self._key.public_key_hex)
        seq, head = batch["journal_seq"], batch["chain_head"]
        if self._store.journal_hash(seq) != head:
            problems.append(f"chain_head does not match journal record {seq}")
        if not self._store.verify_chain():
            problems.append("journal hash chain is broken")
        prev = self.get(batch_no - 1)["chain_head"] if batch_no > 1 else GENESIS_HASH
        if batch["prev_chain_head"] != prev:
            problems.append("prev_chain_head does not match the previous batch")
        return problems

    def request_upload(self, batch_nos: list[int]) -> list[int]:
        """Queue fresh uploads of these batches (server asked again); unknown ones raise."""
        bodies = [self.get(n) for n in batch_nos]
        with self._store.atomic() as tx:
            for body in bodies:
                tx.enqueue(RECORD_TYPE, str(uuid.uuid4()), body, endpoint=ENDPOINT)
                tx.execute("UPDATE settlement_batches SET uploads = uploads + 1 "
                           "WHERE batch_no = ?", (body["batch_no"],))
        return [b["batch_no"] for b in bodies]


def verify_batch(batch: dict[str, Any], *, public_key_hex: str | None = None) -> list[str]:
    """Self-contained checks anyone can run on a batch: signature and recomputed totals."""
    problems: list[str] = []
    if public_key_hex is not None and batch.get("public_key") != public_key_hex:
        problems.append("public_key is not this kiosk's key")
    unsigned = {k: v for k, v in batch.items() if k != "signature"}
    if not verify_signature(str(batch.get("public_key", "")), canonical_json(unsigned),
                            str(batch.get("signature", ""))):
        problems.append("signature does not verify")
    try:
        expected = compute_totals(batch["transactions"])
        for key, value in expected.items():
            if batch["totals"].get(key) != value:
                problems.append(f"totals.{key} does not match the transactions")
    except (KeyError, TypeError) as exc:
        problems.append(f"malformed batch: {exc!r}")
    return problems
