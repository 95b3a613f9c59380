"""CCNET bill validator emulator (bus address 03), written from the CCNET tables.

Speaks ``02 03 LEN DATA CRC16/KERMIT`` frames; answers POLL with the model's state,
ACKs commands with ``00``, refuses unknown or out-of-place commands with ``30`` and
NAKs (``FF``) a host frame with a bad CRC. Event states 81/82 repeat until the host
ACKs them; a host NAK gets the last reply again. While a note is in transport
(``stack_time_s``) the state is 17 stacking; 81 follows when it reaches the cassette.
"""

from __future__ import annotations

from typing import Any

from devices.emulators.crc16 import kermit, kermit_bytes
from devices.emulators.validator_emulator import CNY_NOTES, ValidatorEmulator

STX, ADDR = 0x02, 0x03
OK, BAD, REFUSED = b"\x00", b"\xff", b"\x30"
TRANSIENT = {"accepting": 0x15, "stacking": 0x17, "returning": 0x18, "rejecting": 0x1C}
REASONS = {"inhibit": 0x68, "unknown": 0x65}


def frame(data: bytes) -> bytes:
    head = bytes((STX, ADDR, len(data) + 5)) + data
    return head + kermit_bytes(head)


def bill_entry(value_fen: int) -> bytes:
    """5-byte bill-table entry: digit, "CHN", exponent (bit 7 = negative) of yuan."""
    digit, exponent = value_fen, -2
    while digit % 10 == 0 and digit >= 10:
        digit, exponent = digit // 10, exponent + 1
    exp_byte = exponent if exponent >= 0 else 0x80 | -exponent
    return bytes((digit,)) + b"CHN" + bytes((exp_byte,))


class CcnetEmulator(ValidatorEmulator):
    name = "ccnet"

    def __init__(self, bill_table: tuple[int, ...] = CNY_NOTES, **kwargs: Any) -> None:
        super().__init__(bill_table[:24], **kwargs)
        self._last_reply = frame(OK)
        self._last_was_event = False

    def _reason(self, kind: str) -> int:
        return REASONS[kind]

    def _frames(self, buffer: bytearray) -> list[bytes | None]:
        out: list[bytes | None] = []
        while True:
            while buffer and buffer[0] != STX:
                del buffer[0]
            if len(buffer) < 3:
                return out
            size = buffer[2]
            if size < 6:
                del buffer[0]
                out.append(None)
                continue
            if len(buffer) < size:
                return out
            raw = bytes(buffer[:size])
            if kermit(raw[:-2]) == raw[-2] + 256 * raw[-1] and raw[1] == ADDR:
                del buffer[:size]
                out.append(raw[3:-2])
            else:
                del buffer[0]
                out.append(None)

    def _state(self) -> bytes:
        m = self.model
        self._last_was_event = False
        if m.power_up:
            return bytes(({"plain": 0x10, "validator": 0x11, "stacker": 0x12}[m.power_up],))
        if m.initialising:
            m.initialising = False
            return b"\x13"
        if m.transient:
            kind, arg = m.transient.popleft()
            return bytes((TRANSIENT[kind], arg)) if kind == "rejecting" else \
                bytes((TRANSIENT[kind],))
        if m.transport is not None:
            return bytes((TRANSIENT["stacking"],))
        if m.events:
            kind, index = m.events[0]
            self._last_was_event = True
            return bytes((0x81 if kind == "stacked" else 0x82, index))
        if m.failure is not None:
            return bytes((0x47, m.failure))
        if m.jam:
            return b"\x43" if m.jam == "validator" else b"\x44"
        if not m.cassette_in:
            return b"\x42"
        if m.cassette_full:
            return b"\x41"
        if m.escrow is not None:
            return bytes((0x80, m.escrow))
        return b"\x14" if m.enabled else b"\x19"

    def _answer(self, data: bytes | None) -> bytes | None:
        if data is None:
            return frame(BAD)
        if not data:
            return frame(REFUSED)
        command, args = data[0], data[1:]
        self.commands.append(command)
        m = self.model
        if command == 0x00:  # host ACK of our last data reply
            if self._last_was_event and m.events:
                if not self.ack_arrives():
                    return None  # lost on the line: the report stays and repeats
                m.events.popleft()
            self._last_was_event = False
            return None
        if command == 0xFF:
            return self._last_reply
        self._last_was_event = False  # an ACK only ever answers the reply just sent
        reply: bytes
        if command == 0x33:
            reply = self._state()
        elif command == 0x30:
            self.reset()
            reply = OK
        elif command == 0x31:
            reply = sum(1 << i for i in m.enabled).to_bytes(3, "big") + bytes(3)
        elif command == 0x37:
            reply = b"EMU-CCNET-CNY  " + b"EMU000000001" + bytes(7)
        elif command == 0x41:
            table = b"".join(bill_entry(v) for v in self.bill_table)
            reply = table + bytes(120 - len(table))
        elif m.power_up:
            reply = REFUSED
        elif command == 0x34 and len(args) == 6:
            mask = int.from_bytes(args[:3], "big")
            m.enabled = {i for i in range(len(self.bill_table)) if mask >> i & 1}
            m.inhibited = not m.enabled
            reply = OK
        elif command == 0x32:
            reply = OK
        elif command == 0x35:
            reply = OK if self.stack() else REFUSED
        elif command == 0x36:
            reply = OK if self.return_note() else REFUSED
        elif command == 0x38:
            reply = OK if self.hold() else REFUSED
        else:
            reply = REFUSED
        self._last_reply = frame(reply)
        return self._last_reply
