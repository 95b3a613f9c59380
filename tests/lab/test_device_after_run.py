"""After the last life the lab lets the device's escrow timer run, as a real one would."""

from __future__ import annotations

from devices.emulators.id003 import Id003Emulator
from lab.crash import DeviceClock, device_after_run
from lab.invariants import check


def _server() -> dict[str, list[object]]:
    return {"transactions": [], "records": [], "settlements": []}


def _kiosk() -> dict[str, object]:
    return {"chain_ok": True, "pending": 0, "dead_letters": 0, "finals": [], "open": [],
            "notes_stacked": 0, "notes_unresolved": [], "issued": {}, "outbox_ids": []}


def test_note_nobody_answered_is_returned_by_the_device_and_the_run_is_clean() -> None:
    clock = DeviceClock()
    emu = Id003Emulator(clock=clock)
    m = emu.model
    m.power_up, m.inhibited, m.enabled = None, False, {1}
    emu.insert_note(500)  # inserted after the kiosk stopped polling
    stacked, left, timed_out = device_after_run(emu, clock)
    assert (stacked, left, timed_out) == ([], False, 1) and emu.notes_returned == [500]
    assert check(stacked, left, _kiosk(), _server()) == []


def test_note_the_kiosk_credited_but_the_device_returned_still_fails() -> None:
    clock = DeviceClock()
    emu = Id003Emulator(clock=clock)
    m = emu.model
    m.power_up, m.inhibited, m.enabled = None, False, {1}
    emu.insert_note(500)
    stacked, left, _ = device_after_run(emu, clock)
    kiosk = {**_kiosk(), "notes_stacked": 500}
    assert any("kiosk_notes 500 != device 0" in f for f in check(stacked, left, kiosk,
                                                                 _server()))


def test_idle_device_is_left_as_it_is() -> None:
    clock = DeviceClock()
    emu = Id003Emulator(clock=clock)
    assert device_after_run(emu, clock) == ([], False, 0)
