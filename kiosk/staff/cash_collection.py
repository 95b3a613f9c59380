"""Cash collection: what the cassette should hold, what the collector counted, the gap.

Expected contents are the notes the journal says were stacked since the last collection
(every ``kiosk_notes`` row in state ``stacked`` not yet assigned to a collection), so the
count cannot drift: a note is collected exactly once. ``unresolved`` notes (power loss
between escrow and stack) are listed apart: they may or may not be in the cassette and
the count settles it. So are notes whose state was settled by a rule rather than seen,
flagged on their row (``kiosk_notes.flag``, e.g. recorded returned because the device sat
idle after a crash): ``to_check`` lists both with the reason, each in one collection
only. A difference is recorded as it is, never adjusted away.

One transaction holds the collection row, the note assignment ("cassette counters
reset"), the settlement batch closed for it, the journal record, the ``cash_collection``
outbox record and the audit line. The report is printed after the commit; a printer
problem never undoes a collection (the report stays available on screen).
"""

from __future__ import annotations

import json
import textwrap
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from devices.printer import PrintResult, ReceiptDocument, ReceiptPrinter
from kiosk.errors import KioskError, ValidationError
from kiosk.ledger.audit import Auditor
from kiosk.ledger.ledger import count_open
from kiosk.ledger.states import NoteState
from kiosk.rules.money import Money
from kiosk.settlement.batches import Settlement
from kiosk.staff.users import User
from offline_queue import Store
from offline_queue.transaction import Transaction
from protocol.wire import iso

NAMESPACE = "cash_collection"
MIGRATIONS: list[tuple[int, str]] = [
    (1, """
CREATE TABLE cash_collections (
    collection_id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    collector TEXT NOT NULL,
    expected TEXT NOT NULL,
    counted TEXT NOT NULL,
    expected_total INTEGER NOT NULL,
    counted_total INTEGER NOT NULL,
    difference INTEGER NOT NULL,
    batch_no INTEGER NOT NULL
);
CREATE TABLE cash_collection_notes (
    note_id INTEGER PRIMARY KEY,
    collection_id TEXT NOT NULL REFERENCES cash_collections (collection_id)
);
"""),
]


class CollectionError(KioskError):
    """The collection could not be recorded now (nothing was changed); say why."""


@dataclass(frozen=True)
class CollectionResult:
    record: dict[str, Any]  # the synced ``cash_collection`` payload (contracts section 3)
    report: ReceiptDocument
    printed: PrintResult | None
    unresolved: dict[str, int] = field(default_factory=dict)
    #: notes to look at during the count: unresolved and flagged ones, with the reason
    to_check: list[dict[str, Any]] = field(default_factory=list)


