"""KioskCore with fake devices: availability reasons, routing, orphan notes, offline."""

from __future__ import annotations

from typing import Any

import pytest

from devices.bill_validator import Ready, Stacked
from kiosk.config import load
from kiosk.errors import ServerRejected, ServerUnavailable, SessionError, ValidationError
from kiosk.payment.core import KioskCore
from kiosk.remote.server_client import MobileInfo
from tests.support.fakes import TEST_SECRET, signed_allowance

WATER = {"code": "CITY_WATER", "name_zh": "水", "name_en": "Water",
         "account_pattern": r"^\d{8}$", "account_length": 8, "check_digit": None,
         "allow_overpay": False, "allow_offline_cash": True,
         "fee": {"type": "fixed", "value": 100}, "commission_bp": 50}


class Offline:
    online = False

    def mobile(self, msisdn: str) -> Any:
        raise ServerUnavailable("down")

    def bill(self, biller: str, account: str) -> Any:
        raise ServerUnavailable("down")


@pytest.fixture
def core(config, store, clock, fake_validator, fake_terminal):
    c = KioskCore(config, store, validator=fake_validator, terminal=fake_terminal,
                  server=Offline(), wall_clock=clock, clock=clock,  # type: ignore[arg-type]
                  run_async=lambda fn: fn(), secret=TEST_SECRET)
    c.catalog.update({"version": "1", "billers": [WATER]})
    c.accept_allowance(signed_allowance(clock()))
    fake_validator.emit(Ready((1000, 2000, 5000, 10000), "CNY"))
    c.start(device_wait_s=0)
    return c


def test_offline_availability_has_reasons(core):
    av = core.availability()
    assert av.cash and av.cash_cap == 50000
    assert not av.card and "offline" in str(av.card_reason)
    assert not av.queries and "offline" in str(av.queries_reason)
    with pytest.raises(ServerUnavailable):
        core.query_balance("13800138000")


def test_offline_bill_is_open_cash_amount(core, fake_validator):
    s = core.start_bill("CITY_WATER", "20260001")
    assert s.order.due is None and s.order.offline
    core.pay_cash()
    fake_validator.insert(5000)
    core.finish()
    assert s.outcome and (s.outcome.gross, s.outcome.fee) == (4900, 100)
    with pytest.raises(ValidationError):
        core.start_bill("CITY_WATER", "123")


def test_one_session_at_a_time_and_topup_validation(core):
    with pytest.raises(ValidationError):
        core.start_topup("12345", None)
    with pytest.raises(ValidationError):
        core.start_topup("13800138000", 1234)
    core.start_topup("13800138000", 5000)
    with pytest.raises(SessionError):
        core.start_topup("13800138000", 5000)


def test_note_without_session_is_bound_to_a_voucher(core, fake_validator):
    fake_validator.emit(Stacked(2000, "CNY"))
    rows = core.ledger.store.query("SELECT amount, status FROM kiosk_vouchers")
    assert rows == [{"amount": 2000, "status": "issued"}]


def test_cash_disabled_beyond_offline_total(core, fake_validator):
    for _ in range(4):
        core.start_topup("13800138000", None)
        core.pay_cash()
        for _ in range(5):
            fake_validator.insert(10000)
        assert core.session and core.session.ended.is_set()
    av = core.availability()
    assert not av.cash and "unsynced total" in str(av.cash_reason)


def test_receipt_for_outcome(core, fake_validator):
    s = core.start_topup("13800138000", 5000)
    core.pay_cash()
    fake_validator.insert(5000)
    doc = core.receipt(s.outcome)
    assert any("50.00" in line for line in doc.lines)


def test_ticker_drives_timeouts(config, store, fake_validator):
    import threading
    import time as _time

    from kiosk.config import load
    cfg = load(None, env={"KIOSK_TIMEOUTS__INACTIVITY_S": "0.05",
                          "KIOSK_TIMEOUTS__STILL_THERE_S": "0.05"})
    c = KioskCore(cfg, store, validator=fake_validator, clock=_time.monotonic)
    fake_validator.emit(Ready((1000,), "CNY"))
    c.start(device_wait_s=0)
    ended = threading.Event()
    c.add_observer(lambda ev: ended.set() if ev.kind == "ended" else None)
    c.start_topup("13800138000", None)
    c.start_ticker(interval_s=0.01)
    try:
        assert ended.wait(5)
    finally:
        c.close()


class Online:
    online = True

    def mobile(self, msisdn: str) -> Any:
        return MobileInfo(msisdn, "China Mobile", True, 0)

    def confirm_transaction(self, record: Any, created_at: str) -> None: ...


