"""Start-up recovery of a note escrowed before a crash: settled only by what the device says.

Each test writes the previous life's rows straight into the ledger (an open top-up with an
escrowed note, as a SIGKILL between the escrow commit and STACK, or between STACK and the
stacked event, leaves them), then plays the device's start-up reports through a fake
validator into a fresh ``KioskCore``.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from devices.bill_validator import (
    Escrow,
    EscrowDecision,
    PowerUpWithBill,
    Ready,
    Returned,
    Stacked,
)
from kiosk.ledger.ledger import TxnSpec
from kiosk.payment.core import KioskCore
from kiosk.rules.fees import FeeRule
from tests.support.fakes import FakeValidator

TOPUP = TxnSpec("topup", "13800138000", "CNY", FeeRule(), due=None, partial_ok=True)
DENOMS = (1000, 2000, 5000, 10000)


def _core(config: Any, store: Any, clock: Any, validator: Any, **kw: Any) -> KioskCore:
    return KioskCore(config, store, validator=validator, wall_clock=clock, clock=clock,
                     run_async=lambda fn: fn(), **kw)


def _previous_life(ledger: Any, escrowed: int = 5000, stacked: tuple[int, ...] = ()) -> str:
    txn, _ = ledger.open(TOPUP)
    for amount in stacked:
        ledger.record_escrow(txn, amount)
        ledger.record_note(txn, amount, "stacked")
    if escrowed:
        ledger.record_escrow(txn, escrowed)
    return txn


def _notes(store: Any) -> list[tuple[str, int, str]]:
    return [(r["transaction_id"], int(r["amount"]), str(r["state"]))
            for r in store.query("SELECT * FROM kiosk_notes ORDER BY id")]


def _txn_count(store: Any) -> int:
    return int(store.query("SELECT COUNT(*) AS n FROM kiosk_transactions")[0]["n"])


def _credited(store: Any) -> int:
    return sum(int(e.payload["cash"]) for e in store.journal_entries() if e.kind == "txn_final")


def _device_escrow(validator: Any, amount: int) -> EscrowDecision:
    """What a driver does with a note it finds in escrow: report it, then ask."""
    validator.emit(Escrow(amount, "CNY"))
    decision: EscrowDecision = validator.decider(Escrow(amount, "CNY"))
    return decision


def test_note_still_in_escrow_is_stacked_and_credited_to_its_row(
        config, store, clock, ledger, fake_validator) -> None:
    txn = _previous_life(ledger)
    core = _core(config, store, clock, fake_validator)
    fake_validator.emit(Ready(DENOMS, "CNY"))
    assert _device_escrow(fake_validator, 5000) is EscrowDecision.STACK
    fake_validator.emit(Stacked(5000, "CNY"))
    rep = core.start(device_wait_s=0, settle_s=2.0)
    [o] = rep.outcomes
    assert (o.transaction_id, o.status, o.cash) == (txn, "completed", 5000)
    assert _notes(store) == [(txn, 5000, "stacked")]  # bound to the row: no orphan, no 2nd
    assert _txn_count(store) == 1 and rep.flags == [] and _credited(store) == 5000


def test_recovery_waits_for_the_device_to_settle(config, store, clock, ledger,
                                                 fake_validator) -> None:
    txn = _previous_life(ledger)
    core = _core(config, store, clock, fake_validator)
    fake_validator.emit(Ready(DENOMS, "CNY"))
    done: list[Any] = []
    t = threading.Thread(target=lambda: done.append(core.start(device_wait_s=1, settle_s=30)))
    t.start()
    try:
        assert not core.recovered.wait(0.05)  # holding: a note is escrowed, no report yet
        assert _device_escrow(fake_validator, 5000) is EscrowDecision.STACK
        fake_validator.emit(Stacked(5000, "CNY"))
    finally:
        t.join(10)
    [o] = done[0].outcomes
    assert (o.transaction_id, o.cash) == (txn, 5000) and _credited(store) == 5000


def test_other_note_in_escrow_is_returned(config, store, clock, ledger,
                                          fake_validator) -> None:
    _previous_life(ledger, escrowed=5000)
    core = _core(config, store, clock, fake_validator)
    fake_validator.emit(Ready(DENOMS, "CNY"))
    assert _device_escrow(fake_validator, 10000) is EscrowDecision.RETURN
    fake_validator.emit(Returned(10000, "CNY"))
    rep = core.start(device_wait_s=0, settle_s=0.05)
    assert rep.outcomes[0].cash == 0 and _credited(store) == 0


def test_stacked_report_credits_the_escrowed_row_exactly_once(
        config, store, clock, ledger, fake_validator) -> None:
    """STACK went out before the crash; the restarted driver delivers the stacked event."""
    txn = _previous_life(ledger, stacked=(1000,))
    core = _core(config, store, clock, fake_validator)
    fake_validator.emit(Ready(DENOMS, "CNY"))
    fake_validator.emit(Stacked(5000, "CNY"))
    rep = core.start(device_wait_s=0, settle_s=2.0)
    fake_validator.emit(Stacked(5000, "CNY"))  # the same report again (ACK lost)
    assert rep.outcomes[0].cash == 6000 and rep.flags == []
    assert _notes(store) == [(txn, 1000, "stacked"), (txn, 5000, "stacked")]
    assert _txn_count(store) == 1 and _credited(store) == 6000


def test_stacked_report_after_recovery_still_credits_once(config, store, clock, ledger,
                                                          fake_validator) -> None:
    """The seed-71 race: recovery must not guess; the late report is the credit."""
    txn = _previous_life(ledger)
    core = _core(config, store, clock, fake_validator)
    fake_validator.emit(Ready(DENOMS, "CNY"))
    done: list[Any] = []
    t = threading.Thread(target=lambda: done.append(core.start(device_wait_s=1, settle_s=30)))
    t.start()
    try:
        fake_validator.emit(Stacked(5000, "CNY"))
    finally:
        t.join(10)
    fake_validator.emit(Stacked(5000, "CNY"))
    assert done[0].outcomes[0].cash == 5000
    assert _notes(store) == [(txn, 5000, "stacked")] and _credited(store) == 5000


def test_duplicate_report_of_an_already_credited_note_is_ignored(
        config, store, clock, ledger, fake_validator) -> None:
    """Killed after the stacked row committed, before the device's report was ACKed."""
    txn = _previous_life(ledger, escrowed=0, stacked=(5000,))
    core = _core(config, store, clock, fake_validator)
    fake_validator.emit(Ready(DENOMS, "CNY"))
    rep = core.start(device_wait_s=0, settle_s=2.0)
    fake_validator.emit(Stacked(5000, "CNY"))
    assert rep.outcomes[0].cash == 5000
    assert _notes(store) == [(txn, 5000, "stacked")] and _txn_count(store) == 1
    assert _credited(store) == 5000


