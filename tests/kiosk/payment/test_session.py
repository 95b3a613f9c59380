"""PaymentSession scenarios with fake devices and a fake clock."""

from __future__ import annotations

from typing import Any

import pytest

from devices.bill_validator import Escrow, EscrowDecision, Jam, Stacked
from devices.card_terminal import CardResult
from kiosk.errors import ServerRejected, ServerUnavailable, SessionError
from kiosk.payment import session_table
from kiosk.payment.session import Order, PaymentSession, SessionEvent
from kiosk.payment.session_table import State
from kiosk.payment.vouchers import VoucherDesk
from kiosk.rules.fees import FeeRule

TOPUP_100 = Order("topup", "13800138000", "CNY", gross=10000, partial_ok=True)
TOPUP_OPEN = Order("topup", "13800138000", "CNY", gross=None, partial_ok=True)
BILL_123 = Order("bill", "1234567890", "CNY", FeeRule("fixed", 100), gross=12200, biller="SG")


def make(ledger, config, clock, validator=None, terminal=None, order=TOPUP_100,
         confirm=None, cap=100000):
    events: list[SessionEvent] = []
    s = PaymentSession(order, ledger=ledger, config=config, cap=cap, clock=clock,
                       validator=validator, terminal=terminal, confirm=confirm,
                       run_async=lambda fn: fn(), observers=[events.append])
    if validator is not None:
        validator.listeners = [s.on_validator_event]
        validator.decider = s.decide_escrow
    return s, events


def test_cash_fixed_amount_completes_when_due_reached(ledger, config, clock, fake_validator):
    s, events = make(ledger, config, clock, fake_validator)
    s.pay_cash()
    assert s.state is State.CASH and fake_validator.enabled == (1000, 2000, 5000, 10000)
    assert fake_validator.insert(5000) == "stacked"
    assert fake_validator.enabled == (1000, 2000, 5000)  # 100 would exceed what is due
    assert fake_validator.insert(5000) == "stacked"
    assert s.state is State.ENDED and s.outcome is not None
    assert (s.outcome.status, s.outcome.gross, s.outcome.cash) == ("completed", 10000, 10000)
    assert s.outcome.record["notes"] == {"5000": 2}
    assert [e.kind for e in events][-1] == "ended"


def test_escrow_returns_note_that_would_exceed_due(ledger, config, clock, fake_validator):
    s, events = make(ledger, config, clock, fake_validator)
    s.pay_cash()
    fake_validator.insert(5000)
    fake_validator.enabled = (10000,)  # a device that ignores enable() still gets RETURN
    assert fake_validator.insert(10000) == "returned"
    assert s.cash == 5000 and s.state is State.CASH
    assert any(e.kind == "note_returned" for e in events)


def test_escrow_recorded_before_stack(ledger, config, clock, fake_validator):
    s, _ = make(ledger, config, clock, fake_validator)
    s.pay_cash()
    assert s.decide_escrow(Escrow(2000, "CNY")) is EscrowDecision.STACK
    notes = ledger.store.query("SELECT amount, state FROM kiosk_notes")
    assert notes == [{"amount": 2000, "state": "escrowed"}]
    assert s.state is State.ESCROW and s.cash == 0  # not credited on escrow
    s.on_validator_event(Stacked(2000, "CNY"))
    assert s.cash == 2000 and s.state is State.CASH


def test_observer_sees_total_only_after_journal(ledger, config, clock, fake_validator):
    s, _ = make(ledger, config, clock, fake_validator)
    seen: list[int] = []

    def check(ev: SessionEvent) -> None:
        if ev.kind == "paid":
            rows = ledger.store.query("SELECT COUNT(*) AS n FROM kiosk_notes WHERE state='stacked'")
            seen.append(rows[0]["n"])
    s.observers.append(check)
    s.pay_cash()
    fake_validator.insert(1000)
    assert seen == [1]


def test_open_topup_stops_at_cap(ledger, config, clock, fake_validator):
    s, _ = make(ledger, config, clock, fake_validator, order=TOPUP_OPEN, cap=15000)
    s.pay_cash()
    fake_validator.insert(10000)
    assert fake_validator.enabled == (1000, 2000, 5000)
    fake_validator.insert(5000)
    assert s.state is State.ENDED and s.outcome and s.outcome.gross == 15000


