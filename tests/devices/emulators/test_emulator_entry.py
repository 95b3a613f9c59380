"""A note inserted while the unit is busy waits at the entry (crash-test finding, ID-003).

The lab's customer put a second note into the ID-003 emulator 0.6 ms after STACK-1,
while the first was still stacking; the emulator took it straight into escrow, the kiosk
finished its session on the first note's report and exited, and the note stayed in
escrow with no kiosk row. A real acceptor draws a note in only when it idles. The serving
loop is played by hand here (``_answer`` then ``draw_in``), so the order is exact.
"""

from __future__ import annotations

from devices.emulators.id003 import Id003Emulator

POLL, STACK_1, ACK = b"\x11", b"\x41", b"\x50"


def _exchange(emu: Id003Emulator, request: bytes) -> int | None:
    """One host frame as the serving thread handles it; the reply's status byte."""
    reply = emu._answer(request)
    emu.draw_in()
    return reply[2] if reply else None


def _enabled() -> Id003Emulator:
    emu = Id003Emulator()
    m = emu.model
    m.power_up, m.inhibited, m.enabled = None, False, set(range(len(emu.bill_table)))
    return emu


def test_note_inserted_while_stacking_is_drawn_in_after_the_stacked_report() -> None:
    emu = _enabled()
    emu.insert_note(2000)
    assert [_exchange(emu, POLL), _exchange(emu, POLL)] == [0x12, 0x13]
    assert _exchange(emu, STACK_1) == 0x50
    emu.insert_note(5000)  # the customer's next note, while the first is stacking
    assert emu.model.escrow is None and emu.busy()
    assert [_exchange(emu, POLL), _exchange(emu, POLL)] == [0x14, 0x15]
    assert _exchange(emu, ACK) is None
    assert emu.model.escrow is None  # the stacked report (16) is not through yet
    assert _exchange(emu, POLL) == 0x16
    assert [_exchange(emu, POLL), _exchange(emu, POLL)] == [0x12, 0x13]
    assert emu.notes_stacked == [2000] and emu.bill_table[emu.model.escrow or 0] == 5000


def test_note_waiting_at_the_entry_is_refused_when_the_host_inhibited_meanwhile() -> None:
    emu = _enabled()
    emu.insert_note(2000)
    _exchange(emu, POLL), _exchange(emu, POLL), _exchange(emu, STACK_1)
    emu.insert_note(5000)
    _exchange(emu, POLL), _exchange(emu, POLL), _exchange(emu, ACK)
    assert _exchange(emu, b"\xc3\x01") == 0xC3  # session over: the kiosk inhibits
    assert _exchange(emu, POLL) == 0x16
    assert [_exchange(emu, POLL), _exchange(emu, POLL)] == [0x12, 0x17]  # rejected
    assert emu.model.escrow is None and emu.notes_rejected == [5000]
    assert _exchange(emu, POLL) == 0x1A