class CashCollection:
    def __init__(self, store: Store, settlement: Settlement, auditor: Auditor, *,
                 clock: Callable[[], float], kiosk_id: str, location: str = "",
                 currency: str = "CNY", printer: ReceiptPrinter | None = None) -> None:
        store.register_migrations(NAMESPACE, MIGRATIONS)
        self._store = store
        self._settlement = settlement
        self._audit = auditor
        self._clock = clock
        self.kiosk_id = kiosk_id
        self.location = location
        self.currency = currency
        self.printer = printer

    def expected(self) -> dict[str, int]:
        """Notes per denomination (minor units as string keys) now in the cassette."""
        return {str(a): n for a, n in self._notes(None, NoteState.STACKED)}

    def unresolved(self) -> dict[str, int]:
        return {str(a): n for a, n in self._notes(None, NoteState.UNRESOLVED)}

    def to_check(self) -> list[dict[str, Any]]:
        """Notes since the last collection the count should look at, with the reason."""
        return self._to_check(None)

    def collect(self, collector: User, counted: Mapping[Any, int]) -> CollectionResult:
        """Record a collection with the counted notes; closes a settlement batch."""
        clean = _clean_counts(counted)
        collection_id = str(uuid.uuid4())
        with self._store.atomic() as tx:
            busy = count_open(tx)
            if busy:
                raise CollectionError(f"{busy} customer transaction(s) still open; "
                                      "finish or recover them before collecting")
            expected = {str(a): n for a, n in self._notes(tx, NoteState.STACKED)}
            unresolved = {str(a): n for a, n in self._notes(tx, NoteState.UNRESOLVED)}
            to_check = self._to_check(tx)
            batch = self._settlement.close_in(tx, "collection")
            expected_total = sum(int(d) * n for d, n in expected.items())
            counted_total = sum(int(d) * n for d, n in clean.items())
            record = {"collection_id": collection_id, "expected": expected, "counted": clean,
                      "expected_total": expected_total, "counted_total": counted_total,
                      "difference": counted_total - expected_total,
                      "collector": collector.name, "at": iso(self._clock()),
                      "batch_no": batch["batch_no"]}
            tx.execute("INSERT INTO cash_collections (collection_id, at, collector, expected,"
                       " counted, expected_total, counted_total, difference, batch_no)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (collection_id, record["at"], collector.name, json.dumps(expected),
                        json.dumps(clean), expected_total, counted_total,
                        record["difference"], batch["batch_no"]))
            tx.execute(
                "INSERT INTO cash_collection_notes (note_id, collection_id) SELECT id, ? FROM"
                " kiosk_notes n WHERE (state IN ('stacked', 'unresolved') OR flag IS NOT NULL)"
                " AND NOT EXISTS"
                " (SELECT 1 FROM cash_collection_notes c WHERE c.note_id = n.id)",
                (collection_id,))
            tx.journal("cash_collection", record)
            tx.enqueue("cash_collection", collection_id, record)
            self._audit.record_in(tx, collector.name, collector.role.value, "cash.collect",
                                  {"collection_id": collection_id,
                                   "difference": record["difference"],
                                   "batch_no": batch["batch_no"]})
        report = self.report(record, unresolved, to_check)
        printed = self.printer.print_receipt(report) if self.printer else None
        return CollectionResult(record, report, printed, unresolved, to_check)

    def history(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = self._store.query("SELECT * FROM cash_collections ORDER BY at DESC LIMIT ?",
                                 (limit,))
        return [{**r, "expected": json.loads(r["expected"]), "counted": json.loads(r["counted"])}
                for r in rows]

    def report(self, record: Mapping[str, Any], unresolved: Mapping[str, int] | None = None,
               to_check: list[dict[str, Any]] | None = None) -> ReceiptDocument:
        """The printed collection report: per denomination expected/counted/difference."""
        def m(minor: int) -> str:
            return Money(int(minor), self.currency).format("en")

        lines = [f"Kiosk {self.kiosk_id}  {self.location}".rstrip(),
                 f"Time      {record['at']}", f"Collector {record['collector']}",
                 f"Batch     {record['batch_no']}", "-" * 32,
                 f"{'Note':>10} {'Expect':>6} {'Count':>6} {'Diff':>6}"]
        expected, counted = record["expected"], record["counted"]
        for d in sorted({*expected, *counted}, key=int, reverse=True):
            e, c = int(expected.get(d, 0)), int(counted.get(d, 0))
            lines.append(f"{m(int(d)):>10} {e:>6} {c:>6} {c - e:>+6}")
        lines += ["-" * 32, f"Expected  {m(record['expected_total'])}",
                  f"Counted   {m(record['counted_total'])}",
                  f"Difference {m(record['difference'])}"]
        if record["difference"]:
            lines.append("DIFFERENCE RECORDED - report to back office")
        for d, n in sorted((unresolved or {}).items(), key=lambda kv: int(kv[0])):
            lines.append(f"Unresolved note {m(int(d))} x{n}")
        for note in to_check or []:
            if note["state"] == NoteState.UNRESOLVED:
                continue  # counted above
            lines.append(f"Check note {m(note['amount'])} ({note['state']})")
            lines += textwrap.wrap(str(note["reason"]), 32, initial_indent="  ",
                                   subsequent_indent="  ")
        return ReceiptDocument(lines=tuple(lines), title="CASH COLLECTION",
                               qr_payload=f"collection:{record['collection_id']}")

    def _to_check(self, tx: Transaction | None) -> list[dict[str, Any]]:
        if tx is None:
            return [_check_row(r) for r in self._store.query(_TO_CHECK)]
        cur = tx.execute(_TO_CHECK)
        names = [d[0] for d in cur.description]
        return [_check_row(dict(zip(names, r, strict=True))) for r in cur.fetchall()]

    def _notes(self, tx: Transaction | None, state: NoteState) -> list[tuple[int, int]]:
        sql = ("SELECT amount, COUNT(*) AS n FROM kiosk_notes n WHERE state = ? AND NOT EXISTS"
               " (SELECT 1 FROM cash_collection_notes c WHERE c.note_id = n.id)"
               " GROUP BY amount ORDER BY amount")
        if tx is not None:
            return [(int(a), int(n)) for a, n in tx.execute(sql, (state,)).fetchall()]
        return [(int(r["amount"]), int(r["n"])) for r in self._store.query(sql, (state,))]


_TO_CHECK = ("SELECT id, transaction_id, amount, state, flag FROM kiosk_notes n WHERE"
             " (state = 'unresolved' OR flag IS NOT NULL) AND NOT EXISTS"
             " (SELECT 1 FROM cash_collection_notes c WHERE c.note_id = n.id) ORDER BY id")
UNRESOLVED_REASON = "unresolved: no device report; may or may not be in the cassette"


def _check_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"note_id": int(row["id"]), "transaction_id": str(row["transaction_id"]),
            "amount": int(row["amount"]), "state": str(row["state"]),
            "reason": str(row["flag"] or UNRESOLVED_REASON)}


def _clean_counts(counted: Mapping[Any, int]) -> dict[str, int]:
    """Validated counts: positive integer denominations, non-negative integer counts."""
    clean: dict[str, int] = {}
    for denom, n in counted.items():
        text = str(denom).strip()
        if not text.isdigit() or int(text) <= 0:
            raise ValidationError(f"denomination must be a positive amount in minor units: "
                                  f"{denom!r}")
        if type(n) is not int or n < 0:
            raise ValidationError(f"count for {text} must be a whole number >= 0, got {n!r}")
        if n:
            clean[str(int(text))] = clean.get(str(int(text)), 0) + n
    return clean
