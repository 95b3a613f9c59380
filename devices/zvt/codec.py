"""ZVT serial framing and APDUs: pure functions, bytes in, typed results out.

Why a resumable decoder: serial reads split frames anywhere and a line may carry
garbage, so ``FrameDecoder.feed`` keeps its buffer between calls and yields one token
per complete unit; malformed input becomes a ``FrameError`` token, never an exception.

Wire form (PA00P015, serial transport)::

    10 02 | APDU with every 10 doubled | 10 03 | CRC_L CRC_H
    CRC = CRC-16/KERMIT over the *unstuffed* APDU followed by 03 (ETX)

A single 06 (ACK) or 15 (NAK) byte outside a frame acknowledges the last frame.

APDU::

    CLASS INSTR LEN DATA        LEN one byte (0..254) or FF lo hi (little-endian)
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.errors import DeviceError
from devices.framing import crc16_kermit as crc_kermit

DLE, STX, ETX, ACK, NAK = 0x10, 0x02, 0x03, 0x06, 0x15
#: Longest APDU accepted before the decoder gives up on a frame (guards memory).
MAX_APDU = 4096


class ZvtError(DeviceError):
    """Root of every ZVT failure (codec, link, terminal). Carries no card data."""


class ApduError(ZvtError):
    """An APDU's length field disagrees with its data."""


def frame(apdu: bytes) -> bytes:
    """Wrap an APDU for the serial line."""
    crc = crc_kermit(apdu + bytes([ETX]))
    return (bytes([DLE, STX]) + apdu.replace(b"\x10", b"\x10\x10") + bytes([DLE, ETX])
            + bytes([crc & 0xFF, crc >> 8]))


@dataclass(frozen=True)
class Frame:
    apdu: bytes


@dataclass(frozen=True)
class FrameError:
    reason: str  # "crc", "stuffing", "too long"


@dataclass(frozen=True)
class LinkByte:
    ack: bool  # True for 06 ACK, False for 15 NAK


Token = Frame | FrameError | LinkByte


class FrameDecoder:
    """Resumable decoder: ``feed(chunk)`` returns the tokens completed by that chunk."""

    def __init__(self) -> None:
        self._body = bytearray()
        self._state = "idle"  # idle, dle, body, body_dle, crc
        self._crc = bytearray()

    def feed(self, chunk: bytes) -> list[Token]:
        out: list[Token] = []
        for byte in chunk:
            token = self._step(byte)
            if token is not None:
                out.append(token)
        return out

    def _reset(self) -> None:
        self._state, self._body, self._crc = "idle", bytearray(), bytearray()

    def _step(self, b: int) -> Token | None:
        st = self._state
        if st == "idle":
            if b == DLE:
                self._state = "dle"
            elif b in (ACK, NAK):
                return LinkByte(ack=b == ACK)
            return None  # garbage between frames is skipped
        if st == "dle":
            if b != DLE:  # DLE DLE outside a frame: the second one may start a frame
                self._state = "body" if b == STX else "idle"
            return None
        if st == "body":
            if b == DLE:
                self._state = "body_dle"
                return None
            return self._append(b)
        if st == "body_dle":
            if b == DLE:
                self._state = "body"
                return self._append(b)
            if b == ETX:
                self._state = "crc"
                return None
            self._reset()
            if b == STX:  # a new frame started: resynchronise on it
                self._state = "body"
            return FrameError("stuffing")
        self._crc.append(b)
        if len(self._crc) < 2:
            return None
        body, crc = bytes(self._body), self._crc[0] | self._crc[1] << 8
        self._reset()
        if crc != crc_kermit(body + bytes([ETX])):
            return FrameError("crc")
        return Frame(body)

    def _append(self, b: int) -> Token | None:
        self._body.append(b)
        if len(self._body) > MAX_APDU:
            self._reset()
            return FrameError("too long")
        return None


@dataclass(frozen=True)
class Apdu:
    cls: int
    instr: int
    data: bytes = b""

    @property
    def command(self) -> tuple[int, int]:
        return (self.cls, self.instr)


def encode_apdu(cls: int, instr: int, data: bytes = b"") -> bytes:
    n = len(data)
    if n > 0xFFFF:
        raise ApduError(f"APDU data too long: {n} bytes")
    length = bytes([n]) if n < 0xFF else bytes([0xFF, n & 0xFF, n >> 8])
    return bytes([cls, instr]) + length + data


def decode_apdu(raw: bytes) -> Apdu | ApduError:
    """Split an APDU; a wrong length is returned as ``ApduError`` (not raised)."""
    if len(raw) < 3:
        return ApduError(f"APDU too short ({len(raw)} bytes)")
    n, start = raw[2], 3
    if n == 0xFF:
        if len(raw) < 5:
            return ApduError("APDU extended length truncated")
        n, start = raw[3] | raw[4] << 8, 5
    data = raw[start:]
    if len(data) != n:
        return ApduError(f"APDU length {n} but {len(data)} data bytes")
    return Apdu(raw[0], raw[1], bytes(data))


def bcd_encode(value: int, size: int) -> bytes:
    """``value`` as ``size`` bytes of packed BCD (12 digits for an amount)."""
    if value < 0 or value >= 10 ** (2 * size):
        raise ValueError(f"{value} does not fit {size} BCD bytes")
    digits = f"{value:0{2 * size}d}"
    return bytes(int(digits[i:i + 2], 16) for i in range(0, len(digits), 2))


def bcd_decode(raw: bytes) -> int | None:
    """Packed BCD to int; ``None`` if a nibble is not a decimal digit."""
    text = raw.hex()
    return int(text) if text and text.isdigit() else None
