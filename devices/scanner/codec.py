"""Serial QR/barcode scanner wire format: pure functions, no I/O.

Scanner -> host (the common "serial wedge" mode of kiosk scanners)::

    <code as printable ASCII> <suffix>          suffix configurable, CR (0D) by default
    <menu reply text> <ACK 06|ENQ 05|NAK 15> <storage ! or .>

Host -> scanner (Honeywell serial commands, documented in docs/protocols.md)::

    SYN T CR            16 54 0D      trigger: read until a code, SYN U CR or time-out
    SYN U CR            16 55 0D      stop the trigger
    SYN M CR <menu> !   16 4D 0D ...  menu command, ``!`` = RAM, ``.`` = flash;
                                      the scanner echoes <menu> + ACK/ENQ/NAK + storage

The decoder is resumable and never raises: feed it what the port returned, split
anywhere, and it yields ``Code``, ``MenuReply`` or ``BadInput`` items. Why replies can
be told from codes: a code is printable ASCII, a reply carries one of the control bytes
ACK/ENQ/NAK right before its storage character. Empty lines (a CR LF scanner read by a
host configured for CR) are skipped, and a line longer than ``max_length`` or holding
control bytes is ``BadInput``, so line noise never becomes a payment code.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from devices.framing import DecodeStep

SYN, CR = 0x16, 0x0D
ACK, ENQ, NAK = 0x06, 0x05, 0x15
STORAGE = frozenset(b"!.")
DEFAULT_SUFFIX = b"\r"
MAX_CODE = 512

TRIGGER = bytes((SYN, 0x54, CR))
STOP = bytes((SYN, 0x55, CR))
MENU_PREFIX = bytes((SYN, 0x4D, CR))
#: Trigger mode menu settings: presentation mode reads whatever is shown (enabled),
#: manual/serial trigger mode reads only after SYN T CR (disabled for the customer).
ENABLE_MENU = "TRGMOD3"
DISABLE_MENU = "TRGMOD0"


class ReplyStatus(enum.Enum):
    ACK = "ack"  # setting accepted
    ENQ = "enq"  # unknown tag or subtag
    NAK = "nak"  # tag known, value out of range


_STATUS = {ACK: ReplyStatus.ACK, ENQ: ReplyStatus.ENQ, NAK: ReplyStatus.NAK}


@dataclass(frozen=True)
class Code:
    """One code read: the text as the scanner sent it, suffix removed."""

    text: str


@dataclass(frozen=True)
class MenuReply:
    """The scanner's echo of a menu command: ``menu`` text and the status it gave."""

    menu: str
    status: ReplyStatus


@dataclass(frozen=True)
class BadInput:
    """Bytes that are neither a code nor a reply (noise, overlong, control bytes)."""

    raw: bytes
    reason: str


Item = Code | MenuReply | BadInput


def menu_command(menu: str, *, store: str = "!") -> bytes:
    """``SYN M CR`` + menu text + storage char; raises ValueError for bad text or store."""
    if store not in ("!", "."):
        raise ValueError("store must be '!' (RAM) or '.' (flash)")
    if not menu or not menu.isascii() or not menu.isprintable() or any(
            c in menu for c in "!."):
        raise ValueError(f"menu text must be printable ASCII without ! or .: {menu!r}")
    return MENU_PREFIX + menu.encode("ascii") + store.encode("ascii")


def enable_command() -> bytes:
    return menu_command(ENABLE_MENU)


def disable_command() -> bytes:
    return menu_command(DISABLE_MENU)


def encode_code(text: str, suffix: bytes = DEFAULT_SUFFIX) -> bytes:
    """What a scanner sends for ``text`` (used by tests; the emulator has its own)."""
    return text.encode("ascii") + suffix


def _line_item(raw: bytes) -> Item | None:
    if not raw:
        return None
    if len(raw) > MAX_CODE:
        return BadInput(raw[:64], "too_long")
    if not all(0x20 <= b < 0x7F for b in raw):
        return BadInput(raw[:64], "not_printable")
    return Code(raw.decode("ascii"))


def decode(buffer: bytes | bytearray, suffix: bytes = DEFAULT_SUFFIX,
           max_length: int = MAX_CODE) -> DecodeStep[Item]:
    """The first item in ``buffer``: consumed bytes and the item, or None = need more."""
    data = bytes(buffer)
    skip = 0
    while skip < len(data) and data[skip] in (0x0D, 0x0A) and not (
            suffix and data.startswith(suffix, skip)):
        skip += 1  # stray CR/LF left by a scanner whose suffix differs from ours
    step = _decode_at(data[skip:], suffix, max_length)
    return DecodeStep(skip + step.consumed, step.frame)


def _decode_at(data: bytes, suffix: bytes, max_length: int) -> DecodeStep[Item]:
    end = data.find(suffix) if suffix else -1
    reply_at = _reply_end(data, end)
    if reply_at is not None:
        status_byte = data[reply_at - 1]
        menu = data[:reply_at - 1]
        if menu and all(0x20 <= b < 0x7F for b in menu):
            return DecodeStep(reply_at + 1, MenuReply(menu.decode("ascii"),
                                                      _STATUS[status_byte]))
        return DecodeStep(reply_at + 1, BadInput(data[:reply_at + 1][:64], "bad_reply"))
    if end < 0:
        if len(data) > max_length:
            return DecodeStep(len(data), BadInput(data[:64], "too_long"))
        return DecodeStep(0, None)
    line = data[:end]
    item = _line_item(line) if len(line) <= max_length else BadInput(line[:64], "too_long")
    return DecodeStep(end + len(suffix), item)


def _reply_end(data: bytes, line_end: int) -> int | None:
    """Index of the storage char ending a menu reply before ``line_end``, if any."""
    limit = len(data) if line_end < 0 else line_end
    for i in range(1, limit):
        if data[i] in STORAGE and data[i - 1] in _STATUS:
            return i
    return None


class Decoder:
    """Keeps the receive buffer between reads; ``flush`` frames a pending line on idle.

    Why ``flush``: a scanner configured without a suffix ends a code only by going
    quiet, so the driver calls it after an idle gap.
    """

    def __init__(self, suffix: bytes = DEFAULT_SUFFIX, max_length: int = MAX_CODE) -> None:
        self.suffix = suffix
        self.max_length = max_length
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[Item]:
        self._buffer.extend(data)
        out: list[Item] = []
        while self._buffer:
            step = decode(self._buffer, self.suffix, self.max_length)
            del self._buffer[:step.consumed]
            if step.frame is None:
                if step.consumed == 0:
                    break
                continue
            out.append(step.frame)
        return out

    def flush(self) -> list[Item]:
        raw = bytes(self._buffer).strip(b"\r\n")
        self._buffer.clear()
        item = _line_item(raw) if len(raw) <= self.max_length else BadInput(raw[:64],
                                                                          "too_long")
        return [item] if item is not None else []

    @property
    def pending(self) -> int:
        return len(self._buffer)
