"""Issue 14, classes 1-3: a device report belongs to the note the kiosk told to stack.

Each test plays the device's reports through a fake validator into a real ``KioskCore``
on a real store (clock injected, events synchronous):

1. a repeated "stacked" report (ACK lost, or the kiosk died after recording it) is never
   credited again, whether or not a customer session is open when it arrives;
2. a late note (its stacked report came after its session ended: stacking slower than
   ``timeouts.escrow_s``, or the link dropped while stacking) is credited to its own
   customer, never to the next one, and the cash count does not hide it;
3. a credit made with no live session is announced, printed, findable from the original
   receipt and reported to the server against the original transaction.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from devices.bill_validator import Disconnected, Ready, Reconnected, Stacked
from kiosk.errors import SessionError
from kiosk.ledger.ledger import TxnSpec
from kiosk.payment.core import KioskCore
from kiosk.payment.lookup import PaymentLookup
from kiosk.rules.fees import FeeRule
from tests.support.fakes import TEST_SECRET, FakePrinter, signed_allowance

DENOMS = (1000, 2000, 5000, 10000)
A, B = "13800138000", "13900139000"
TOPUP = TxnSpec("topup", A, "CNY", FeeRule(), due=None, partial_ok=True)


class Offline:
    online = False


def _core(config: Any, store: Any, clock: Any, validator: Any, **kw: Any) -> KioskCore:
    core = KioskCore(config, store, validator=validator, server=Offline(),  # type: ignore[arg-type]
                     wall_clock=clock, clock=clock, run_async=lambda fn: fn(),
                     secret=TEST_SECRET, **kw)
    core.accept_allowance(signed_allowance(clock()))  # offline cash needs the server's grant
    validator.emit(Ready(DENOMS, "CNY"))
    core.start(device_wait_s=0, settle_s=0)
    return core


def _credited_cash(store: Any) -> int:
    return sum(int(e.payload["cash"]) for e in store.journal_entries() if e.kind == "txn_final")


def _stacked_rows(store: Any) -> list[tuple[str, int]]:
    return [(str(r["account"]), int(r["amount"])) for r in store.query(
        "SELECT t.account, n.amount FROM kiosk_notes n JOIN kiosk_transactions t"
        " ON t.id = n.transaction_id WHERE n.state = 'stacked' ORDER BY n.id")]


def _outbox(store: Any, kind: str) -> list[dict[str, Any]]:
    return [json.loads(r["data"]) for r in store.query(
        "SELECT data FROM outbox WHERE record_type = ? ORDER BY rowid", (kind,))]


# -- 1. repeats -----------------------------------------------------------------------
def _died_before_ack(ledger: Any) -> str:
    """The previous life recorded the stacked note and was killed before the ACK."""
    txn, _ = ledger.open(TOPUP)
    ledger.record_escrow(txn, 5000)
    ledger.record_note(txn, 5000, "stacked")
    return txn


def test_repeat_after_restart_is_not_credited_to_the_open_session(
        config, store, clock, ledger, fake_validator) -> None:
    txn = _died_before_ack(ledger)
    core = _core(config, store, clock, fake_validator)  # recovery: completed with 5000
    s = core.start_topup(B, None)
    core.pay_cash()
    fake_validator.emit(Stacked(5000, "CNY"))  # the device repeats its unACKed report
    assert s.paid == 0 and s.state.value == "cash"
    assert _credited_cash(store) == 5000 and _stacked_rows(store) == [(A, 5000)]
    assert store.query("SELECT COUNT(*) AS n FROM kiosk_vouchers")[0]["n"] == 0
    assert [e.kind for e in store.journal_entries()].count("note_report_repeated") == 1
    assert core.ledger.row(txn)["status"] == "completed"


def test_repeat_after_restart_in_a_session_not_paying_cash(
        config, store, clock, ledger, fake_validator) -> None:
    _died_before_ack(ledger)
    core = _core(config, store, clock, fake_validator)
    s = core.start_topup(B, None)  # choosing how to pay: no transaction yet
    fake_validator.emit(Stacked(5000, "CNY"))
    core.cancel()
    assert s.outcome is None or s.outcome.cash == 0
    assert _credited_cash(store) == 5000
    assert store.query("SELECT COUNT(*) AS n FROM kiosk_vouchers")[0]["n"] == 0


def test_repeat_with_no_session_is_not_credited(config, store, clock, ledger,
                                                fake_validator) -> None:
    _died_before_ack(ledger)
    _core(config, store, clock, fake_validator)
    fake_validator.emit(Stacked(5000, "CNY"))
    assert _credited_cash(store) == 5000 and len(_stacked_rows(store)) == 1


def test_report_repeated_after_a_lost_ack_is_credited_once(config, store, clock,
                                                           fake_validator) -> None:
    core = _core(config, store, clock, fake_validator)
    s = core.start_topup(A, None)
    core.pay_cash()
    assert fake_validator.insert(5000) == "stacked"
    fake_validator.emit(Stacked(5000, "CNY"))  # our ACK was lost on the line
    assert s.paid == 5000
    assert fake_validator.insert(5000) == "stacked"  # a second real note still counts
    assert s.paid == 10000
    core.finish()
    assert s.outcome is not None and s.outcome.cash == 10000 and _credited_cash(store) == 10000


# -- 2. late notes ---------------------------------------------------------------------
def _stuck_in_transport(core: Any, fake_validator: Any, clock: Any, how: str) -> Any:
    """Customer A's note is told to STACK; the session ends before the device reports."""
    a = core.start_topup(A, None)
    core.pay_cash()
    assert fake_validator.insert(5000, hold_stack=True) == "held"
    assert a.state.value == "escrow"
    if how == "slow":
        clock.advance(float(core.config.get("timeouts.escrow_s")))
        core.tick()
    else:  # the link drops while stacking, then comes back
        fake_validator.emit(Disconnected("no reply"))
        fake_validator.emit(Reconnected())
    assert a.ended.is_set()
    return a