class UnknownNumber:
    """Online server that does not know the number (404 unknown_operator / account)."""

    online = True

    def __init__(self, status: int = 404) -> None:
        self.status = status

    def mobile(self, msisdn: str) -> Any:
        raise ServerRejected("unknown_operator", self.status)

    def confirm_transaction(self, record: Any, created_at: str) -> None: ...


@pytest.mark.parametrize("status", [404, 422])
def test_server_not_knowing_the_number_is_a_validation_error(config, store, clock,
                                                              fake_validator, status):
    c = KioskCore(config, store, validator=fake_validator,
                  server=UnknownNumber(status),  # type: ignore[arg-type]
                  wall_clock=clock, clock=clock, run_async=lambda fn: fn())
    fake_validator.emit(Ready((1000, 2000, 5000, 10000), "CNY"))
    c.start(device_wait_s=0)
    with pytest.raises(ValidationError, match="not a supported operator"):
        c.start_topup("17212345678", 5000)
    with pytest.raises(ValidationError, match="not a supported operator"):
        c.query_balance("17212345678")
    assert c.session is None


def _core_with(tmp_config: dict[str, str], store, clock, fake_validator) -> KioskCore:
    c = KioskCore(load(None, env=tmp_config), store, validator=fake_validator,
                  server=Offline(), wall_clock=clock, clock=clock,  # type: ignore[arg-type]
                  run_async=lambda fn: fn(), secret=TEST_SECRET)
    c.accept_allowance(signed_allowance(clock()))
    fake_validator.emit(Ready((1000, 2000, 5000, 10000), "CNY"))
    c.start(device_wait_s=0)
    return c


def test_escrow_timeout_comes_from_config(store, clock, fake_validator):
    c = _core_with({"KIOSK_TIMEOUTS__ESCROW_S": "5"}, store, clock, fake_validator)
    s = c.start_topup("13800138000", None)
    c.pay_cash()
    assert fake_validator.insert(5000, hold_stack=True) == "held"
    assert s.state.value == "escrow"
    clock.advance(4.9)
    c.tick()
    assert s.state.value == "escrow"
    clock.advance(0.2)
    c.tick()
    assert s.ended.is_set()


def test_card_abort_timeout_comes_from_config(store, clock, fake_validator, fake_terminal):
    c = KioskCore(load(None, env={"KIOSK_TIMEOUTS__CARD_ABORT_S": "3"}), store,
                  terminal=fake_terminal, server=Online(), wall_clock=clock, clock=clock,
                  run_async=lambda fn: None)  # type: ignore[arg-type]
    c.start(device_wait_s=0)
    s = c.start_topup("13800138000", 5000)
    c.pay_card()
    c.cancel()
    assert s.state.value == "card_aborting"
    clock.advance(2.9)
    c.tick()
    assert s.state.value == "card_aborting"
    clock.advance(0.2)
    c.tick()
    assert s.ended.is_set()


@pytest.mark.parametrize("env, due, split", [
    ({"KIOSK_FEES__TOPUP_FIXED": "100"}, 5100, (5900, 100, 0)),
    ({"KIOSK_FEES__TOPUP_PERCENT_BP": "150", "KIOSK_FEES__TOPUP_COMMISSION_BP": "20"},
     5075, (5911, 89, 12)),
    ({}, 5000, (6000, 0, 0)),
])
def test_topup_fees_come_from_config(store, clock, fake_validator, env, due, split):
    c = _core_with(env, store, clock, fake_validator)
    assert c.start_topup("13800138000", 5000).order.due == due
    c.cancel()
    s = c.start_topup("13800138000", None)  # open amount: the fee comes out of what is paid
    c.pay_cash()
    fake_validator.insert(5000)
    fake_validator.insert(1000)
    c.finish()
    out = s.outcome
    assert out is not None and (out.gross, out.fee, out.commission) == split


def test_switch_gate_waits_for_an_idle_kiosk_and_then_refuses_sessions(core, fake_validator):
    from devices.bill_validator import Escrow

    s = core.start_topup("13800138000", 5000)
    assert core.hold_for_switch() == "a customer session is open"
    s.cancel()
    assert s.ended.is_set()
    fake_validator.emit(Escrow(1000, "CNY"))  # a late note on its way to the stacker
    assert core.hold_for_switch() == "a note is in transport"
    fake_validator.emit(Stacked(1000, "CNY"))
    assert core.hold_for_switch() is None
    with pytest.raises(SessionError, match="restarting"):
        core.start_topup("13800138000", 5000)
    core.release_hold()
    core.start_topup("13800138000", 5000)
