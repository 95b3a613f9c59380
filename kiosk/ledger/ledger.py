"""The transaction ledger: every money fact about a customer transaction, durably.

Each method is one ``store.atomic()``: the kiosk table rows, a hash-chained journal
record and, for status changes, the outbox records for the server, committed together
before the method returns (money rule 2). The ledger, not the session object, is the
source of truth: ``finalize`` decides the outcome from the rows alone, so a live session
and crash recovery reach the same result for the same facts.

Outcome rules (``finalize``), with ``paid = cash stacked + vouchers redeemed``:
- nothing paid: ``cancelled``;
- open amount, or paid >= due, or the service takes partial payment (top-up): ``completed``
  for what was taken (the excess above due becomes a voucher unless the biller accepts
  overpayment); if the taken amount does not cover the fee: ``credited``;
- otherwise ``credited``: a voucher for everything paid. Cash is never handed back.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from devices.card_terminal import mask_pan
from kiosk.errors import SessionError, ValidationError
from kiosk.ledger import tenders
from kiosk.ledger.final import Outcome, decide, final_record, reversal_record
from kiosk.ledger.schema import MIGRATIONS, NAMESPACE
from kiosk.ledger.states import FINAL, JournalKind, NoteState, TenderState, TxnStatus, VoucherStatus
from kiosk.rules.fees import FeeRule
from kiosk.rules.limits import Backlog
from kiosk.rules.vouchers import mac_ok, new_code, normalize_code, voucher_key
from offline_queue import Store
from offline_queue.transaction import Transaction
from protocol.wire import iso

#: Shown at the cash count next to a note stacked with no row expecting it.
ORPHAN_FLAG = "stacked with no note pending: credited as a voucher of its own"


@dataclass(frozen=True)
class TxnSpec:
    service: str  # "topup" | "bill"
    account: str
    currency: str
    fee_rule: FeeRule
    biller: str | None = None
    due: int | None = None  # total due (gross + fee); None = open amount
    partial_ok: bool = False
    overpay_ok: bool = False
    offline: bool = False
    method: str = "cash"


def count_open(tx: Transaction) -> int:
    """How many transactions are not final yet, inside the caller's transaction."""
    marks = ",".join("?" * len(FINAL))
    row = tx.execute(f"SELECT COUNT(*) FROM kiosk_transactions WHERE status NOT IN ({marks})",
                     FINAL).fetchone()
    return int(row[0])


