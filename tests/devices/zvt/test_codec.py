"""ZVT codec: published vector, framing edge cases, bitmaps, and fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from devices.emulators.zvt_wire import wrap
from devices.zvt.bitmaps import mask_pan, parse_bitmaps, redacted_hex
from devices.zvt.codec import (
    Apdu,
    ApduError,
    Frame,
    FrameDecoder,
    FrameError,
    LinkByte,
    bcd_decode,
    bcd_encode,
    crc_kermit,
    decode_apdu,
    encode_apdu,
    frame,
)

VECTOR = bytes.fromhex("10 02 80 00 00 10 03 F5 1F")


def test_published_vector():
    assert frame(bytes.fromhex("80 00 00")) == VECTOR
    assert crc_kermit(bytes.fromhex("80 00 00 03")) == 0x1FF5
    assert FrameDecoder().feed(VECTOR) == [Frame(b"\x80\x00\x00")]


def test_emulator_wire_agrees_with_codec():
    apdu = encode_apdu(0x04, 0x0F, bytes(range(0x0E, 0x14)))
    assert wrap(apdu) == frame(apdu)


def test_dle_is_doubled_and_restored():
    apdu = bytes([0x06, 0x01, 0x02, 0x10, 0x10])
    wire = frame(apdu)
    assert b"\x10\x10\x10\x10" in wire
    assert FrameDecoder().feed(wire) == [Frame(apdu)]


def test_split_feeds_garbage_and_link_bytes():
    dec = FrameDecoder()
    stream = b"\xaa\x06" + VECTOR + b"\x15\x55"
    tokens = []
    for i in range(len(stream)):
        tokens += dec.feed(stream[i:i + 1])
    assert tokens == [LinkByte(True), Frame(b"\x80\x00\x00"), LinkByte(False)]


def test_bad_crc_and_bad_stuffing_are_tokens():
    assert FrameDecoder().feed(VECTOR[:-1] + b"\x00") == [FrameError("crc")]
    assert FrameDecoder().feed(b"\x10\x02\x80\x10\x41") == [FrameError("stuffing")]


def test_restart_inside_frame_resynchronises():
    tokens = FrameDecoder().feed(b"\x10\x02\x80\x00" + VECTOR)
    assert tokens == [FrameError("stuffing"), Frame(b"\x80\x00\x00")]


@pytest.mark.parametrize("n", [0, 1, 254, 255, 300, 1000])
def test_apdu_length_forms(n):
    raw = encode_apdu(0x06, 0xD3, bytes(n))
    assert raw[2] == (n if n < 255 else 0xFF)
    assert decode_apdu(raw) == Apdu(0x06, 0xD3, bytes(n))


def test_apdu_length_mismatch_is_typed():
    assert isinstance(decode_apdu(b"\x06\x01\x05\x00"), ApduError)
    assert isinstance(decode_apdu(b"\x06\x01\xff\x01"), ApduError)
    assert isinstance(decode_apdu(b"\x06"), ApduError)


def test_bcd():
    assert bcd_encode(10000, 6).hex() == "000000010000"
    assert bcd_encode(156, 2) == b"\x01\x56"
    assert bcd_decode(b"\x01\x56") == 156 and bcd_decode(b"\x1a") is None
    with pytest.raises(ValueError):
        bcd_encode(10**12, 6)


def test_status_info_bitmaps():
    data = (bytes.fromhex("27 00 04 000000010000 0b 000123 87 0042 29 52012345 49 0156")
            + b"\x3bA1B2C3  " + bytes.fromhex("22 F1 F0 6228480402564890018F")
            + bytes.fromhex("06 03 1f 01 00") + b"\x8b\xf0\xf4VISA")
    info = parse_bitmaps(data)
    assert info.error == ""
    assert (info.result_code, info.amount, info.trace_no, info.receipt_no) == (0, 10000, 123, 42)
    assert info.terminal_id == "52012345" and info.currency_numeric == 156
    assert info.auth_code == "A1B2C3" and info.card_name == "VISA"
    assert info.masked_pan == "622848*********0018"
    hexed = redacted_hex(data)
    assert "62 28" not in hexed and hexed.startswith("27 00 04 00")


def test_terminal_masked_pan_and_unknown_bitmap():
    info = parse_bitmaps(bytes.fromhex("22 F0 F8 4761EEEEEEEE0119"))
    assert info.masked_pan == "4761********0119"
    tail = parse_bitmaps(bytes.fromhex("27 00 FE 01 02"))
    assert tail.result_code == 0 and tail.error and tail.unparsed_from == 2
    assert redacted_hex(bytes.fromhex("27 00 FE 01 02")) == "27 00 ** ** **"


def test_mask_pan():
    assert mask_pan("4111111111111111") == "411111******1111"
    assert mask_pan("12345") == "*2345"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_random_bytes_never_raise(data):
    for token in FrameDecoder().feed(data):
        assert isinstance(token, Frame | FrameError | LinkByte)
        if isinstance(token, Frame):
            decode_apdu(token.apdu)
    info = parse_bitmaps(data)
    assert not any(ch.isdigit() for ch in info.masked_pan[6:-4])
    redacted_hex(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=0, max_size=80), st.integers(0, 200), st.integers(0, 255))
@example(b"\x8d}4n", 0, 0)  # lost start DLE: the following frame must still decode
def test_fuzz_mutated_frames(payload, pos, value):
    apdu = encode_apdu(0x04, 0x0F, payload)
    wire = bytearray(frame(apdu))
    pos %= len(wire)
    wire[pos] = value
    tokens = FrameDecoder().feed(bytes(wire) + VECTOR)
    assert tokens[-1] == Frame(b"\x80\x00\x00") or any(isinstance(t, FrameError) for t in tokens)
    for token in tokens:
        if isinstance(token, Frame):
            parsed = decode_apdu(token.apdu)
            if isinstance(parsed, Apdu):
                parse_bitmaps(parsed.data)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=600), st.integers(0, 255), st.integers(0, 255))
def test_roundtrip(payload, cls, instr):
    apdu = encode_apdu(cls, instr, payload)
    assert FrameDecoder().feed(frame(apdu)) == [Frame(apdu)]
    assert decode_apdu(apdu) == Apdu(cls, instr, payload)
