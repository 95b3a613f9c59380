"""Start-up recovery: resolve every transaction a crash left open, before any customer.

Why from the ledger: every note was bound to a row before STACK was answered and every
card step was a status change, so the rows say exactly how far each transaction got.
Why from the device too: a process crash (no power loss) can land between the escrow
commit and STACK, or between STACK and the stacked report, so the row alone cannot say
where the note is. ``KioskCore.start`` lets the validator report first (bounded wait) and
binds every report to the row (``StartupNotes`` below); what is left here is settled by:

- the power-up report: ``stacker`` -> stacked and credited; ``validator`` -> returned,
  not credited (the device hands it back after RESET);
- ``device_idle`` (the device reported its state after start-up, no note in escrow and
  no note event within the settle window) for a note **never told to stack** (no
  ``stack_at``: the crash came between the escrow commit and STACK): returned, never
  credited. Protocol fact: a note held in escrow without STACK is returned by the device
  on its escrow timeout. Flagged for the cash count;
- a note **told to stack** (``stack_at``, journaled before STACK went out), device idle
  or absent: left ``unresolved`` (not credited) and reported as ``in_transport``, so
  ``KioskCore`` takes no cash until its report comes. Why not "returned": after STACK the
  note is in transport and its stacked report (CCNET 81, ID-003 VEND VALID) can come
  after any settle window (slow stacking, a jam being cleared, the cable out while the
  kiosk restarts); ``bind_report`` then credits it to this customer (a late note) and a
  returned report records it returned;
- no device report at all (validator absent or silent): left ``unresolved`` (not
  credited), flagged: the cash count at collection settles it;
- ``card_approved``/``reversing`` (approval never confirmed): reversed on the terminal,
  status ``reversed``, or ``failed`` when that is impossible (for the back office);
- ``card_pending`` (payment running at the crash): ``failed``, "result unknown";
- ``qr_paid`` (the server confirmed the wallet payment): completed like any paid row;
  ``qr_pending``/``qr_cancelling`` (a QR payment in flight): left open here, because only
  the server knows whether the wallet paid; ``kiosk.payment.qr_flow.resolve_open`` asks
  it after start-up (in the background, start-up never waits on the network);
- then ``Ledger.finalize``: completed with what was paid where the service allows,
  otherwise a voucher. Each outcome is synced like any other.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field

from devices.bill_validator import PowerUpWithBill
from devices.card_terminal import CardTerminal
from kiosk.ledger.ledger import Ledger, Outcome
from kiosk.ledger.states import FINAL, JournalKind, NoteState, TxnStatus

log = logging.getLogger(__name__)

#: Statuses of a QR payment whose outcome only the server knows (never assumed here).
QR_UNRESOLVED = (TxnStatus.QR_PENDING, TxnStatus.QR_CANCELLING)
IDLE_VIA = "start-up: device idle, no note reported: returned on its escrow timeout"
#: Shown at cash collection next to such a note (``kiosk_notes.flag``).
IDLE_FLAG = ("escrowed before a restart; the device reported it neither in escrow nor"
             " stacked: recorded returned (escrow timeout), not credited")


@dataclass
class RecoveryReport:
    outcomes: list[Outcome] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # things a person should look at
    #: The transaction whose note was told to STACK before the restart and is not yet
    #: reported (a validator carries at most one note in transport): no cash until then.
    in_transport: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"resolved": [{"transaction_id": o.transaction_id, "seq": o.seq,
                              "status": o.status, "total": o.total, "cash": o.cash,
                              "voucher_code": o.voucher_code, "detail": o.detail}
                             for o in self.outcomes], "flags": self.flags,
                "in_transport": self.in_transport}


def recover(ledger: Ledger, *, power_up: PowerUpWithBill | None = None,
            terminal: CardTerminal | None = None, currency: str = "CNY",
            device_idle: bool = False) -> RecoveryReport:
    """Finalize every open transaction; idempotent (a second run finds nothing open)."""
    report = RecoveryReport()
    pending_report = power_up
    for row in ledger.open_transactions():
        txn_id = str(row["id"])
        if str(row["status"]) in QR_UNRESOLVED:
            report.flags.append(f"{txn_id}: QR payment in flight; asking the server")
            continue
        notes_detail: list[str] = []
        for note in ledger.escrowed_notes(txn_id):
            amount = int(note["amount"])
            if pending_report is not None and pending_report.amount in (None, amount):
                where = pending_report.location
                state = NoteState.STACKED if where == "stacker" else NoteState.RETURNED
                ledger.record_note(txn_id, amount, state, via=f"power-up: in {where}")
                notes_detail.append(f"note {amount} {state} (power-up report: {where})")
                pending_report = None
            elif note.get("stack_at"):
                notes_detail.append(f"note {amount} unresolved (told to stack before the"
                                    " restart, not reported yet)")
                report.flags.append(f"{txn_id}: {amount} told to stack before the restart,"
                                    " not reported yet: credited to this customer when the"
                                    " device reports it stacked")
                report.in_transport = txn_id
            elif device_idle:
                ledger.record_note(txn_id, amount, NoteState.RETURNED, via=IDLE_VIA, flag=IDLE_FLAG)
                notes_detail.append(f"note {amount} returned (device idle after start-up)")
                report.flags.append(f"{txn_id}: {amount} not credited: the device reported no"
                                    " note after start-up (returned); check at the cash count")
            else:
                notes_detail.append(f"note {amount} unresolved (no device report)")
                report.flags.append(f"{txn_id}: {amount} unresolved, not credited: no device"
                                    " report after start-up; settle at the cash count")
        forced: TxnStatus | None = None
        detail = "recovered after restart"
        status = str(row["status"])
        if status in (TxnStatus.CARD_APPROVED, TxnStatus.REVERSING):
            forced, card_detail = _reverse(row.get("card_info"), terminal)
            detail += f"; {card_detail}"
            if forced == TxnStatus.FAILED:
                report.flags.append(f"{txn_id}: {card_detail}")
        elif status == TxnStatus.CARD_PENDING:
            forced = TxnStatus.FAILED
            detail += "; card payment interrupted, result unknown"
            report.flags.append(f"{txn_id}: card result unknown")
        if notes_detail:
            detail += "; " + "; ".join(notes_detail)
        report.outcomes.append(ledger.finalize(txn_id, detail, status=forced))
    if pending_report is not None and pending_report.location == "stacker":
        # A note in the stacker that no open transaction expected: bind it to a record.
        found = pending_report.amount
        if found:
            report.outcomes.append(ledger.credit_orphan_note(
                found, currency, None, "note found in stacker at power-up"))
        report.flags.append(f"power-up note in stacker without transaction ({found})")
    with ledger.store.atomic() as tx:
        tx.journal(JournalKind.RECOVERY, report.as_dict())
    for o in report.outcomes:
        log.warning("recovered transaction %s seq=%s -> %s (%s)", o.transaction_id, o.seq,
                    o.status, o.detail)
    return report


class StartupNotes:
    """Binds the validator's start-up reports to the notes escrowed in a previous life.

    Why a separate path: after a restart no session knows the note, yet the device may
    still hold it in escrow (the crash came before STACK), or report it stacked or
    returned (the crash came after STACK, before the report was processed), or repeat a
    stacked report the previous life had already recorded (the crash came before the
    acknowledgement). Rules, all under one lock shared with recovery's finalization:

    - a note in escrow matching an escrowed row of an open transaction is claimed and
      STACKed (the customer was promised it); its report resolves that row;
    - a report for a note this process never saw in escrow resolves the oldest matching
      escrowed row of an open transaction (stacked = credit, returned = not);
    - a report for a note whose transaction had already ended (its session timed out
      in escrow, then the process died) is a late note, credited to its own customer;
    - a stacked report with no such row is a repeat when the latest note row is that
      note already stacked (ignored: never credit twice), otherwise a true orphan bound
      to its own credited record. The same rules (``bind_report``) serve live sessions.
    """

    def __init__(self, ledger: Ledger, currency: str) -> None:
        self.ledger, self.currency = ledger, currency
        self.cond = threading.Condition(threading.RLock())
        self.claim: str | None = None  # transaction whose escrowed note was STACKed
        self.recovered = False
        self.last: Binding | None = None  # the last report bound here (for the app)

    def pending(self) -> bool:
        """Some open transaction still has an escrowed note the device has not settled."""
        return self.ledger.open_escrowed_note(0) is not None

    def claim_escrow(self, amount: int) -> bool:
        """Before recovery: True (answer STACK) for a note an open transaction escrowed."""
        with self.cond:
            if self.recovered:
                return False
            if self.claim is None:
                self.claim = self.ledger.open_escrowed_note(amount)
            note = self.ledger.oldest_escrowed(self.claim) if self.claim else None
            if note is None or note[1] != amount:
                return False
            self.ledger.record_stack(note[0])  # told to stack: a later restart must know
            return True

    def resolve(self, amount: int, state: str, *, seen: bool) -> bool:
        """Settle a stacked/returned report; False: not a start-up note (normal path)."""
        with self.cond:
            self.last = None
            try:
                if seen and self.claim is None:
                    return False
                self._resolve(amount, state)
                return True
            finally:
                self.claim = None if seen else self.claim
                self.cond.notify_all()

    def _resolve(self, amount: int, state: str) -> None:
        self.last = bind_report(self.ledger, amount, state, live_txn=None,
                                currency=self.currency, where="start-up")


@dataclass(frozen=True)
class Binding:
    """Where a stacked/returned report went (``bind_report``).

    ``kind``: ``live`` (the live session's own note: the session records it), ``open``
    (an open transaction no session owns: recorded on its row), ``late`` (its
    transaction had ended: credited to that customer as a supplementary credit),
    ``late_returned``, ``repeat`` (a report already recorded: ignored), ``orphan`` (a
    stacked note no row expected: its own credited record), ``unknown`` (stacked, value
    unknown, no row) or ``none`` (a returned note no row expected: no money moved).
    """

    kind: str
    outcome: Outcome | None = None
    origin: str | None = None  # the transaction the note belonged to


def bind_report(ledger: Ledger, amount: int, state: str, *, live_txn: str | None,
                currency: str, where: str, orphan_origin: str | None = None) -> Binding:
    """Bind a device report to the note the kiosk told to stack, on every path.

    Why one function for start-up, live sessions and no session: a report belongs to
    the note bound to a row before STACK (``Ledger.pending_note``), never to whichever
    session happens to be live, and a repeat is recognised from the journaled rows
    (``Ledger.is_repeat``) whether or not a session is open.
    """
    note = ledger.pending_note(amount)
    if note is not None:
        txn = str(note["transaction_id"])
        if str(note["status"]) not in FINAL:
            if txn == live_txn:
                return Binding("live", origin=txn)
            value = amount or int(note["amount"])
            ledger.record_note(txn, value, state, via=f"{where}: device reported {state}")
            log.warning("%s: note %s of %s %s by the device", where, value, txn, state)
            return Binding("open", origin=txn)
        if state == NoteState.STACKED:
            out = ledger.credit_late_note(int(note["id"]), f"late note of transaction {txn}:"
                                          " stacked after the payment ended")
            log.warning("%s: late note %s of %s credited as %s", where, note["amount"], txn,
                        out.transaction_id)
            return Binding("late", out, txn)
        ledger.return_late_note(int(note["id"]), f"{where}: returned after the payment ended")
        return Binding("late_returned", origin=txn)
    if state != NoteState.STACKED:
        return Binding("none")
    if ledger.is_repeat(amount):
        log.warning("%s: repeated stacked report for note %s ignored (credited)", where, amount)
        ledger.record_repeat(amount, where)
        return Binding("repeat")
    if not amount:
        log.error("%s: stacked note of unknown value, no escrowed row: cash count", where)
        with ledger.store.atomic() as tx:
            tx.journal(JournalKind.NOTE_REPORT_UNKNOWN, {"state": state})
        return Binding("unknown")
    out = ledger.credit_orphan_note(amount, currency, orphan_origin,
                                    f"note stacked with no note pending ({where})")
    return Binding("orphan", out)


def _reverse(card_info: object, terminal: CardTerminal | None) -> tuple[TxnStatus, str]:
    info = json.loads(str(card_info)) if card_info else {}
    receipt = info.get("receipt_no")
    if terminal is None or receipt is None:
        return TxnStatus.FAILED, "approved card payment not confirmed; reversal impossible here"
    try:
        result = terminal.reverse(int(receipt))
    except Exception as exc:  # recovery must finish whatever a driver does
        return TxnStatus.FAILED, f"reversal error: {exc}"
    if result.approved:
        return TxnStatus.REVERSED, f"unconfirmed card payment reversed (receipt {receipt})"
    return TxnStatus.FAILED, f"reversal {result.status}: {result.reason}"