@pytest.mark.parametrize("how", ["slow", "link_drop"])
def test_late_note_is_credited_to_its_own_customer_not_the_next(
        config, store, clock, fake_validator, how) -> None:
    core = _core(config, store, clock, fake_validator)
    a = _stuck_in_transport(core, fake_validator, clock, how)
    av = core.availability()
    assert not av.cash and "being processed" in str(av.cash_reason)  # no cash meanwhile
    b = core.start_topup(B, None)
    with pytest.raises(SessionError):
        core.pay_cash()
    fake_validator.finish_stack()  # the device finally reports A's note
    assert b.paid == 0
    [credit] = core.ledger.late_credits(str(a.txn_id))
    assert credit["total"] == 5000 and credit["voucher_code"]
    assert _stacked_rows(store) == [(A, 5000)]  # A's number, the next customer's none
    # the cash count: nothing unresolved, the journal credits exactly what is stacked
    assert store.query("SELECT COUNT(*) AS n FROM kiosk_notes WHERE state IN"
                       " ('escrowed', 'unresolved')")[0]["n"] == 0
    assert _credited_cash(store) == sum(fake_validator.stacked) == 5000
    assert core.availability().cash  # its outcome is known: cash resumes


def test_late_note_with_no_session_is_shown_printed_findable_and_reported(
        config, store, clock, fake_validator) -> None:
    printer = FakePrinter()
    core = _core(config, store, clock, fake_validator, printer=printer)
    events: list[Any] = []
    core.add_observer(events.append)
    a = _stuck_in_transport(core, fake_validator, clock, "slow")
    fake_validator.finish_stack()
    [late] = [e for e in events if e.kind == "late_credit"]
    code = late.detail["voucher_code"]
    assert late.detail["origin"] == a.txn_id and late.detail["amount"] == 5000 and code
    # printed
    assert any(code in line for doc in printer.printed for line in doc.lines)
    # findable from the customer's own receipt (find my payment)
    lookup = PaymentLookup(store, b"k" * 32, "K0001", clock)
    found = lookup.find(lookup.reference(str(a.txn_id)))
    assert found.late_credits == ((code, 5000),)
    # reported to the server against the original transaction
    [status] = [r for r in _outbox(store, "transaction_status")
                if r["status"] == "late_credit"]
    assert status["transaction_id"] == a.txn_id and code in status["detail"]
    [voucher] = _outbox(store, "voucher")
    assert voucher["code"] == code and voucher["amount"] == 5000
    supp = [r for r in _outbox(store, "transaction") if r.get("origin") == a.txn_id]
    assert [(r["status"], r["cash"], r["account"]) for r in supp] == [("credited", 5000, A)]


