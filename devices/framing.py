"""What the drivers' codecs share: CRC-16/KERMIT and a resumable stream decoder.

CCNET, ID-003 and ZVT (serial) all protect frames with CRC-16/KERMIT (poly 0x1021
reflected = 0x8408, init 0, no final xor, low byte first on the wire), so it lives here
once, table-driven. The emulators compute it on their own, bit by bit
(``devices/emulators/crc16.py``): a shared mistake cannot pass both sides.

``StreamDecoder`` turns a codec's pure ``decode(buffer) -> DecodeStep`` ("consumed N
bytes, and a frame or not yet") into an object that keeps the bytes between reads, so a
driver can feed whatever the port returned, split anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

F = TypeVar("F")


def _make_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_TABLE = _make_table()


def crc16_kermit(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc = (crc >> 8) ^ _TABLE[(crc ^ byte) & 0xFF]
    return crc


@dataclass(frozen=True)
class DecodeStep(Generic[F]):
    """``consumed`` bytes may be dropped from the buffer; ``frame`` is None = need more."""

    consumed: int
    frame: F | None


class StreamDecoder(Generic[F]):
    """Keeps the receive buffer between reads; yields frames (good or corrupt) as they
    complete and leaves a partial frame for the next ``feed``."""

    def __init__(self, decode: Callable[[bytearray], DecodeStep[F]]) -> None:
        self._decode = decode
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[F]:
        self._buffer.extend(data)
        out: list[F] = []
        while self._buffer:
            step = self._decode(self._buffer)
            del self._buffer[: step.consumed]
            if step.frame is None:
                break
            out.append(step.frame)
        return out

    def clear(self) -> None:
        self._buffer.clear()

    @property
    def pending(self) -> int:
        return len(self._buffer)
