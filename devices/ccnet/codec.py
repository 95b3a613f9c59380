"""CCNET framing, CRC and reply parsing: pure functions, no I/O.

Frame (both directions)::

    +------+-----+-----+-----------------+-------+-------+
    | 0x02 | ADR | LEN | CMD/DATA ...    | CRC_L | CRC_H |
    +------+-----+-----+-----------------+-------+-------+
      SYNC   03 = bill validator; LEN = whole frame length (6..255)

CRC is CRC-16/KERMIT (poly 0x1021 reflected = 0x8408, init 0, no final xor) over
SYNC..DATA, sent low byte first. Frames of 256 bytes or more set LEN to 0 and carry a
2-byte big-endian length after it; nothing a bill validator sends needs that, but the
decoder accepts it so a long reply never desynchronises the stream.

The decoder is resumable: give it whatever bytes arrived, it says how many it used and
whether a whole frame (good or corrupt) came out, skipping garbage before a SYNC byte.
A corrupt frame consumes only its SYNC byte, so a real frame hidden behind a false SYNC
in line noise is still found; a SYNC not followed by a bus address (01..0F) is noise.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.framing import DecodeStep, StreamDecoder
from devices.framing import crc16_kermit as crc16

SYNC = 0x02
ADDRESS_BILL_VALIDATOR = 0x03
MIN_FRAME = 6
MAX_FRAME = 4096  # sanity bound for the extended-length form

ACK = 0x00
NAK = 0xFF
ILLEGAL_COMMAND = 0x30


def encode(payload: bytes, address: int = ADDRESS_BILL_VALIDATOR) -> bytes:
    """Wrap ``payload`` (command byte + data, or reply data) into a frame."""
    length = len(payload) + 5
    if length < 256:
        head = bytes((SYNC, address, length))
    else:
        length += 2
        head = bytes((SYNC, address, 0, length >> 8, length & 0xFF))
    body = head + payload
    crc = crc16(body)
    return body + bytes((crc & 0xFF, crc >> 8))


@dataclass(frozen=True)
class Frame:
    address: int
    payload: bytes


@dataclass(frozen=True)
class CorruptFrame:
    """A SYNC-framed block whose CRC did not match: the host answers it with NAK."""

    raw: bytes
    reason: str


def decode(buffer: bytes | bytearray) -> DecodeStep[Frame | CorruptFrame]:
    """Find the first frame in ``buffer``; never raises, whatever the bytes."""
    data = bytes(buffer)
    start = data.find(SYNC)
    # A SYNC not followed by a bus address is noise: look for the next one.
    while 0 <= start < len(data) - 1 and not 0x01 <= data[start + 1] <= 0x0F:
        start = data.find(SYNC, start + 1)
    if start < 0:
        return DecodeStep(len(buffer), None)
    if len(buffer) - start < 3:
        return DecodeStep(start, None)
    length = buffer[start + 2]
    header = 3
    if length == 0:
        if len(buffer) - start < 5:
            return DecodeStep(start, None)
        length = (buffer[start + 3] << 8) | buffer[start + 4]
        header = 5
        if length < 256 or length > MAX_FRAME:
            return DecodeStep(start + 1, CorruptFrame(bytes(buffer[start:start + 5]), "length"))
    elif length < MIN_FRAME:
        return DecodeStep(start + 1, CorruptFrame(bytes(buffer[start:start + 3]), "length"))
    if len(buffer) - start < length:
        return DecodeStep(start, None)
    raw = bytes(buffer[start:start + length])
    expected = raw[-2] | (raw[-1] << 8)
    if crc16(raw[:-2]) != expected:
        return DecodeStep(start + 1, CorruptFrame(raw, "crc"))
    return DecodeStep(start + length, Frame(raw[1], raw[header:-2]))


class Decoder(StreamDecoder["Frame | CorruptFrame"]):
    """Keeps the receive buffer between reads; yields frames as they complete."""

    def __init__(self) -> None:
        super().__init__(decode)
