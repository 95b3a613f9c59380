"""The lab's customer hand across a kiosk life that ends (lab/worker_proc.py).

Found by the campaign of 2026-12-03 (CCNET seed 224, kill point ``random``, lost ACKs,
validator unplugged at restart; reproduced under an instrumented replay): the killed
life's customer had pushed a note into the busy unit, where it waited at the entry. The
next life's start-up drew it in while acceptance was inhibited and the device refused
it; that rejection reached the next customer's session as ``note_rejected``, which that
customer took for the outcome of their own note, so they inserted another and cancelled
with it still at the entry, and the customer after them was credited with it
(``misattributed``). A customer whose kiosk died keeps the note they were holding at the
slot: it must not outlive their life and be drawn in for somebody else.
"""

from __future__ import annotations

from devices.emulators.ccnet import CcnetEmulator
from lab.worker_proc import WorkerProc


def test_note_waiting_at_the_entry_goes_back_with_its_customer_when_the_life_ends(
        tmp_path) -> None:
    emu = CcnetEmulator()
    emu.model.events.append(("stacked", 1))  # busy: a report not yet ACKed
    emu.insert_note(500, "customer of the killed life")
    assert emu.busy() and list(emu._entry) == [500]
    w = WorkerProc(emu, ["--no-such-option"], stderr=tmp_path / "worker.log")  # exits at once
    assert w.wait(30) not in (None, 0)
    emu.model.events.clear()  # the next life ACKs the report; the unit idles, enabled
    emu.model.power_up, emu.model.inhibited, emu.model.enabled = None, False, {1}
    emu.draw_in()
    assert emu.model.escrow is None and emu.notes_rejected == []
    assert emu.notes_taken_back == [500] and emu.stacked_tags == []


def test_a_note_left_at_the_entry_by_an_ended_session_goes_back_before_the_next_customer():
    """Within one life: a session the kiosk ended (timeout) while its customer's note
    waited at the busy unit's entry. Before: it stayed there and was drawn in for the
    next customer (``tests/lab/test_crash.py`` seed 1013, misattributed)."""
    emu = CcnetEmulator()
    emu.model.events.append(("stacked", 1))  # busy
    emu.insert_note(500, "txn-A")
    emu.insert_note(1000, "txn-B")
    assert emu.take_back_entry(keep_tag="txn-B") == [500]  # B's insert: A's note leaves
    assert list(emu._entry) == [1000]
    assert emu.take_back_entry() == [1000]  # B's session over: B keeps theirs too
    assert emu.notes_taken_back == [500, 1000] and list(emu._entry) == []
