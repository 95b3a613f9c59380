"""The shared CRC and stream decoder of the driver codecs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from devices.emulators import crc16 as emulator_crc
from devices.framing import DecodeStep, StreamDecoder, crc16_kermit


def test_published_vectors() -> None:
    # CCNET POLL to address 03, ID-003 STATUS REQUEST, ZVT ACK (CRC over APDU + ETX).
    assert crc16_kermit(bytes.fromhex("02 03 06 33")).to_bytes(2, "little") == b"\xda\x81"
    assert crc16_kermit(bytes.fromhex("FC 05 11")).to_bytes(2, "little") == b"\x27\x56"
    assert crc16_kermit(bytes.fromhex("80 00 00 03")) == 0x1FF5


@given(st.binary(max_size=300))
def test_table_driven_crc_matches_the_emulators_bitwise_crc(data: bytes) -> None:
    assert crc16_kermit(data) == emulator_crc.kermit(data)


def _lines(buffer: bytearray) -> DecodeStep[bytes]:
    end = buffer.find(b"\n")
    return DecodeStep(0, None) if end < 0 else DecodeStep(end + 1, bytes(buffer[:end]))


@given(st.lists(st.binary(max_size=5).filter(lambda b: b"\n" not in b), max_size=8),
       st.integers(min_value=1, max_value=7))
def test_stream_decoder_is_indifferent_to_how_bytes_are_split(frames: list[bytes],
                                                              chunk: int) -> None:
    wire = b"".join(f + b"\n" for f in frames)
    decoder = StreamDecoder(_lines)
    out: list[bytes] = []
    for i in range(0, len(wire), chunk):
        out.extend(decoder.feed(wire[i:i + chunk]))
    assert out == frames
    assert decoder.pending == 0