def test_late_note_is_not_printed_or_shown_while_the_next_customer_is_there(
        config, store, clock, fake_validator) -> None:
    """A change voucher is bearer value: printed while B stands at the kiosk, it is B's.

    Before: A's late credit was printed (and announced for the screen) whoever was there.
    """
    printer = FakePrinter()
    core = _core(config, store, clock, fake_validator, printer=printer)
    events: list[Any] = []
    core.add_observer(events.append)
    a = _stuck_in_transport(core, fake_validator, clock, "slow")
    core.start_topup(B, None)  # the next customer, paying by other means
    fake_validator.finish_stack()
    [late] = [e for e in events if e.kind == "late_credit"]
    code = late.detail["voucher_code"]
    assert late.detail["origin"] == a.txn_id and late.detail["owner_here"] is False
    assert not any(code in line for doc in printer.printed for line in doc.lines)
    lookup = PaymentLookup(store, b"k" * 32, "K0001", clock)  # A's receipt still finds it
    assert lookup.find(lookup.reference(str(a.txn_id))).late_credits == ((code, 5000),)


def test_late_note_reported_after_a_restart_is_still_its_customers(
        config, store, clock, ledger, fake_validator) -> None:
    """The previous life ended A's session with the note in transport, then died."""
    txn, _ = ledger.open(TOPUP)
    ledger.record_escrow(txn, 5000)
    ledger.finalize(txn, "timeout in escrow")  # note unresolved, A cancelled
    core = KioskCore(config, store, validator=fake_validator, wall_clock=clock, clock=clock,
                     run_async=lambda fn: fn())
    fake_validator.emit(Ready(DENOMS, "CNY"))
    fake_validator.emit(Stacked(5000, "CNY"))  # before recovery: the device's report
    core.start(device_wait_s=0, settle_s=0)
    [credit] = ledger.late_credits(txn)
    assert credit["total"] == 5000 and _stacked_rows(store) == [(A, 5000)]


# -- 3. no invisible credits -----------------------------------------------------------
def test_stacked_note_no_row_expected_is_announced_printed_and_reported(
        config, store, clock, fake_validator) -> None:
    printer = FakePrinter()
    core = _core(config, store, clock, fake_validator, printer=printer)
    events: list[Any] = []
    core.add_observer(events.append)
    fake_validator.emit(Stacked(2000, "CNY"))  # a note no row expected, no session
    [ev] = [e for e in events if e.kind == "late_credit"]
    code = ev.detail["voucher_code"]
    assert ev.outcome is not None and ev.outcome.voucher_amount == 2000 and code
    assert any(code in line for doc in printer.printed for line in doc.lines)
    assert [v["code"] for v in _outbox(store, "voucher")] == [code]
    assert core.credits == [ev.outcome]


def test_orphan_credit_is_one_commit(config, store, clock, ledger) -> None:
    """Class 7: the orphan path was three commits (open, note, finalize); a crash after
    the second left an open transaction that recovery finalized as a completed top-up."""
    before = store.commit_faults.commits
    out = ledger.credit_orphan_note(2000, "CNY", None, "no row")
    assert store.commit_faults.commits - before == 1 and out.status == "credited"


# -- repeats behind an older unresolved note (hostile campaign 2026-12-02) ----------------
def _unresolved_then_stacked(ledger: Any, first: int) -> tuple[str, str]:
    """An older note left unresolved, then a newer note stacked whose ACK was lost."""
    old, _ = ledger.open(TOPUP)
    ledger.record_escrow(old, first)
    ledger.record_note(old, first, "unresolved")
    return old, _died_before_ack(ledger)


@pytest.mark.parametrize("amount", [0, 5000])  # ID-003 VEND VALID carries no value
def test_repeat_is_not_bound_to_an_older_unresolved_note(ledger, amount: int) -> None:
    from kiosk.ledger.recovery import bind_report
    old, _ = _unresolved_then_stacked(ledger, 5000)
    b = bind_report(ledger, amount, "stacked", live_txn=None, currency="CNY", where="test")
    assert b.kind == "repeat"
    assert ledger.store.query("SELECT state FROM kiosk_notes WHERE transaction_id = ?",
                              (old,))[0]["state"] == "unresolved"
    assert ledger.store.query("SELECT COUNT(*) AS n FROM kiosk_vouchers")[0]["n"] == 0


def test_note_whose_stack_cannot_be_journaled_is_returned(config, store, clock,
                                                         fake_validator) -> None:
    """STACK is answered only after ``stack_at`` is recorded: without it a restart could
    not tell a note in transport from one the device returned, so the note goes back."""
    core = _core(config, store, clock, fake_validator)
    s = core.start_topup(A, None)
    core.pay_cash()
    store.commit_faults.fail("disk_full", journal_kind="note_stack")
    assert fake_validator.insert(5000) == "returned" and fake_validator.stacked == []
    assert s.paid == 0
