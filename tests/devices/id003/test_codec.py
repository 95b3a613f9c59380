"""ID-003 codec against the published vectors, split feeds, garbage and random streams."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.id003 import codec, messages

VECTORS = [
    (0x11, "FC 05 11 27 56"),  # STATUS REQUEST
    (0x50, "FC 05 50 AA 05"),  # ACK
    (0x41, "FC 05 41 A2 04"),  # STACK-1
]


@pytest.mark.parametrize(("command", "wire"), VECTORS)
def test_encode_matches_published_vectors(command: int, wire: str) -> None:
    assert codec.encode(command) == bytes.fromhex(wire)


@pytest.mark.parametrize(("command", "wire"), VECTORS)
def test_decode_published_vectors(command: int, wire: str) -> None:
    assert codec.decode(bytes.fromhex(wire)) == codec.DecodeStep(5, codec.Frame(command, b""))


def test_split_feed_with_garbage() -> None:
    frames = [codec.encode(0x11), codec.encode(0x13, b"\x63"), codec.encode(0x8A, bytes(32))]
    stream = b"\x00\xfb" + frames[0] + b"\x12\x34" + frames[1] + frames[2]
    decoder = codec.Decoder()
    out = []
    for byte in stream:
        out.extend(decoder.feed(bytes([byte])))
    assert [(f.command, f.data) for f in out if isinstance(f, codec.Frame)] == [
        (0x11, b""), (0x13, b"\x63"), (0x8A, bytes(32))]


def test_bad_crc_reported_then_resync() -> None:
    bad = bytearray(codec.encode(0x15, b"\x63"))
    bad[3] ^= 0x01
    out = codec.Decoder().feed(bytes(bad) + codec.encode(0x11))
    assert isinstance(out[0], codec.CorruptFrame)
    assert out[-1] == codec.Frame(0x11, b"")


def test_currency_assignment_and_inhibit_mask() -> None:
    data = bytes([0x61, 0x0A, 1, 0, 0x62, 0x0A, 5, 0, 0x63, 0x0A, 1, 1, 0x64, 0x0A, 2, 1,
                  0x65, 0x0A, 5, 1, 0x66, 0x0A, 1, 2, 0x67, 0, 0, 0, 0x68, 0, 0, 0])
    denoms = messages.parse_currency_assignment(data, "CNY")
    assert [(d.code, d.amount) for d in denoms] == [
        (0x61, 100), (0x62, 500), (0x63, 1000), (0x64, 2000), (0x65, 5000), (0x66, 10000)]
    assert messages.inhibit_mask({0x61, 0x66}) == bytes([0xDE, 0x00])
    assert messages.inhibit_mask(set()) == bytes([0xFF, 0x00])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.lists(st.integers(1, 40), max_size=20))
def test_random_streams_never_raise(data: bytes, cuts: list[int]) -> None:
    decoder = codec.Decoder()
    position = 0
    for cut in [*cuts, len(data)]:
        for frame in decoder.feed(data[position:position + cut]):
            if isinstance(frame, codec.Frame):
                assert codec.encode(frame.command, frame.data) in data
        position += cut


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 255), st.integers(1, 255))
def test_mutated_vend_valid_is_never_accepted(position: int, flip: int) -> None:
    wire = bytearray(codec.encode(0x15, b"\x66"))
    wire[position % len(wire)] ^= flip
    for frame in codec.Decoder().feed(bytes(wire)):
        assert not (isinstance(frame, codec.Frame) and frame.command == 0x15)