def test_returned_report_is_not_credited(config, store, clock, ledger, fake_validator) -> None:
    txn = _previous_life(ledger, stacked=(2000,))
    core = _core(config, store, clock, fake_validator)
    fake_validator.emit(Ready(DENOMS, "CNY"))
    fake_validator.emit(Returned(5000, "CNY"))
    rep = core.start(device_wait_s=0, settle_s=2.0)
    assert rep.outcomes[0].cash == 2000 and rep.flags == []
    assert _notes(store) == [(txn, 2000, "stacked"), (txn, 5000, "returned")]


def test_power_up_with_bill_in_validator_is_returned(config, store, clock, ledger,
                                                     fake_validator) -> None:
    txn = _previous_life(ledger)
    core = _core(config, store, clock, fake_validator)
    fake_validator.emit(PowerUpWithBill("validator", None))
    rep = core.start(device_wait_s=0, settle_s=2.0)
    assert rep.outcomes[0].cash == 0 and _notes(store) == [(txn, 5000, "returned")]


def test_power_up_with_bill_in_stacker_is_credited(config, store, clock, ledger,
                                                   fake_validator) -> None:
    txn = _previous_life(ledger)
    core = _core(config, store, clock, fake_validator)
    fake_validator.emit(PowerUpWithBill("stacker", None))
    rep = core.start(device_wait_s=0, settle_s=2.0)
    assert rep.outcomes[0].cash == 5000 and _notes(store) == [(txn, 5000, "stacked")]
    assert _txn_count(store) == 1


def test_idle_device_means_returned_on_escrow_timeout_and_flagged(
        config, store, clock, ledger, fake_validator) -> None:
    txn = _previous_life(ledger)
    core = _core(config, store, clock, fake_validator)
    fake_validator.emit(Ready(DENOMS, "CNY"))
    rep = core.start(device_wait_s=0, settle_s=0.05)
    assert rep.outcomes[0].cash == 0 and _notes(store) == [(txn, 5000, "returned")]
    assert any(txn in f and "cash count" in f for f in rep.flags)
    fake_validator.emit(Stacked(5000, "CNY"))  # the device stacked it after all
    assert _credited(store) == 5000  # bound to its own record, once
    fake_validator.emit(Stacked(5000, "CNY"))
    assert _credited(store) == 5000


def test_no_device_report_never_credits(config, store, clock, ledger) -> None:
    txn = _previous_life(ledger)
    core = _core(config, store, clock, None)
    rep = core.start(device_wait_s=0, settle_s=0.05)
    assert rep.outcomes[0].cash == 0 and _notes(store) == [(txn, 5000, "unresolved")]
    assert any(txn in f for f in rep.flags)


def test_true_orphan_is_bound_to_a_record(config, store, clock, ledger,
                                          fake_validator) -> None:
    core = _core(config, store, clock, fake_validator)
    fake_validator.emit(Ready(DENOMS, "CNY"))
    core.start(device_wait_s=0, settle_s=0.05)
    fake_validator.emit(Stacked(2000, "CNY"))
    [(_, amount, state)] = _notes(store)
    assert (amount, state) == (2000, "stacked") and _credited(store) == 2000


