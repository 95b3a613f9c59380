"""ZVT bitmap (BMP) parsing with the card number masked at the parser.

Why here: the parser is the first code that sees a PAN, so it keeps only BIN + last
four and throws the rest away; track data (23, 24, 2D), CVV (3A) and chip data are
skipped without being stored. ``redacted_hex`` is what the driver logs: known-safe
fields in clear, sensitive or unparsable bytes replaced by ``**``.

Field table (PA00P015 chapter 12; LLVAR = 2 length bytes ``Fx Fy``, LLLVAR = 3)::

    04 amount 6 BCD   0B trace 3 BCD   0C time 3 BCD   0D date 2 BCD   22 PAN LLVAR
    27 result 1       29 TID 4 BCD     3B auth (AID) 8 ASCII           49 currency 2 BCD
    87 receipt 2 BCD  8A card type 1   8B card name LLVAR              06 TLV (BER len)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from devices.card_terminal import mask_pan
from devices.zvt.codec import bcd_decode

FIXED: dict[int, int] = {
    0x01: 1, 0x02: 1, 0x03: 1, 0x04: 6, 0x05: 1, 0x0B: 3, 0x0C: 3, 0x0D: 2, 0x0E: 2,
    0x17: 2, 0x19: 1, 0x27: 1, 0x29: 4, 0x2A: 15, 0x37: 3, 0x3A: 2, 0x3B: 8, 0x3D: 3,
    0x49: 2, 0x87: 2, 0x88: 3, 0x8A: 1, 0x8C: 1, 0xA0: 1, 0xAA: 3, 0xBA: 5, 0xD0: 1,
    0xD2: 1, 0xD3: 1, 0xE0: 1, 0xEA: 1, 0xEB: 8, 0xF0: 1,
}
LLVAR = {0x22, 0x23, 0x2D, 0x8B, 0xA7, 0xD1, *range(0xE1, 0xEA), *range(0xF1, 0xFA)}
LLLVAR = {0x24, 0x2E, 0x3C, 0x60, 0x9A, 0xAF}
#: Fields whose bytes are never logged (card data, free text that may echo it).
SENSITIVE = {0x06, 0x22, 0x23, 0x24, 0x2D, 0x2E, 0x3A, 0x3C, 0x60, 0x8B, 0x9A, 0xA7, 0xAF,
             0xD1, *range(0xE1, 0xEA), *range(0xF1, 0xFA)}


@dataclass
class Bitmaps:
    """What the kiosk keeps from a bitmap list; ``error`` says where parsing stopped."""

    amount: int | None = None
    currency_numeric: int | None = None
    result_code: int | None = None
    trace_no: int | None = None
    receipt_no: int | None = None
    terminal_id: str = ""
    auth_code: str = ""
    masked_pan: str = ""
    card_name: str = ""
    card_type: int | None = None
    status_byte: int | None = None
    error: str = ""
    unparsed_from: int | None = None  # offset of the first byte not understood
    spans: list[tuple[int, int, bool]] = field(default_factory=list)  # start, end, sensitive


def _pan_digits(raw: bytes) -> str:
    out = []
    for nib in raw.hex().upper():
        if nib == "F":
            break
        out.append(nib if nib.isdigit() else "*")  # E nibbles: terminal-side masking
    return "".join(out)


def _var_len(data: bytes, pos: int, count: int) -> int | None:
    raw = data[pos:pos + count]
    if len(raw) != count or any(b >> 4 != 0xF or b & 0xF > 9 for b in raw):
        return None
    return int("".join(str(b & 0xF) for b in raw))


def _ber_len(data: bytes, pos: int) -> tuple[int, int] | None:
    if pos >= len(data):
        return None
    first = data[pos]
    if first < 0x80:
        return first, 1
    count = first & 0x7F
    if count not in (1, 2) or pos + 1 + count > len(data):
        return None
    return int.from_bytes(data[pos + 1:pos + 1 + count], "big"), 1 + count


def parse_bitmaps(data: bytes) -> Bitmaps:
    """Parse a BMP list; stops (with ``error`` set) at an unknown or truncated field."""
    out = Bitmaps()
    pos = 0
    start = 0
    while pos < len(data):
        bmp, start = data[pos], pos
        pos += 1
        if bmp in FIXED:
            size, hdr = FIXED[bmp], 0
        elif bmp in LLVAR or bmp in LLLVAR:
            hdr = 2 if bmp in LLVAR else 3
            var = _var_len(data, pos, hdr)
            if var is None:
                out.error = f"bad length for BMP {bmp:02X}"
                break
            size = var
        elif bmp == 0x06:
            ber = _ber_len(data, pos)
            if ber is None:
                out.error = "bad TLV length"
                break
            size, hdr = ber
        else:
            out.error = f"unknown BMP {bmp:02X}"
            break
        value = data[pos + hdr:pos + hdr + size]
        if len(value) != size:
            out.error = f"BMP {bmp:02X} truncated"
            break
        pos += hdr + size
        out.spans.append((start, pos, bmp in SENSITIVE))
        _store(out, bmp, value)
    if out.error:
        out.unparsed_from = start
    return out


def _store(out: Bitmaps, bmp: int, value: bytes) -> None:
    if bmp == 0x04:
        out.amount = bcd_decode(value)
    elif bmp == 0x49:
        out.currency_numeric = bcd_decode(value)
    elif bmp == 0x27:
        out.result_code = value[0]
    elif bmp == 0x0B:
        out.trace_no = bcd_decode(value)
    elif bmp == 0x87:
        out.receipt_no = bcd_decode(value)
    elif bmp == 0x29:
        out.terminal_id = value.hex()
    elif bmp == 0x3B:
        out.auth_code = value.decode("ascii", "replace").strip("\x00 ")
    elif bmp == 0x22:
        out.masked_pan = mask_pan(_pan_digits(value))
    elif bmp == 0x8B:
        out.card_name = value.decode("latin-1").strip("\x00 ")[:32]
    elif bmp == 0x8A:
        out.card_type = value[0]
    elif bmp == 0x19:
        out.status_byte = value[0]


def redacted_hex(data: bytes) -> str:
    """Hex of a BMP list: tags and safe fields shown, sensitive or unparsable bytes ``**``."""
    parsed = parse_bitmaps(data)
    shown = ["**"] * len(data)
    for start, end, sensitive in parsed.spans:
        for i in range(start, end):
            shown[i] = "**" if sensitive and i > start else f"{data[i]:02x}"
    return " ".join(shown)
