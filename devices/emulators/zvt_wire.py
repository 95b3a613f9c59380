"""The ZVT emulator's own serial wire code, written from the PA00P015 tables.

Deliberately independent of ``devices.zvt.codec`` (a table-driven CRC here, a bit-loop
CRC there) so that one misreading of the spec cannot pass both sides of a test.
"""

from __future__ import annotations


def _kermit_table() -> list[int]:
    table = []
    for i in range(256):
        v = i
        for _ in range(8):
            v = (v >> 1) ^ 0x8408 if v & 1 else v >> 1
        table.append(v)
    return table


_TABLE = _kermit_table()


def checksum(data: bytes) -> bytes:
    """CRC-16/KERMIT over APDU+ETX, returned low byte first as sent on the wire."""
    crc = 0
    for b in data:
        crc = (crc >> 8) ^ _TABLE[(crc ^ b) & 0xFF]
    return crc.to_bytes(2, "little")


def wrap(apdu: bytes) -> bytes:
    body = b"".join(b"\x10\x10" if b == 0x10 else bytes([b]) for b in apdu)
    return b"\x10\x02" + body + b"\x10\x03" + checksum(apdu + b"\x03")


def apdu(cls: int, instr: int, data: bytes = b"") -> bytes:
    n = len(data)
    length = bytes([n]) if n <= 254 else b"\xff" + n.to_bytes(2, "little")
    return bytes([cls, instr]) + length + data


def bcd(value: int, size: int) -> bytes:
    return bytes.fromhex(str(value).zfill(size * 2))


def unbcd(raw: bytes) -> int:
    return int(raw.hex()) if raw.hex().isdigit() else -1


def llvar(data: bytes) -> bytes:
    n = len(data)
    return bytes([0xF0 | n // 10, 0xF0 | n % 10]) + data


class Unwrapper:
    """Collects frames from a byte stream: returns (apdus, link bytes, bad-frame count)."""

    def __init__(self) -> None:
        self.buf = bytearray()

    def feed(self, data: bytes) -> tuple[list[bytes], list[int], int]:
        self.buf += data
        frames: list[bytes] = []
        links: list[int] = []
        bad = 0
        while self.buf:
            if self.buf[0] in (0x06, 0x15):
                links.append(self.buf.pop(0))
                continue
            if self.buf[:2] != b"\x10\x02":
                if len(self.buf) == 1 and self.buf[0] == 0x10:
                    break
                self.buf.pop(0)
                continue
            body, i, done = bytearray(), 2, False
            while i + 1 < len(self.buf):
                b, nxt = self.buf[i], self.buf[i + 1]
                if b == 0x10 and nxt == 0x10:
                    body.append(0x10)
                    i += 2
                elif b == 0x10 and nxt == 0x03:
                    done = True
                    break
                else:
                    body.append(b)
                    i += 1
            if not done or len(self.buf) < i + 4:
                break
            crc = bytes(self.buf[i + 2:i + 4])
            del self.buf[:i + 4]
            if crc == checksum(bytes(body) + b"\x03"):
                frames.append(bytes(body))
            else:
                bad += 1
        return frames, links, bad
