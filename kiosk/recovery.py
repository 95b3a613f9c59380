"""Start-up recovery: resolve every transaction a crash left open, before any customer.

Why from the ledger: every note was bound to a row before STACK was answered and every
card step was a status change, so the rows say exactly how far each transaction got.
Resolution rules:

- an escrowed note (STACK was answered, no Stacked seen) is settled by the validator's
  power-up report: ``stacker`` -> stacked and credited; ``validator`` -> returned to the
  customer, not credited; no report -> credited. STACK is sent within microseconds of the
  escrow row and a powered device finishes stacking on its own, so "no report" almost
  always means the note is in the cassette. Such credits are flagged in the detail and
  in the recovery journal record, and the cassette count at collection confirms them;
- ``card_approved``/``reversing`` (approval never confirmed): reversed on the terminal,
  status ``reversed``, or ``failed`` when that is impossible (for the back office);
- ``card_pending`` (payment running at the crash): ``failed``, "result unknown";
- then ``Ledger.finalize``: completed with what was paid where the service allows,
  otherwise a voucher. Each outcome is synced like any other.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from devices.bill_validator import PowerUpWithBill
from devices.card_terminal import CardTerminal
from kiosk.ledger import Ledger, Outcome

log = logging.getLogger(__name__)


@dataclass
class RecoveryReport:
    outcomes: list[Outcome] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # things a person should look at

    def as_dict(self) -> dict[str, object]:
        return {"resolved": [{"transaction_id": o.transaction_id, "seq": o.seq,
                              "status": o.status, "total": o.total, "cash": o.cash,
                              "voucher_code": o.voucher_code, "detail": o.detail}
                             for o in self.outcomes], "flags": self.flags}


def recover(ledger: Ledger, *, power_up: PowerUpWithBill | None = None,
            terminal: CardTerminal | None = None, currency: str = "CNY") -> RecoveryReport:
    """Finalize every open transaction; idempotent (a second run finds nothing open)."""
    report = RecoveryReport()
    pending_report = power_up
    for row in ledger.open_transactions():
        txn_id = str(row["id"])
        notes_detail: list[str] = []
        for note in ledger.escrowed_notes(txn_id):
            amount = int(note["amount"])
            if pending_report is not None and pending_report.location == "validator" and \
                    pending_report.amount in (None, amount):
                ledger.record_note(txn_id, amount, "returned", via="power-up: in validator")
                notes_detail.append(f"note {amount} returned at power-up")
                pending_report = None
            else:
                via = ("power-up: in stacker" if pending_report is not None
                       else "recovery: STACK answered, no power-up report")
                ledger.record_note(txn_id, amount, "stacked", via=via)
                notes_detail.append(f"note {amount} credited ({via})")
                if pending_report is None:
                    report.flags.append(f"{txn_id}: {amount} credited without device report")
                pending_report = None
        forced, detail = None, "recovered after restart"
        status = str(row["status"])
        if status in ("card_approved", "reversing"):
            forced, card_detail = _reverse(row.get("card_info"), terminal)
            detail += f"; {card_detail}"
            if forced == "failed":
                report.flags.append(f"{txn_id}: {card_detail}")
        elif status == "card_pending":
            forced = "failed"
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
        tx.journal("recovery", report.as_dict())
    for o in report.outcomes:
        log.warning("recovered transaction %s seq=%s -> %s (%s)", o.transaction_id, o.seq,
                    o.status, o.detail)
    return report


def _reverse(card_info: object, terminal: CardTerminal | None) -> tuple[str, str]:
    info = json.loads(str(card_info)) if card_info else {}
    receipt = info.get("receipt_no")
    if terminal is None or receipt is None:
        return "failed", "approved card payment not confirmed; reversal impossible here"
    try:
        result = terminal.reverse(int(receipt))
    except Exception as exc:  # recovery must finish whatever a driver does
        return "failed", f"reversal error: {exc}"
    if result.approved:
        return "reversed", f"unconfirmed card payment reversed (receipt {receipt})"
    return "failed", f"reversal {result.status}: {result.reason}"