def test_open_topup_finish(ledger, config, clock, fake_validator):
    s, _ = make(ledger, config, clock, fake_validator, order=TOPUP_OPEN)
    s.pay_cash()
    fake_validator.insert(2000)
    s.finish()
    assert s.outcome and (s.outcome.status, s.outcome.total) == ("completed", 2000)


def test_cancel_with_cash_in_asks_and_never_completes_by_itself(ledger, config, clock,
                                                                 fake_validator):
    """Issue 15: "取消" with ¥50 in used to complete a ¥50 top-up without a word."""
    s, events = make(ledger, config, clock, fake_validator)
    s.pay_cash()
    fake_validator.insert(5000)
    assert s.cancel() == "choose"
    assert s.state is State.CASH and s.outcome is None
    choose = [e for e in events if e.kind == "choose"][-1]
    assert choose.detail == {"why": "cancel",
                             "options": ["complete_with_paid", "keep_as_voucher", "continue"]}
    assert s.finish() == "choose"  # "完成并支付" short of the amount: the same question
    assert s.outcome is None
    s.keep_as_voucher()
    out = s.outcome
    assert out and (out.status, out.gross, out.voucher_amount) == ("credited", 0, 5000)
    assert out.voucher_code and len(out.voucher_code) == 16


def test_cancel_topup_then_complete_with_what_was_inserted(ledger, config, clock,
                                                           fake_validator):
    s, _ = make(ledger, config, clock, fake_validator)
    s.pay_cash()
    fake_validator.insert(5000)
    assert s.cancel() == "choose"
    s.complete_with_paid()
    assert s.outcome and (s.outcome.status, s.outcome.gross, s.outcome.voucher_code) == (
        "completed", 5000, None)


def test_cancel_before_any_money_ends_the_session(ledger, config, clock, fake_validator):
    s, _ = make(ledger, config, clock, fake_validator)
    s.pay_cash()
    assert s.cancel() == "ended"
    assert s.outcome and s.outcome.status == "cancelled"


def test_cancel_bill_issues_voucher_then_redeem(ledger, config, clock, fake_validator):
    s, _ = make(ledger, config, clock, fake_validator, order=BILL_123)
    s.pay_cash()
    fake_validator.insert(10000)
    assert s.cancel() == "choose"
    with pytest.raises(SessionError):  # a bill is not paid in part
        s.complete_with_paid()
    s.keep_as_voucher()
    out = s.outcome
    assert out and out.status == "credited" and out.voucher_amount == 10000 and out.voucher_code
    assert fake_validator.enabled == ()
    # a later session here (no server: the offline rule, the voucher is still unsent)
    # redeems it and pays the rest in cash
    s2, _ = make(ledger, config, clock, fake_validator, order=BILL_123)
    s2.vouchers = VoucherDesk(ledger, None, "CNY")
    assert s2.redeem_voucher(out.voucher_code) == 10000
    with pytest.raises(Exception, match=r"already applied|already used"):
        s2.redeem_voucher(out.voucher_code)
    s2.pay_cash()
    # 2300 left: 1000 and 2000 fit; no mix of notes pays 2300 exactly, so the one
    # smallest note above it (5000) is taken too, the difference as a change voucher
    assert fake_validator.enabled == (1000, 2000, 5000)
    fake_validator.insert(2000)
    assert fake_validator.enabled == (1000,)  # 300 left: 1000 is the smallest above
    assert s2.cancel() == "choose"
    s2.keep_as_voucher()  # the voucher is released untouched, the cash becomes a voucher
    assert s2.outcome and s2.outcome.status == "credited" and s2.outcome.voucher_amount == 2000
    assert s2.outcome.voucher_in == 0
    s3, _ = make(ledger, config, clock, fake_validator, order=BILL_123)
    s3.vouchers = VoucherDesk(ledger, None, "CNY")
    assert s3.redeem_voucher(out.voucher_code) == 10000  # still whole
    s3.pay_cash()
    fake_validator.insert(2000)
    fake_validator.insert(1000)
    out3 = s3.outcome
    assert out3 and (out3.status, out3.gross, out3.voucher_in, out3.cash) == (
        "completed", 12200, 10000, 3000)
    assert out3.voucher_amount == 700 and out3.voucher_code  # the change


