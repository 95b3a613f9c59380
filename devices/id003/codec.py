"""ID-003 framing and CRC: pure functions, no I/O.

Frame (both directions)::

    +------+-----+-----+----------+-------+-------+
    | 0xFC | LEN | CMD | DATA ... | CRC_L | CRC_H |
    +------+-----+-----+----------+-------+-------+
      SYNC   LEN = whole frame length (5..255); CMD is the status byte in replies

CRC is CRC-16/KERMIT over SYNC..DATA, low byte first (the same CRC as CCNET:
``devices.framing``).

The decoder is resumable and never raises: garbage before SYNC is skipped, a frame with
a bad CRC or impossible length is reported as ``CorruptFrame`` after consuming only its
SYNC byte, so a real frame behind a false SYNC is still found.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.framing import DecodeStep, StreamDecoder
from devices.framing import crc16_kermit as crc16

SYNC = 0xFC
MIN_FRAME = 5


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


def decode(buffer: bytes | bytearray) -> DecodeStep[Frame | CorruptFrame]:
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


class Decoder(StreamDecoder["Frame | CorruptFrame"]):
    """Keeps the receive buffer between reads; yields frames as they complete."""

    def __init__(self) -> None:
        super().__init__(decode)