def test_note_returned_before_a_session_is_not_that_sessions_note(
        config, store, clock, ledger, fake_validator) -> None:
    """Crash-test finding (ID-003, seed 1): a note the lab put into the device while the
    killed kiosk was down was RETURNed at start-up; its RETURNING report reached the next
    customer's cash session as ``note_returned``, the worker took it for its own note and
    asked for the next one while the first was still stacking."""
    core = _core(config, store, clock, fake_validator)
    fake_validator.emit(Ready(DENOMS, "CNY"))
    core.start(device_wait_s=0, settle_s=0.05)
    assert _device_escrow(fake_validator, 5000) is EscrowDecision.RETURN  # no session yet
    events: list[Any] = []
    core.add_observer(events.append)
    s = core.start_topup("13800138000", None)
    core.pay_cash()
    fake_validator.emit(Returned(5000, "CNY"))  # the device's report of that note
    assert [e.kind for e in events if e.kind.startswith("note_")] == []
    assert s.state.value == "cash" and s.paid == 0
    assert fake_validator.insert(1000) == "stacked"  # the customer's own note still pays
    assert s.paid == 1000


def test_note_the_session_returned_is_still_reported_to_it(
        config, store, clock, ledger, fake_validator) -> None:
    core = _core(config, store, clock, fake_validator)
    fake_validator.emit(Ready(DENOMS, "CNY"))
    core.start(device_wait_s=0, settle_s=0.05)
    events: list[Any] = []
    core.add_observer(events.append)
    core.start_topup("13800138000", 5000)
    core.pay_cash()
    assert _device_escrow(fake_validator, 10000) is EscrowDecision.RETURN  # over the due
    fake_validator.emit(Returned(10000, "CNY"))
    reasons = [e.detail.get("reason") for e in events if e.kind == "note_returned"]
    assert reasons == ["over the amount or limit", "returned by device"]


# -- a note told to STACK before the restart, reported after start-up settled ----------
A = "13800138000"


def _told_to_stack_then_died(config: Any, store: Any, clock: Any) -> str:
    """The previous life escrowed A's note and answered STACK; it died while the note
    was still stacking (slow stacking, or the cable was out while the kiosk restarted)."""
    v = FakeValidator()
    first = _core(config, store, clock, v)
    v.emit(Ready(DENOMS, "CNY"))
    first.start(device_wait_s=0, settle_s=0)
    s = first.start_topup(A, None)
    first.pay_cash()
    assert v.insert(5000, hold_stack=True) == "held"  # STACK answered, no report yet
    return str(s.txn_id)


@pytest.mark.parametrize("report", [5000, 0])  # ID-003's VEND VALID carries no value
def test_note_told_to_stack_stays_unresolved_when_idle_and_its_report_is_its_customers(
        config, store, clock, ledger, fake_validator, report: int) -> None:
    """Idle in the settle window is not "returned" for a note the kiosk told to STACK:
    its stacked report can come after start-up (the unit still stacking, or plugged in
    later); it must then reach the customer it was inserted for, not an orphan record."""
    txn = _told_to_stack_then_died(config, store, clock)
    core = _core(config, store, clock, fake_validator)
    fake_validator.emit(Ready(DENOMS, "CNY"))
    rep = core.start(device_wait_s=0, settle_s=0.05)  # the device says nothing in time
    assert rep.outcomes[0].cash == 0 and _notes(store) == [(txn, 5000, "unresolved")]
    assert any(txn in f for f in rep.flags)
    av = core.availability()  # no other customer's cash while its outcome is unknown
    assert not av.cash and "being processed" in str(av.cash_reason)
    fake_validator.emit(Stacked(report, "CNY"))  # the report comes after start-up
    [credit] = ledger.late_credits(txn)
    assert credit["total"] == 5000 and credit["voucher_code"]
    owners = store.query("SELECT COALESCE(t.origin, t.id) AS owner, t.account FROM"
                         " kiosk_notes n JOIN kiosk_transactions t ON t.id = n.transaction_id"
                         " WHERE n.state = 'stacked'")
    assert [(r["owner"], r["account"]) for r in owners] == [(txn, A)]  # no orphan record
    assert _credited(store) == 5000 and core.availability().cash
    fake_validator.emit(Stacked(report, "CNY"))  # repeated (ACK lost): credited once
    assert _credited(store) == 5000


def test_note_stacked_by_start_up_is_not_presumed_returned_after_another_restart(
        config, store, clock, ledger) -> None:
    """Start-up STACKs a note found in escrow (its row promised it) and dies while it is
    stacking: the next start-up, device idle, must not record it returned either."""
    txn = _previous_life(ledger)  # escrowed, STACK never sent
    v = FakeValidator()
    _core(config, store, clock, v)
    v.emit(Ready(DENOMS, "CNY"))
    assert _device_escrow(v, 5000) is EscrowDecision.STACK  # then killed mid-stack
    v2 = FakeValidator()
    core = _core(config, store, clock, v2)
    v2.emit(Ready(DENOMS, "CNY"))
    core.start(device_wait_s=0, settle_s=0.05)
    assert _notes(store) == [(txn, 5000, "unresolved")]
    v2.emit(Stacked(5000, "CNY"))
    [credit] = ledger.late_credits(txn)
    assert credit["total"] == 5000 and _credited(store) == 5000