def test_bill_fee_split(ledger, config, clock, fake_validator):
    order = Order("bill", "1", "CNY", FeeRule("fixed", 100), gross=4900, biller="SG")
    s, _ = make(ledger, config, clock, fake_validator, order=order)
    s.pay_cash()
    fake_validator.insert(5000)
    assert s.outcome and (s.outcome.gross, s.outcome.fee, s.outcome.total) == (4900, 100, 5000)


def test_inactivity_still_there_more_time_then_timeout(ledger, config, clock):
    s, events = make(ledger, config, clock)
    clock.advance(59)
    s.tick()
    assert s.state is State.READY
    clock.advance(1)
    s.tick()
    assert s.state is State.STILL_THERE and events[-1].kind == "still_there"
    s.more_time()
    assert s.state is State.READY
    clock.advance(60)
    s.tick()
    clock.advance(20)
    s.tick()
    assert s.state is State.ENDED and s.outcome is None  # nothing paid, no transaction


def test_cash_walkaway_completes_with_inserted(ledger, config, clock, fake_validator):
    s, _ = make(ledger, config, clock, fake_validator)
    s.pay_cash()
    fake_validator.insert(2000)
    clock.advance(60)
    s.tick()
    assert s.state is State.CASH_STILL_THERE and fake_validator.enabled == ()
    clock.advance(20)
    s.tick()
    assert s.outcome and s.outcome.status == "completed" and s.outcome.gross == 2000


def test_configurable_inactivity(ledger, clock):
    from kiosk.config import load
    cfg = load(None, env={"KIOSK_TIMEOUTS__INACTIVITY_S": "5",
                          "KIOSK_TIMEOUTS__STILL_THERE_S": "2"})
    s, _ = make(ledger, cfg, clock)
    clock.advance(5)
    s.tick()
    clock.advance(2)
    s.tick()
    assert s.state is State.ENDED


def test_escrow_timeout_then_late_stack_becomes_voucher(ledger, config, clock, fake_validator):
    s, events = make(ledger, config, clock, fake_validator, order=BILL_123)
    s.pay_cash()
    assert fake_validator.insert(5000, hold_stack=True) == "held"
    clock.advance(30)
    s.tick()
    assert s.state is State.ENDED and s.outcome and s.outcome.status == "cancelled"
    fake_validator.finish_stack()  # the device finally reports it
    vouchers = ledger.store.query("SELECT amount, status FROM kiosk_vouchers")
    assert vouchers == [{"amount": 5000, "status": "issued"}]
    [late] = [e for e in events if e.kind == "late_credit"]
    assert late.detail["origin"] == s.txn_id and late.detail["voucher_code"]
    [credit] = ledger.late_credits(str(s.txn_id))  # bound to its own payment
    assert credit["voucher_code"] == late.detail["voucher_code"]


def test_fault_in_cash_ends_safely(ledger, config, clock, fake_validator):
    s, _ = make(ledger, config, clock, fake_validator, order=BILL_123)
    s.pay_cash()
    fake_validator.insert(5000)
    fake_validator.emit(Jam("validator"))
    assert s.outcome and s.outcome.status == "credited" and s.outcome.voucher_amount == 5000


def test_actions_not_allowed_raise_or_are_ignored(ledger, config, clock, fake_validator):
    s, _ = make(ledger, config, clock, fake_validator)
    s.more_time()  # not in READY's row: ignored
    assert s.state is State.READY
    with pytest.raises(SessionError):
        s.pay_card()  # no terminal
    s.cancel()
    with pytest.raises(SessionError):
        s.pay_cash()


# -- card ---------------------------------------------------------------------------
def _confirm_ok(calls: list[Any]):
    def confirm(record: dict[str, Any], created_at: str) -> None:
        calls.append(record)
    return confirm


def test_card_approved_and_confirmed(ledger, config, clock, fake_terminal):
    calls: list[Any] = []
    fake_terminal.approve_next(12200)
    s, events = make(ledger, config, clock, terminal=fake_terminal, order=BILL_123,
                     confirm=_confirm_ok(calls))
    s.pay_card()
    out = s.outcome
    assert out and out.status == "completed" and out.card == 12300 and out.gross == 12200
    assert calls == [out.record]  # what the server confirmed is exactly what gets synced
    assert out.record["card_info"]["masked_pan"] == "622848******1234"
    assert any(e.kind == "card_progress" for e in events)


