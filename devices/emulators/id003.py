"""ID-003 bill validator emulator, written from the ID-003 tables.

Speaks ``FC LEN CMD DATA CRC16/KERMIT`` frames: STATUS REQUEST gets the model's status,
operation commands get ACK ``50``, settings (C0-C5) are echoed, unknown or out-of-place
commands get ``4B``; a host frame with a bad CRC is ignored (the host resends). VEND
VALID repeats until the host ACKs it, then STACKED is shown once. After power-up only
STATUS REQUEST and RESET are accepted; after RESET the unit initialises and stays
inhibited (1A) until the host sends C3 00. While a note is in transport
(``stack_time_s``) the status is 14 stacking; VEND VALID follows in the cassette.
"""

from __future__ import annotations

from typing import Any

from devices.emulators.crc16 import kermit, kermit_bytes
from devices.emulators.validator_emulator import CNY_NOTES, ValidatorEmulator

SYNC = 0xFC
ACK, INVALID = 0x50, 0x4B
TRANSIENT = {"accepting": 0x12, "stacking": 0x14, "returning": 0x18, "rejecting": 0x17,
             "stacked": 0x16}
REASONS = {"inhibit": 0x79, "unknown": 0x76}
COUNTRY = 0x0A  # country byte this emulator reports; the host takes the currency from config


def frame(command: int, data: bytes = b"") -> bytes:
    head = bytes((SYNC, len(data) + 5, command)) + data
    return head + kermit_bytes(head)


def currency_entry(code: int, value_fen: int) -> bytes:
    """(escrow code, country, base, exponent) with value = base x 10^exponent yuan."""
    base, exponent = value_fen // 100, 0
    while base > 255 or (base % 10 == 0 and base >= 10):
        base, exponent = base // 10, exponent + 1
    return bytes((code, COUNTRY, base, exponent))


class Id003Emulator(ValidatorEmulator):
    name = "id003"

    def __init__(self, bill_table: tuple[int, ...] = CNY_NOTES, **kwargs: Any) -> None:
        super().__init__(bill_table[:8], **kwargs)

    def _reason(self, kind: str) -> int:
        return REASONS[kind]

    def _frames(self, buffer: bytearray) -> list[bytes | None]:
        out: list[bytes | None] = []
        while True:
            while buffer and buffer[0] != SYNC:
                del buffer[0]
            if len(buffer) < 2:
                return out
            size = buffer[1]
            if size < 5:
                del buffer[0]
                out.append(None)
                continue
            if len(buffer) < size:
                return out
            raw = bytes(buffer[:size])
            if kermit(raw[:-2]) == raw[-2] + 256 * raw[-1]:
                del buffer[:size]
                out.append(raw[2:-2])
            else:
                del buffer[0]
                out.append(None)

    def _status(self) -> bytes:
        m = self.model
        if m.power_up:
            return frame({"plain": 0x40, "validator": 0x41, "stacker": 0x42}[m.power_up])
        if m.initialising:
            m.initialising = False
            return frame(0x1B)
        while m.events and m.events[0][0] == "returned":
            m.events.popleft()  # ID-003 has no "returned" report; RETURNING says it
        if m.transient:
            kind, arg = m.transient.popleft()
            return frame(TRANSIENT[kind], bytes((arg,)) if kind == "rejecting" else b"")
        if m.transport is not None:
            return frame(TRANSIENT["stacking"])
        if m.events:
            return frame(0x15)
        if m.failure is not None:
            return frame(0x49, bytes((m.failure,)))
        if m.jam:
            return frame(0x45 if m.jam == "validator" else 0x46)
        if not m.cassette_in:
            return frame(0x44)
        if m.cassette_full:
            return frame(0x43)
        if m.escrow is not None:
            return frame(0x13, bytes((0x61 + m.escrow,)))
        return frame(0x1A if m.inhibited or not m.enabled else 0x11)

    def _answer(self, data: bytes | None) -> bytes | None:
        if not data:
            return None
        command, args = data[0], data[1:]
        self.commands.append(command)
        m = self.model
        if command == 0x11:
            return self._status()
        if command == 0x40:
            self.reset()
            return frame(ACK)
        if command == 0x50:
            if not self.ack_arrives():
                return None  # lost on the line: VEND VALID repeats
            if m.events and m.events[0][0] == "stacked":
                m.events.popleft()
                m.transient.append(("stacked", 0))
            return None
        if command == 0x88:
            return frame(0x88, b"EMU ID003 CNY V1.0")
        if command == 0x8A:
            return frame(0x8A, b"".join(currency_entry(0x61 + i, v)
                                        for i, v in enumerate(self.bill_table)))
        if m.power_up:
            return frame(INVALID)
        if command in (0x41, 0x42):
            return frame(ACK if self.stack() else INVALID)
        if command == 0x43:
            return frame(ACK if self.return_note() else INVALID)
        if command in (0x44, 0x45):
            return frame(ACK if self.hold() else INVALID)
        if command == 0xC0 and len(args) == 2:
            m.enabled = {i for i in range(len(self.bill_table)) if not args[0] >> i & 1}
            return frame(command, args)
        if command == 0xC3 and len(args) == 1:
            m.inhibited = args[0] != 0
            return frame(command, args)
        if command in (0xC1, 0xC2, 0xC4, 0xC5):
            return frame(command, args)
        return frame(INVALID)