class _DryRun(Exception):
    """Carries a computed outcome out of a rolled-back atomic(); never escapes finalize()."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__("dry run")
        self.outcome = outcome


class Ledger:
    def __init__(self, store: Store, *, kiosk_id: str, clock: Callable[[], float] = time.time,
                 rng: random.Random | None = None,
                 new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
                 voucher_key: bytes | None = None) -> None:
        self.store = store
        #: MACs this kiosk's voucher codes (``kiosk.rules.vouchers``); tests without a
        #: server secret get the key of an empty secret.
        self.voucher_key = voucher_key if voucher_key is not None else _default_key()
        self.kiosk_id = kiosk_id
        self._clock = clock
        self._rng = rng or random.SystemRandom()
        self._new_id = new_id
        store.register_migrations(NAMESPACE, MIGRATIONS)

    def now(self) -> float:
        """The ledger's wall clock (timestamps in records)."""
        return self._clock()

    # -- helpers --------------------------------------------------------------------
    def _row(self, tx: Transaction, txn_id: str) -> dict[str, Any]:
        cur = tx.execute("SELECT * FROM kiosk_transactions WHERE id = ?", (txn_id,))
        row = cur.fetchone()
        if row is None:
            raise SessionError(f"unknown transaction {txn_id}")
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def _status(self, tx: Transaction, txn_id: str, status: TxnStatus, detail: str) -> None:
        at = iso(self._clock())
        seq = tx.journal(JournalKind.TXN_STATUS, {"transaction_id": txn_id, "status": status,
                                        "detail": detail})
        tx.execute("INSERT INTO kiosk_status_history (transaction_id, status, at, detail,"
                   " journal_seq) VALUES (?, ?, ?, ?, ?)", (txn_id, status, at, detail, seq))
        tx.enqueue("transaction_status", self._new_id(),
                   {"transaction_id": txn_id, "status": status, "at": at, "detail": detail})

    def row(self, txn_id: str) -> dict[str, Any]:
        rows = self.store.query("SELECT * FROM kiosk_transactions WHERE id = ?", (txn_id,))
        if not rows:
            raise SessionError(f"unknown transaction {txn_id}")
        return rows[0]

    def paid(self, txn_id: str) -> tuple[int, int, int]:
        """(cash stacked, vouchers redeemed, card confirmed) in minor units."""
        cash = self.store.query("SELECT COALESCE(SUM(amount), 0) AS s FROM kiosk_notes "
                                "WHERE transaction_id = ? AND state = 'stacked'", (txn_id,))
        vin = self.store.query("SELECT COALESCE(SUM(amount), 0) AS s FROM kiosk_vouchers "
                               "WHERE redeemed_by = ?", (txn_id,))
        held = self.store.query("SELECT COALESCE(SUM(amount), 0) AS s FROM"
                                " kiosk_voucher_tenders WHERE transaction_id = ? AND state IN"
                                " ('held', 'redeemed')", (txn_id,))
        return (int(cash[0]["s"]), int(vin[0]["s"]) + int(held[0]["s"]),
                int(self.row(txn_id)["card"]))

    # -- opening and intermediate facts --------------------------------------------
    def open(self, spec: TxnSpec) -> tuple[str, int]:
        """Create the transaction with the next gap-free seq; returns (id, seq)."""
        with self.store.atomic() as tx:
            return self._open_in(tx, spec)

    def _open_in(self, tx: Transaction, spec: TxnSpec,
                 origin: str | None = None) -> tuple[str, int]:
        txn_id = self._new_id()
        now = self._clock()
        seq = int(tx.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM kiosk_transactions")
                  .fetchone()[0])
        tx.execute(
            "INSERT INTO kiosk_transactions (id, seq, service, biller, account, currency, due,"
            " partial_ok, overpay_ok, fee_rule, offline, method, status, created_at,"
            " business_date, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)",
            (txn_id, seq, spec.service, spec.biller, spec.account, spec.currency, spec.due,
             int(spec.partial_ok), int(spec.overpay_ok), json.dumps(spec.fee_rule.to_json()),
             int(spec.offline), spec.method, iso(now),
             datetime.fromtimestamp(now).date().isoformat(), origin))
        entry: dict[str, Any] = {"transaction_id": txn_id, "seq": seq, "service": spec.service,
                                 "biller": spec.biller, "account": spec.account,
                                 "due": spec.due, "offline": spec.offline}
        if origin:
            entry["origin"] = origin
        tx.journal(JournalKind.TXN_OPEN, entry)
        self._status(tx, txn_id, TxnStatus.OPEN, "")
        return txn_id, seq

    def set_status(self, txn_id: str, status: TxnStatus, detail: str = "", *,
                   card: int | None = None, card_info: dict[str, Any] | None = None,
                   method: str | None = None, qr: int | None = None,
                   qr_info: dict[str, Any] | None = None) -> None:
        """An intermediate status (card_pending, card_approved, reversing, qr_pending,
        qr_paid...) with its facts; ``qr`` only ever from the server's confirmed success."""
        if status in FINAL:
            raise SessionError("final statuses are written by finalize()")
        with self.store.atomic() as tx:
            row = self._row(tx, txn_id)
            if row["status"] in FINAL:
                raise SessionError(f"transaction {txn_id} is already {row['status']}")
            sets: list[str] = ["status = ?"]
            params: list[Any] = [status]
            if card is not None:
                sets.append("card = ?")
                params.append(card)
            if card_info is not None:
                info = dict(card_info, masked_pan=mask_pan(str(card_info.get("masked_pan", ""))))
                sets.append("card_info = ?")
                params.append(json.dumps(info, sort_keys=True))
            if method is not None:
                sets.append("method = ?")
                params.append(method)
            if qr is not None:
                sets.append("qr = ?")
                params.append(qr)
            if qr_info is not None:
                sets.append("qr_info = ?")
                params.append(json.dumps(qr_info, sort_keys=True, ensure_ascii=False))
            tx.execute(f"UPDATE kiosk_transactions SET {', '.join(sets)} WHERE id = ?",
                       [*params, txn_id])
            self._status(tx, txn_id, status, detail)

    def record_escrow(self, txn_id: str, amount: int) -> int:
        """The note is held and about to be stacked: bound to the transaction before STACK."""
        with self.store.atomic() as tx:
            cur = tx.execute("INSERT INTO kiosk_notes (transaction_id, amount, state, escrowed_at)"
                             " VALUES (?, ?, 'escrowed', ?)", (txn_id, amount, iso(self._clock())))
            note_id = int(cur.lastrowid or 0)
            tx.journal(JournalKind.NOTE_ESCROWED, {"transaction_id": txn_id, "note_id": note_id,
                                         "amount": amount})
        return note_id

    def record_note(self, txn_id: str, amount: int, state: str, *, via: str = "",
                    flag: str | None = None) -> int:
        """Resolve the oldest open note of ``amount`` to stacked, returned or unresolved.

        A stacked note with no escrow record (device skipped escrow) is still credited:
        the stack event is the device's word and every note is bound to a record.
        ``flag`` (why the cash count should look at it) is kept on the row for collection.
        """
        with self.store.atomic() as tx:
            hit = tx.execute("SELECT id FROM kiosk_notes WHERE transaction_id = ? AND amount = ?"
                             " AND state IN ('escrowed', 'unresolved') ORDER BY id LIMIT 1",
                             (txn_id, amount)).fetchone()
            now = iso(self._clock())
            if hit is not None:
                note_id = int(hit[0])
                tx.execute("UPDATE kiosk_notes SET state = ?, resolved_at = ?, flag = ?"
                           " WHERE id = ?", (state, now, flag, note_id))
            elif state == NoteState.STACKED:
                cur = tx.execute("INSERT INTO kiosk_notes (transaction_id, amount, state,"
                                 " resolved_at, flag) VALUES (?, ?, 'stacked', ?, ?)",
                                 (txn_id, amount, now, flag))
                note_id = int(cur.lastrowid or 0)
            else:
                return 0
            entry: dict[str, Any] = {"transaction_id": txn_id, "note_id": note_id,
                                     "amount": amount, "via": via}
            if flag:
                entry["flag"] = flag
            tx.journal(JournalKind.note(state), entry)
        return note_id

    def record_stack(self, note_id: int) -> None:
        """The kiosk is about to answer STACK for this escrowed note: journaled first.

        Its own commit after the escrow row, so a crash between the two (the ``escrow``
        kill point) leaves a note never told to stack, which a device idle after the
        restart has returned on its escrow timer; with ``stack_at`` set, the note may
        still be stacking, and recovery keeps it pending (``recover``). Idempotent.
        """
        with self.store.atomic() as tx:
            hit = tx.execute("SELECT transaction_id, amount FROM kiosk_notes WHERE id = ? AND"
                             " state = 'escrowed' AND stack_at IS NULL", (note_id,)).fetchone()
            if hit is None:
                return
            tx.execute("UPDATE kiosk_notes SET stack_at = ? WHERE id = ?",
                       (iso(self._clock()), note_id))
            tx.journal(JournalKind.NOTE_STACK, {"transaction_id": hit[0], "note_id": note_id,
                                                "amount": int(hit[1])})

    def oldest_escrowed(self, txn_id: str) -> tuple[int, int] | None:
        """(note id, amount) of the oldest escrowed note of ``txn_id``, or None."""
        rows = self.store.query("SELECT id, amount FROM kiosk_notes WHERE transaction_id = ? AND"
                                " state = 'escrowed' ORDER BY id LIMIT 1", (txn_id,))
        return (int(rows[0]["id"]), int(rows[0]["amount"])) if rows else None

    def escrowed_notes(self, txn_id: str) -> list[dict[str, Any]]:
        return self.store.query("SELECT * FROM kiosk_notes WHERE transaction_id = ? AND state IN"
                                " ('escrowed', 'unresolved') ORDER BY id", (txn_id,))

    def open_escrowed_note(self, amount: int) -> str | None:
        """The open transaction whose oldest escrowed note is ``amount`` (0: any amount).

        Why across transactions: after a restart no session knows the note the validator
        still reports; the row written before STACK is the only link to its payment.
        """
        marks = ",".join("?" * len(FINAL))
        rows = self.store.query(
            "SELECT n.transaction_id AS txn FROM kiosk_notes n JOIN kiosk_transactions t ON"
            f" t.id = n.transaction_id WHERE n.state = 'escrowed' AND t.status NOT IN ({marks})"
            " AND (? = 0 OR n.amount = ?) ORDER BY n.id LIMIT 1", (*FINAL, amount, amount))
        return str(rows[0]["txn"]) if rows else None

    def last_note(self) -> tuple[int, str] | None:
        """(amount, state) of the most recent note row: tells a repeated device report."""
        rows = self.store.query("SELECT amount, state FROM kiosk_notes ORDER BY id DESC LIMIT 1")
        return (int(rows[0]["amount"]), str(rows[0]["state"])) if rows else None

    def apply_voucher(self, txn_id: str, code: str, amount: int, *, balance: int,
                      channel: str, reserved_until: int | None = None) -> str:
        """Hold ``amount`` of voucher ``code`` as tender of this open transaction.

        Returns the redemption id (the server's idempotency key for this use of the
        code). Nothing is spent yet: ``finalize`` redeems it if the payment completes and
        releases it otherwise (``kiosk.ledger.tenders``).
        """
        if amount <= 0:
            raise ValidationError("nothing left on this voucher")
        rid = self._new_id()
        with self.store.atomic() as tx:
            row = self._row(tx, txn_id)
            if row["status"] in FINAL:
                raise SessionError(f"transaction {txn_id} is already {row['status']}")
            if tx.execute("SELECT 1 FROM kiosk_voucher_tenders WHERE transaction_id = ? AND"
                          " code = ? AND state = 'held'", (txn_id, code)).fetchone():
                raise ValidationError("this voucher is already applied to this payment")
            tenders.add(tx, txn_id=txn_id, code=code, amount=amount, balance=balance,
                        currency=str(row["currency"]), channel=channel, redemption_id=rid,
                        reserved_until=reserved_until, at=iso(self._clock()))
        return rid

    def own_unseen_voucher(self, text: str) -> tuple[str, int, str] | None:
        """(code, balance left, currency) of a voucher this kiosk issued that the server
        has not yet seen (its ``issued`` record is still in the outbox), else ``None``.

        Why only those offline: nobody else can have spent a voucher the server does not
        know; any other code must be reserved at the server first (the offline rule).
        """
        code = normalize_code(text)
        if code is None or not mac_ok(self.voucher_key, code):
            return None
        with self.store.atomic() as tx:
            v = tx.execute("SELECT amount, currency, status FROM kiosk_vouchers WHERE code = ?",
                           (code,)).fetchone()
            if v is None or v[2] != VoucherStatus.ISSUED:
                return None
            issued = {"code": code, "status": VoucherStatus.ISSUED}
            if not self.store.pending_has(tx, "voucher", issued):
                return None
            return code, int(v[0]) - tenders.spent_on(tx, code), str(v[1])

    def release_vouchers(self, txn_id: str) -> int:
        """Give back the vouchers held by an open transaction (cancel, timeout): they
        keep their whole balance; returns how many were released."""
        with self.store.atomic() as tx:
            held = tenders.held(tx, txn_id)
            tenders.end(tx, held, TenderState.RELEASED, iso(self._clock()))
        return len(held)

    def voucher_tenders(self, txn_id: str | None = None, *,
                        unsettled: bool = False) -> list[dict[str, Any]]:
        """Tenders of one transaction, or (``unsettled``) the online ones that ended but
        whose redeem/release the server has not answered yet."""
        sql, params = "SELECT * FROM kiosk_voucher_tenders WHERE 1 = 1", []
        if txn_id is not None:
            sql += " AND transaction_id = ?"
            params.append(txn_id)
        if unsettled:
            sql += (" AND channel = 'online' AND state IN ('redeemed', 'released')"
                    " AND server_done = 0")
        return self.store.query(sql + " ORDER BY id", params)

    def tender_settled(self, tender_id: int) -> None:
        with self.store.atomic() as tx:
            tx.execute("UPDATE kiosk_voucher_tenders SET server_done = 1 WHERE id = ?",
                       (tender_id,))

    def recent_payment(self, service: str, account: str, gross: int, *,
                       since: float) -> str | None:
        """When the latest completed ``service`` payment of ``gross`` to ``account`` at or
        after ``since`` completed (RFC 3339), or ``None``: the duplicate guard."""
        rows = self.store.query(
            "SELECT completed_at FROM kiosk_transactions WHERE status = 'completed' AND"
            " service = ? AND account = ? AND gross = ? AND completed_at >= ?"
            " ORDER BY completed_at DESC LIMIT 1", (service, account, gross, iso(since)))
        return str(rows[0]["completed_at"]) if rows else None

    def open_transactions(self) -> list[dict[str, Any]]:
        marks = ",".join("?" * len(FINAL))
        return self.store.query(f"SELECT * FROM kiosk_transactions WHERE status NOT IN ({marks})"
                                " ORDER BY seq", FINAL)

    def backlog(self) -> Backlog:
        """Cash the server has not yet received (pending final records) and its age."""
        total, oldest, n = self.store.pending_positive("transaction", "cash")
        age = None if oldest is None else max(0.0, self._clock() - oldest)
        return Backlog(total, age, n)

    # -- the end --------------------------------------------------------------------
    def finalize(self, txn_id: str, reason: str, *, status: TxnStatus | None = None,
                 at: float | None = None, dry_run: bool = False) -> Outcome:
        """Decide and write the final state (see module rules); idempotent.

        ``status`` forces ``reversed``/``failed`` (card) or ``credited`` (orphan notes).
        ``dry_run`` computes the exact record (for online confirmation) and rolls back;
        finalizing later with the same ``at`` yields the same record byte for byte.
        """
        try:
            return self._finalize(txn_id, reason, status, at, dry_run)
        except _DryRun as done:
            return done.outcome

    def final_outcome(self, txn_id: str) -> Outcome:
        """The outcome of a transaction that has ended, as its receipt shows it (a reprint).

        Why not ``finalize``: that would end a transaction still in progress; this only
        reads. Raises ``SessionError`` for an unknown or unfinished transaction.
        """
        with self.store.atomic() as tx:
            if self._row(tx, txn_id)["status"] not in FINAL:
                raise SessionError(f"transaction {txn_id} has not ended")
            return self._finalize_in(tx, txn_id, "", None, None)

    def _finalize(self, txn_id: str, reason: str, status: TxnStatus | None,
                  at_ts: float | None,
                  dry_run: bool) -> Outcome:
        with self.store.atomic() as tx:
            return self._finalize_in(tx, txn_id, reason, status, at_ts, dry_run)

    def _finalize_in(self, tx: Transaction, txn_id: str, reason: str,
                     status: TxnStatus | None,
                     at_ts: float | None, dry_run: bool = False) -> Outcome:
        row = self._row(tx, txn_id)
        cash = int(tx.execute("SELECT COALESCE(SUM(amount), 0) FROM kiosk_notes WHERE"
                              " transaction_id = ? AND state = 'stacked'",
                              (txn_id,)).fetchone()[0])
        vin = int(tx.execute("SELECT COALESCE(SUM(amount), 0) FROM kiosk_vouchers WHERE"
                             " redeemed_by = ?", (txn_id,)).fetchone()[0])
        vin += tenders.total(tx, txn_id, TenderState.REDEEMED)
        held = tenders.held(tx, txn_id)
        notes: dict[str, int] = {}
        for amount, n in tx.execute("SELECT amount, COUNT(*) FROM kiosk_notes WHERE"
                                    " transaction_id = ? AND state = 'stacked' GROUP BY"
                                    " amount", (txn_id,)).fetchall():
            notes[str(amount)] = int(n)
        if row["status"] in FINAL:
            v = tx.execute("SELECT COALESCE(SUM(amount), 0) FROM kiosk_vouchers WHERE"
                           " issued_by = ?", (txn_id,)).fetchone()[0]
            return final_record(row, cash, vin, notes, int(v))
        held_sum = sum(int(t["amount"]) for t in held)
        d = decide(row, cash, vin + held_sum, status, reason)
        if held and d.status != TxnStatus.COMPLETED:
            # Vouchers are spent only by a completed payment: any other end gives
            # them back untouched (released), and only the cash becomes a credit.
            d = decide(row, cash, vin, status, reason)
            tenders.end(tx, held, TenderState.RELEASED, iso(self._clock()))
        elif held:
            vin += held_sum
            tenders.end(tx, held, TenderState.REDEEMED, iso(self._clock()))
        voucher_code = None
        at = iso(self._clock() if at_ts is None else at_ts)
        if d.voucher_amount > 0:
            voucher_code = self._unique_code(tx)
            tx.execute("INSERT INTO kiosk_vouchers (code, amount, currency, status, issued_by,"
                       " issued_at) VALUES (?, ?, ?, 'issued', ?, ?)",
                       (voucher_code, d.voucher_amount, row["currency"], txn_id, at))
            tx.journal(JournalKind.VOUCHER_ISSUED, {"code": voucher_code,
                                                    "amount": d.voucher_amount,
                                                    "transaction_id": txn_id})
            tx.enqueue("voucher", self._new_id(), {
                "code": voucher_code, "amount": d.voucher_amount,
                "currency": row["currency"], "status": VoucherStatus.ISSUED,
                "transaction_id": txn_id, "at": at})
        tx.execute("UPDATE kiosk_transactions SET status = ?, gross = ?, fee = ?,"
                   " commission = ?, total = ?, method = ?, voucher_code = ?, detail = ?,"
                   " completed_at = ? WHERE id = ?",
                   (d.status, d.gross, d.fee, d.commission, d.total, d.method, voucher_code,
                    reason, at, txn_id))
        tx.execute("UPDATE kiosk_notes SET state = 'unresolved' WHERE transaction_id = ?"
                   " AND state = 'escrowed'", (txn_id,))
        self._status(tx, txn_id, d.status, reason)
        out = final_record(self._row(tx, txn_id), cash, vin, notes, d.voucher_amount)
        if dry_run:
            raise _DryRun(out)
        tx.journal(JournalKind.TXN_FINAL, out.record)
        self._enqueue_final(tx, row, out, at)
        return out

    def _enqueue_final(self, tx: Transaction, row: dict[str, Any], out: Outcome,
                       at: str) -> None:
        """Queue the final record; after a confirmation attempt, only the attempted one.

        The server may hold the attempted record already (reply lost), and a second,
        different payload under the same id would be refused as a conflict. So the
        attempted ``completed`` record is sent as it was (a duplicate if it arrived) and a
        reversal travels as its own ``transaction_reversal`` record. A failed reversal
        sends none: the card money was taken, the server keeps the sale, and the kiosk's
        ``failed`` shows up in reconciliation for the back office.
        """
        attempt = row.get("confirm_record")
        if not attempt:
            tx.enqueue("transaction", out.transaction_id, out.record)
            return
        tx.enqueue("transaction", out.transaction_id, json.loads(attempt))
        if out.status == TxnStatus.REVERSED:
            rev = reversal_record(row, json.loads(attempt), out.detail, at)
            tx.journal(JournalKind.TXN_REVERSAL, rev)
            tx.enqueue("transaction_reversal", self._new_id(), rev)

    def record_confirm_attempt(self, txn_id: str, record: dict[str, Any]) -> None:
        """Remember the exact record a card confirmation is about to send, before sending.

        From then on the outbox sends only this payload under the transaction id, whatever
        the outcome (see ``_enqueue_final``). Raises ``SessionError`` unless the payment is
        ``card_approved`` and not yet attempted (the confirmation must then not be sent).
        """
        with self.store.atomic() as tx:
            row = self._row(tx, txn_id)
            if row["status"] != TxnStatus.CARD_APPROVED or row["confirm_record"]:
                raise SessionError(f"transaction {txn_id} cannot be confirmed now "
                                   f"({row['status']})")
            tx.execute("UPDATE kiosk_transactions SET confirm_record = ? WHERE id = ?",
                       (json.dumps(record, sort_keys=True, ensure_ascii=False), txn_id))
            tx.journal(JournalKind.CARD_CONFIRM_ATTEMPT, {"transaction_id": txn_id,
                                                "status": record.get("status"),
                                                "total": record.get("total")})

    def _unique_code(self, tx: Transaction) -> str:
        while True:
            code = new_code(self._rng, self.voucher_key)
            hit = tx.execute("SELECT 1 FROM kiosk_vouchers WHERE code = ?", (code,)).fetchone()
            if hit is None:
                return code

    # -- binding device reports to notes ----------------------------------------------
    def pending_note(self, amount: int) -> dict[str, Any] | None:
        """The note the kiosk told to stack that the device has not settled yet.

        The newest ``escrowed`` or ``unresolved`` row of ``amount`` (0: any), in any
        transaction, open or final, with that transaction's ``status``. Why the newest
        and why final ones too: a validator carries at most one note in transport, the
        one the kiosk bound to a row last before STACK, and its report may come after its
        session ended (stacking slower than the escrow timeout, link lost while stacking).
        Only rows newer than the newest settled note: once the device settled a later
        note, an older ``unresolved`` row is no longer in transport, and a report then is
        the settled note's repeat (a lost ACK and a restart; ID-003's VEND VALID carries
        no value), not that older customer's note.
        """
        rows = self.store.query(
            "SELECT n.id, n.transaction_id, n.amount, n.state, t.status FROM kiosk_notes n"
            " JOIN kiosk_transactions t ON t.id = n.transaction_id WHERE n.state IN"
            " ('escrowed', 'unresolved') AND (? = 0 OR n.amount = ?) AND n.id > (SELECT"
            " COALESCE(MAX(id), 0) FROM kiosk_notes WHERE state NOT IN ('escrowed',"
            " 'unresolved')) ORDER BY n.id DESC LIMIT 1", (amount, amount))
        return rows[0] if rows else None

    def is_repeat(self, amount: int) -> bool:
        """A stacked report no pending note explains repeats the last recorded one.

        Why from the journaled rows: the device repeats a report until it is ACKed, and
        the kiosk may have recorded it and then died (or lost the ACK on the line) before
        the ACK. Every credit needs a row written before STACK, so with no row pending, a
        stacked report whose note is the newest row, already stacked, is that report again.
        Amount 0 (ID-003's VEND VALID carries no value) matches the newest stacked note
        of any value.
        """
        last = self.last_note()
        return last is not None and last[1] == NoteState.STACKED and amount in (0, last[0])

    def record_repeat(self, amount: int, where: str) -> None:
        """Journal a repeated stacked report that was not credited again."""
        with self.store.atomic() as tx:
            tx.journal(JournalKind.NOTE_REPORT_REPEATED, {"amount": amount, "credited": False,
                                                "where": where})

    def return_late_note(self, note_id: int, via: str) -> None:
        """The device returned a note whose session had ended: no money moved."""
        with self.store.atomic() as tx:
            hit = tx.execute("SELECT transaction_id, amount FROM kiosk_notes WHERE id = ? AND"
                             " state IN ('escrowed', 'unresolved')", (note_id,)).fetchone()
            if hit is None:
                return
            tx.execute("UPDATE kiosk_notes SET state = 'returned', resolved_at = ?, flag = NULL"
                       " WHERE id = ?", (iso(self._clock()), note_id))
            tx.journal(JournalKind.NOTE_RETURNED, {"transaction_id": hit[0], "note_id": note_id,
                                         "amount": int(hit[1]), "via": via})

    def credit_late_note(self, note_id: int, detail: str) -> Outcome:
        """A note stacked after its own transaction ended: credited to that customer.

        One commit (crash-safe by construction): a new ``credited`` transaction of the same
        service and account with ``origin`` = the note's transaction, the note row moved
        to it as stacked (so the cash count neither misses nor double-counts it), a voucher
        for it, and a ``late_credit`` status record of the original transaction, so the
        back office sees the credit against the payment the customer made.
        """
        with self.store.atomic() as tx:
            hit = tx.execute("SELECT transaction_id, amount, state FROM kiosk_notes WHERE id = ?",
                             (note_id,)).fetchone()
            if hit is None:
                raise SessionError(f"unknown note {note_id}")
            origin_id, amount = str(hit[0]), int(hit[1])
            origin = self._row(tx, origin_id)
            if origin.get("origin") and hit[2] == NoteState.STACKED:  # already credited late
                return self._finalize_in(tx, origin_id, detail, TxnStatus.CREDITED, None)
            spec = TxnSpec(service=origin["service"], account=origin["account"],
                           currency=origin["currency"], fee_rule=FeeRule(),
                           biller=origin["biller"])
            txn_id, _ = self._open_in(tx, spec, origin=origin_id)
            tx.execute("UPDATE kiosk_notes SET transaction_id = ?, state = 'stacked',"
                       " resolved_at = ?, flag = NULL WHERE id = ?",
                       (txn_id, iso(self._clock()), note_id))
            tx.journal(JournalKind.NOTE_STACKED, {"transaction_id": txn_id, "note_id": note_id,
                                        "amount": amount, "via": "late", "origin": origin_id})
            out = self._finalize_in(tx, txn_id, detail, TxnStatus.CREDITED, None)
            self._status(tx, origin_id, TxnStatus.LATE_CREDIT,
                         f"note {amount} stacked after the payment ended: credited as voucher"
                         f" {out.voucher_code} (transaction {txn_id})")
            return out

    def late_credits(self, txn_id: str) -> list[dict[str, Any]]:
        """Supplementary credits of ``txn_id`` (late notes): id, seq, total, voucher_code."""
        return self.store.query("SELECT id, seq, total, voucher_code, completed_at FROM"
                                " kiosk_transactions WHERE origin = ? ORDER BY seq", (txn_id,))

    def credit_orphan_note(self, amount: int, currency: str, origin: str | None,
                           detail: str) -> Outcome:
        """A stacked note no row expected: its own credited transaction + voucher.

        One commit, so a crash cannot leave the open transaction for recovery to finalize
        as a completed top-up. ``origin`` only lends service and account (not a binding:
        the note is not known to be that customer's).
        """
        base = self.row(origin) if origin else None
        spec = TxnSpec(service=base["service"] if base else "topup",
                       account=base["account"] if base else "", currency=currency,
                       fee_rule=FeeRule(), biller=base["biller"] if base else None)
        with self.store.atomic() as tx:
            txn_id, _ = self._open_in(tx, spec)
            cur = tx.execute("INSERT INTO kiosk_notes (transaction_id, amount, state,"
                             " resolved_at, flag) VALUES (?, ?, 'stacked', ?, ?)",
                             (txn_id, amount, iso(self._clock()), ORPHAN_FLAG))
            tx.journal(JournalKind.NOTE_STACKED, {"transaction_id": txn_id, "amount": amount,
                                        "note_id": int(cur.lastrowid or 0), "via": "orphan"})
            return self._finalize_in(tx, txn_id, detail, TxnStatus.CREDITED, None)


def _default_key() -> bytes:
    return voucher_key(b"")
