"""ID-003 framing and CRC: pure functions, no I/O.

Frame (both directions)::

    +------+-----+-----+----------+-------+-------+
    | 0xFC | LEN | CMD | DATA ... | CRC_L | CRC_H |
    +------+-----+-----+----------+-------+-------+
      SYNC   LEN = whole frame length (5..255); CMD is the status byte in replies

CRC is CRC-16/KERMIT over SYNC..DATA, low byte first (the same CRC as CCNET, computed
here on its own so the two packages stay independent).

The decoder is resumable and never raises: garbage before SYNC is skipped, a frame with
a bad CRC or impossible length is reported as ``CorruptFrame`` after consuming only its
SYNC byte, so a real frame behind a false SYNC is still found.
"""

from __future__ import annotations

from dataclasses import dataclass

SYNC = 0xFC
MIN_FRAME = 5


def crc16(data: bytes) -> int:
    """CRC-16/KERMIT (poly 0x8408 reflected, init 0, no final xor)."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc


def encode(command: int, data: bytes = b"") -> bytes:
    length = len(data) + 5
    if length > 255:
        raise ValueError("ID-003 frame longer than 255 bytes")
    body = bytes((SYNC, length, command)) + data
    crc = crc16(body)
    return body + bytes((crc & 0xFF, crc >> 8))


@dataclass(frozen=True)
class Frame:
    command: int  # status byte in device replies
    data: bytes


@dataclass(frozen=True)
class CorruptFrame:
    raw: bytes
    reason: str


@dataclass(frozen=True)
class DecodeStep:
    """``consumed`` bytes may be dropped; ``frame`` is None when more bytes are needed."""

    consumed: int
    frame: Frame | CorruptFrame | None


def decode(buffer: bytes | bytearray) -> DecodeStep:
    start = bytes(buffer).find(SYNC)
    if start < 0:
        return DecodeStep(len(buffer), None)
    if len(buffer) - start < 2:
        return DecodeStep(start, None)
    length = buffer[start + 1]
    if length < MIN_FRAME:
        return DecodeStep(start + 1, CorruptFrame(bytes(buffer[start:start + 2]), "length"))
    if len(buffer) - start < length:
        return DecodeStep(start, None)
    raw = bytes(buffer[start:start + length])
    if crc16(raw[:-2]) != raw[-2] | (raw[-1] << 8):
        return DecodeStep(start + 1, CorruptFrame(raw, "crc"))
    return DecodeStep(start + length, Frame(raw[2], raw[3:-2]))


class Decoder:
    """Keeps the receive buffer between reads; yields frames as they complete."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[Frame | CorruptFrame]:
        self._buffer.extend(data)
        out: list[Frame | CorruptFrame] = []
        while self._buffer:
            step = decode(self._buffer)
            del self._buffer[:step.consumed]
            if step.frame is None:
                break
            out.append(step.frame)
        return out

    def clear(self) -> None:
        self._buffer.clear()

    @property
    def pending(self) -> int:
        return len(self._buffer)
