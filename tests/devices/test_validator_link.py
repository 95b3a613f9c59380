"""Both drivers against their emulators over a real pty: every event and every fault."""

from __future__ import annotations

import json
from typing import Any

from devices.bill_validator import EscrowDecision, PowerUpWithBill, Stacked

CNY = (100, 500, 1000, 2000, 5000, 10000)


def test_ready_reports_device_bill_table(rig: Any) -> None:
    rig.driver.start()
    ready = rig.wait("ready")
    assert ready.denominations == CNY and ready.currency == "CNY"
    assert rig.driver.denominations() == CNY


def test_escrow_then_stack_credits_once(rig: Any) -> None:
    rig.start()
    rig.emu.insert_note(10000)
    escrow = rig.wait("escrow")
    stacked = rig.wait("stacked")
    assert (escrow.amount, stacked.amount, stacked.currency) == (10000, 10000, "CNY")
    rig.drain()
    assert rig.names().count("stacked") == 1
    assert rig.emu.notes_stacked == [10000]
    assert rig.driver.diagnostics()["amount_stacked"] == 10000


def test_escrow_then_return(rig: Any) -> None:
    rig.decision = EscrowDecision.RETURN
    rig.start()
    rig.emu.insert_note(2000)
    assert rig.wait("returned").amount == 2000
    assert rig.emu.notes_returned == [2000] and rig.emu.notes_stacked == []
    assert "stacked" not in rig.names()


def test_disabled_denomination_is_rejected_with_reason(rig: Any) -> None:
    rig.start(enable=False)
    rig.driver.enable([100, 500])
    rig.until(lambda: rig.emu.model.enabled == {0, 1})
    rig.emu.insert_note(10000)
    assert rig.wait("rejected").reason in ("inhibit",)
    rig.emu.insert_note(500)
    assert rig.wait("stacked").amount == 500


def test_unknown_note_is_rejected(rig: Any) -> None:
    rig.start()
    rig.emu.insert_note(300)
    assert rig.wait("rejected").reason in ("identification", "denomination assessment")


def test_jam_and_clear(rig: Any) -> None:
    rig.start()
    rig.emu.jam()
    assert rig.wait("jam").where == "validator"
    rig.emu.clear_jam()
    rig.wait("ready")
    rig.emu.jam("cassette")
    assert rig.wait("jam").where == "cassette"


def test_cassette_removed_full_and_back(rig: Any) -> None:
    rig.start()
    rig.emu.cassette_full()
    rig.wait("cassette_full")
    rig.emu.remove_cassette()
    rig.wait("cassette_removed")
    rig.emu.insert_cassette()
    rig.wait("ready")


def test_failure_is_a_fault_with_code(rig: Any) -> None:
    rig.start()
    code = 0x50 if rig.protocol == "ccnet" else 0xA2
    rig.emu.fail(code)
    fault = rig.wait("fault")
    assert fault.code == code and "stack motor" in fault.text


def test_corrupt_reply_is_retried_not_credited_twice(rig: Any) -> None:
    rig.start()
    rig.on_escrow = rig.emu.corrupt_next  # corrupt the reply to STACK
    rig.emu.insert_note(5000)
    rig.wait("stacked")
    rig.emu.corrupt_next()  # and one poll reply afterwards
    rig.drain()
    assert rig.names().count("stacked") == 1 and "disconnected" not in rig.names()
    assert rig.driver.diagnostics()["crc_errors"] >= 2
    assert rig.emu.notes_stacked == [5000]


def test_silence_mid_transaction_then_reconnect_stacks_once(rig: Any) -> None:
    rig.start()
    rig.on_escrow = lambda: rig.emu.set_silent(True)
    rig.emu.insert_note(10000)
    rig.wait("disconnected")
    rig.on_escrow = None
    rig.emu.set_silent(False)
    rig.wait("reconnected")
    rig.wait("stacked")
    rig.drain()
    assert rig.names().count("escrow") == 1 and rig.names().count("stacked") == 1
    assert rig.emu.notes_stacked == [10000]


