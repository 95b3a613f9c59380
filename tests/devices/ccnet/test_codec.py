"""CCNET codec against the published vectors, split feeds, garbage and random streams."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.ccnet import codec, messages

VECTORS = [
    (bytes([0x33]), "02 03 06 33 DA 81"),  # POLL
    (bytes([0x00]), "02 03 06 00 C2 82"),  # ACK
    (bytes([0x30]), "02 03 06 30 41 B3"),  # RESET
]


@pytest.mark.parametrize(("payload", "wire"), VECTORS)
def test_encode_matches_published_vectors(payload: bytes, wire: str) -> None:
    assert codec.encode(payload) == bytes.fromhex(wire)


@pytest.mark.parametrize(("payload", "wire"), VECTORS)
def test_decode_published_vectors(payload: bytes, wire: str) -> None:
    step = codec.decode(bytes.fromhex(wire))
    assert step == codec.DecodeStep(6, codec.Frame(3, payload))


def test_split_feed_byte_by_byte_with_garbage() -> None:
    frames = [codec.encode(bytes([0x14])), codec.encode(bytes([0x80, 0x04])),
              codec.encode(bytes(120))]
    stream = b"\xaa\x55" + frames[0] + b"\x99" + frames[1] + frames[2]
    decoder = codec.Decoder()
    out = []
    for byte in stream:
        out.extend(decoder.feed(bytes([byte])))
    assert [f.payload for f in out if isinstance(f, codec.Frame)] == [
        b"\x14", b"\x80\x04", bytes(120)]
    assert decoder.pending == 0


def test_bad_crc_is_reported_and_following_frame_still_found() -> None:
    bad = bytearray(codec.encode(bytes([0x81, 0x02])))
    bad[-1] ^= 0xFF
    out = codec.Decoder().feed(bytes(bad) + codec.encode(b"\x14"))
    assert isinstance(out[0], codec.CorruptFrame) and out[0].reason == "crc"
    assert out[-1] == codec.Frame(3, b"\x14")


def test_short_length_byte_is_corrupt_not_a_hang() -> None:
    out = codec.Decoder().feed(b"\x02\x03\x02" + codec.encode(b"\x19"))
    assert out[-1] == codec.Frame(3, b"\x19")


def test_extended_length_round_trip() -> None:
    payload = bytes(range(256)) * 2
    wire = codec.encode(payload)
    assert wire[2] == 0
    assert codec.decode(wire).frame == codec.Frame(3, payload)


def test_bill_table_and_enable_mask() -> None:
    table = bytearray(120)
    for index, (digit, exp) in enumerate([(1, 0), (5, 0), (1, 1), (2, 1), (5, 1), (1, 2)]):
        table[index * 5:(index + 1) * 5] = bytes([digit]) + b"CHN" + bytes([exp])
    table[6 * 5:7 * 5] = bytes([5]) + b"CHN" + bytes([0x81])  # 0.5 yuan
    bills = messages.parse_bill_table(bytes(table), "CNY")
    assert [b.amount for b in bills] == [100, 500, 1000, 2000, 5000, 10000, 50]
    assert {b.currency for b in bills} == {"CNY"}
    assert messages.enable_bill_types({0, 9, 23}) == bytes.fromhex("34 800201 800201")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.lists(st.integers(1, 40), max_size=20))
def test_random_streams_never_raise(data: bytes, cuts: list[int]) -> None:
    decoder = codec.Decoder()
    position = 0
    for cut in [*cuts, len(data)]:
        for frame in decoder.feed(data[position:position + cut]):
            if isinstance(frame, codec.Frame):
                raw = codec.encode(frame.payload, frame.address)
                assert codec.crc16(raw[:-2]) == raw[-2] | raw[-1] << 8
        position += cut


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 5), st.integers(0, 255), st.integers(1, 255))
def test_single_byte_mutation_of_a_credit_frame_is_never_accepted(
        which: int, position: int, flip: int) -> None:
    wire = bytearray(codec.encode(bytes([0x81, which])))
    wire[position % len(wire)] ^= flip
    for frame in codec.Decoder().feed(bytes(wire)):
        assert not (isinstance(frame, codec.Frame) and frame.payload[:1] == b"\x81")