def test_card_declined_back_to_ready_then_cash(ledger, config, clock, fake_terminal,
                                               fake_validator):
    fake_terminal.results.append(CardResult("declined", reason="insufficient funds"))
    s, events = make(ledger, config, clock, fake_validator, fake_terminal, order=BILL_123,
                     confirm=_confirm_ok([]))
    s.pay_card()
    assert s.state is State.READY
    assert any(e.kind == "card_declined" for e in events)
    s.cancel()
    assert s.outcome and s.outcome.status == "cancelled"


@pytest.mark.parametrize("exc, status", [
    (ServerRejected("account closed", 422), "reversed"),
    (ServerUnavailable("down"), "reversed"),
])
def test_card_not_confirmed_is_reversed(ledger, config, clock, fake_terminal, exc, status):
    fake_terminal.approve_next(12200)

    def confirm(record: dict[str, Any], created_at: str) -> None:
        raise exc
    s, _ = make(ledger, config, clock, terminal=fake_terminal, order=BILL_123, confirm=confirm)
    s.pay_card()
    assert s.outcome and s.outcome.status == status and s.outcome.card == 0
    assert fake_terminal.reversed == [101]
    hist = [r["status"] for r in ledger.store.query(
        "SELECT status FROM kiosk_status_history ORDER BY id")]
    assert hist == ["open", "card_pending", "card_approved", "reversing", status]


def test_card_reversal_failure_is_recorded(ledger, config, clock, fake_terminal):
    fake_terminal.approve_next(12200)
    fake_terminal.reverse_results.append(CardResult("error", reason="link down"))

    def confirm(record: dict[str, Any], created_at: str) -> None:
        raise ServerUnavailable("down")
    s, _ = make(ledger, config, clock, terminal=fake_terminal, order=BILL_123, confirm=confirm)
    s.pay_card()
    assert s.outcome and s.outcome.status == "failed"


def test_card_unknown_result_fails(ledger, config, clock, fake_terminal):
    fake_terminal.results.append(CardResult("unknown", reason="link lost"))
    s, _ = make(ledger, config, clock, terminal=fake_terminal, order=BILL_123,
                confirm=_confirm_ok([]))
    s.pay_card()
    assert s.outcome and s.outcome.status == "failed"


def test_card_timeout_aborts(ledger, config, clock, fake_terminal):
    pending: list[Any] = []
    s = PaymentSession(BILL_123, ledger=ledger, config=config, cap=100000, clock=clock,
                       terminal=fake_terminal, confirm=_confirm_ok([]),
                       run_async=pending.append)
    s.pay_card()
    assert s.state is State.CARD
    clock.advance(180)
    s.tick()
    assert s.state is State.CARD_ABORTING and fake_terminal.aborted.is_set()
    fake_terminal.results.append(CardResult("aborted"))
    pending.pop()()
    assert s.state is State.ENDED and s.outcome and s.outcome.status == "cancelled"


def test_card_needs_fixed_amount(ledger, config, clock, fake_terminal):
    s, _ = make(ledger, config, clock, terminal=fake_terminal, order=TOPUP_OPEN,
                confirm=_confirm_ok([]))
    with pytest.raises(SessionError):
        s.pay_card()


@pytest.mark.parametrize("state, event", [
    (st, ev) for st, spec in session_table.TABLE.items()
    for ev in spec.transitions])
def test_every_table_transition(ledger, config, clock, fake_validator, state, event):
    from kiosk.payment.session_table import TABLE
    s, _ = make(ledger, config, clock, fake_validator, order=TOPUP_OPEN)
    s.ensure_txn("cash")
    s.state = state
    assert s._do(lambda: s.fire(event, "walk")) is True
    expected = TABLE[state].transitions[event]
    assert s.state is expected
    if expected is State.ENDED:
        assert s.ended.is_set() and s.outcome and s.outcome.status == "cancelled"
        assert fake_validator.enabled == ()
    elif expected is State.CASH:
        assert fake_validator.enabled  # notes that fit are enabled on entering CASH
