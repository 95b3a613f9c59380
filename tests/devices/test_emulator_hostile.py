"""The emulators behave like real validators on their bad days (issue 14's adversary).

Each test drives the real driver over a pty against one hostile behaviour and checks
the device side (the emulator's counters are the ground truth) and what the driver
reports: slow stacking, an ACK lost on the line, the link dropping while a note is
stacking, the validator unplugged when the host starts and plugged in later, RESET
ejecting a note waiting at the entry, power lost with a note in the bill path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from devices.emulators.validator_emulator import ValidatorEmulator
from devices.factory import open_bill_validator
from devices.validator_driver import EventQueue

from .conftest import EMULATORS, FAST, Rig


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _slow(rig: Any, seconds: float) -> Clock:
    clock = Clock()
    rig.emu.clock = clock
    rig.emu.stack_time_s = seconds
    return clock


def test_slow_stacking_reports_stacked_only_in_the_cassette(rig: Any) -> None:
    clock = _slow(rig, 45.0)  # longer than the kiosk's escrow timeout (30 s)
    rig.start()
    rig.emu.insert_note(5000)
    rig.until(lambda: rig.emu.model.transport is not None)
    rig.drain()
    assert "stacked" not in rig.names() and rig.emu.notes_stacked == []
    assert "stacking" in rig.driver.device_state
    clock.now += 45.0
    assert rig.wait("stacked").amount == 5000
    assert rig.emu.notes_stacked == [5000]


def test_lost_ack_repeats_the_report_and_it_is_credited_once(rig: Any) -> None:
    rig.start()
    rig.emu.lose_acks(2)
    rig.emu.insert_note(1000)
    rig.wait("stacked")
    rig.until(lambda: not rig.emu.model.events)
    rig.drain()
    assert rig.emu.acks_lost == 2
    assert rig.names().count("stacked") == 1 and rig.emu.notes_stacked == [1000]


def test_link_drop_while_stacking_then_the_report_arrives_once(rig: Any) -> None:
    clock = _slow(rig, 5.0)
    rig.start()
    rig.emu.insert_note(2000)
    rig.until(lambda: rig.emu.model.transport is not None)
    rig.emu.set_silent(True)
    rig.wait("disconnected")
    clock.now += 5.0
    rig.until(lambda: rig.emu.notes_stacked == [2000])  # the device finished meanwhile
    rig.emu.set_silent(False)
    stacked = rig.wait("stacked")
    assert stacked.amount == 2000  # the driver kept its escrow record across the outage
    rig.drain()
    assert rig.names().count("stacked") == 1 and not rig.emu.model.events


@pytest.mark.parametrize("protocol", ["ccnet", "id003"])
def test_unplugged_at_start_then_plugged_in(tmp_path: Path, protocol: str) -> None:
    emu: ValidatorEmulator = EMULATORS[protocol](link=str(tmp_path / "bill"))
    path = emu.start(plugged=False)
    driver: Any = open_bill_validator(protocol, path, **FAST)
    events = EventQueue()
    driver.add_listener(events)
    try:
        driver.start()
        assert not Path(path).exists()
        assert events.get(timeout=5).event == "disconnected"
        emu.plug()
        rig = Rig.__new__(Rig)  # reuse the waiting helper on this driver's queue
        rig.queue, rig.events = events, []
        rig.wait("ready")
        assert driver.diagnostics()["connected"]
    finally:
        driver.close()
        emu.stop()


def test_reset_ejects_a_note_waiting_at_the_entry(rig: Any) -> None:
    rig.start()
    with rig.emu.lock:
        rig.emu.model.transient.append(("accepting", 0))  # busy: the next note waits
        rig.emu.insert_note(500)
        assert rig.emu.notes_returned == [] and rig.emu.busy()
        rig.emu.power_cycle()  # power-up: the host must RESET
    rig.wait("ready")
    assert rig.emu.notes_returned == [500] and rig.emu.notes_stacked == []


def test_power_lost_with_a_note_in_transport_powers_up_bill_in_stacker(rig: Any) -> None:
    _slow(rig, 60.0)
    rig.start()
    rig.emu.insert_note(10000)
    rig.until(lambda: rig.emu.model.transport is not None)
    rig.emu.power_cycle()
    event = rig.wait("power_up_with_bill")
    assert event.location == "stacker"
    rig.wait("ready")
    assert rig.emu.notes_stacked == [10000]  # RESET let it finish into the cassette
