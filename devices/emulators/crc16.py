"""The emulators' own CRC-16/KERMIT (CCNET and ID-003), bit by bit from the definition.

Deliberately not the drivers' table-driven code: polynomial 0x1021 with input and output
reflected, init 0, no final xor, computed on the unreflected polynomial.
"""

from __future__ import annotations


def _reflect(value: int, width: int) -> int:
    return int(f"{value:0{width}b}"[::-1], 2)


def kermit(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= _reflect(byte, 8) << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return _reflect(crc, 16)


def kermit_bytes(data: bytes) -> bytes:
    """The CRC as it goes on the wire: low byte first."""
    crc = kermit(data)
    return bytes((crc & 0xFF, crc >> 8))