def test_silence_when_idle_disconnects_and_reconnects(rig: Any) -> None:
    rig.start()
    rig.emu.set_silent(True)
    assert rig.wait("disconnected").reason
    rig.emu.set_silent(False)
    rig.wait("reconnected")
    rig.wait("ready")
    rig.until(lambda: bool(rig.emu.model.enabled))  # enables re-applied after reconnect
    rig.emu.insert_note(100)
    assert rig.wait("stacked").amount == 100


def test_power_cycle_with_note_in_validator(rig: Any) -> None:
    rig.start()
    rig.on_escrow = lambda: rig.emu.power_cycle(note_in="validator")
    rig.emu.insert_note(2000)
    event = rig.wait("power_up_with_bill")
    assert event == PowerUpWithBill("validator", 2000)
    rig.wait("ready")
    rig.drain()
    assert "stacked" not in rig.names()
    assert rig.emu.notes_returned == [2000] and rig.emu.notes_stacked == []


def test_power_cycle_with_note_in_stacker_is_reported_not_credited(rig: Any) -> None:
    rig.start()
    rig.on_escrow = lambda: rig.emu.power_cycle(note_in="stacker")
    rig.emu.insert_note(5000)
    assert rig.wait("power_up_with_bill") == PowerUpWithBill("stacker", 5000)
    rig.wait("ready")
    rig.drain()
    assert "stacked" not in rig.names()
    assert rig.emu.notes_stacked == [5000]


def test_plain_power_cycle_reinitialises(rig: Any) -> None:
    rig.start()
    rig.emu.power_cycle()
    rig.wait("ready")
    # ID-003 enables in two settings (C0 mask, then C3 inhibit off): wait for both.
    rig.until(lambda: bool(rig.emu.model.enabled) and not rig.emu.model.inhibited)
    rig.emu.insert_note(1000)
    rig.wait("stacked")
    assert "power_up_with_bill" not in rig.names()


def test_listener_and_decider_errors_do_not_kill_the_driver(rig: Any) -> None:
    def bad_listener(event: Any) -> None:
        # A listener failing on a note report means "not recorded" and blocks its ACK
        # (test_validator_record_fault.py); on any other event it is only counted.
        if event.event not in ("stacked", "returned"):
            raise RuntimeError("listener bug")

    def bad_decider(_event: object) -> EscrowDecision:
        raise RuntimeError("decider bug")

    rig.driver.add_listener(bad_listener)
    rig.start()
    rig.driver.set_escrow_decider(bad_decider)
    rig.emu.insert_note(100)
    assert rig.wait("returned").amount == 100
    assert rig.driver.diagnostics()["listener_errors"] > 0
    rig.driver.set_escrow_decider(lambda _e: EscrowDecision.STACK)
    rig.emu.insert_note(100)
    assert isinstance(rig.wait("stacked"), Stacked)


def test_slow_device_within_timeout_still_works(rig: Any) -> None:
    rig.start()
    rig.emu.set_delay(0.03)
    rig.emu.insert_note(1000)
    rig.wait("stacked")
    assert "disconnected" not in rig.names()


def test_diagnostics_are_json(rig: Any) -> None:
    rig.start()
    diag = rig.driver.diagnostics()
    json.dumps(diag)
    assert diag["protocol"] == rig.protocol and diag["connected"] is True


def test_diagnostics_name_the_device_state_for_a_technician(rig: Any) -> None:
    rig.start()
    state = rig.driver.diagnostics()["device_state"]
    # "idling (14)" / "disabled (1A)": the protocol's own name, then its code.
    assert state.split(" (")[0] in ("idling", "unit disabled", "disabled")
    assert state.endswith(")")
    if rig.protocol == "ccnet":
        assert rig.driver.diagnostics()["part_number"]
