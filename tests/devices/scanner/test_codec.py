"""Scanner codec: command bytes from the manual, codes split anywhere, noise, replies."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.scanner import codec
from devices.scanner.codec import BadInput, Code, MenuReply, ReplyStatus
from devices.scanner.events import CodeRead, mask_code

WECHAT = "134567890123456789"
ALIPAY = "281234567890123456"


def test_host_commands_match_the_manual() -> None:
    assert bytes.fromhex("16 54 0D") == codec.TRIGGER
    assert bytes.fromhex("16 55 0D") == codec.STOP
    assert codec.enable_command() == bytes.fromhex("16 4D 0D") + b"TRGMOD3!"
    assert codec.disable_command() == b"\x16M\rTRGMOD0!"
    assert codec.menu_command("232BAD9", store=".") == b"\x16M\r232BAD9."


@pytest.mark.parametrize("bad", ["", "TRG!", "a.b", "中文", "x\ty"])
def test_menu_text_is_checked(bad: str) -> None:
    with pytest.raises(ValueError):
        codec.menu_command(bad)


def test_codes_and_replies_in_one_stream() -> None:
    stream = (WECHAT.encode() + b"\r" + b"TRGMOD3\x06!" + ALIPAY.encode() + b"\r"
              + b"XYZABC\x05!" + b"TRGMOD9\x15.")
    assert codec.Decoder().feed(stream) == [
        Code(WECHAT), MenuReply("TRGMOD3", ReplyStatus.ACK), Code(ALIPAY),
        MenuReply("XYZABC", ReplyStatus.ENQ), MenuReply("TRGMOD9", ReplyStatus.NAK)]


def test_crlf_scanner_read_by_a_cr_host_and_the_other_way_round() -> None:
    assert codec.Decoder(b"\r").feed(f"{WECHAT}\r\n{ALIPAY}\r\n".encode()) == [
        Code(WECHAT), Code(ALIPAY)]
    assert codec.Decoder(b"\r\n").feed(f"{WECHAT}\r\n\r\n{ALIPAY}\r\n".encode()) == [
        Code(WECHAT), Code(ALIPAY)]


def test_noise_becomes_bad_input_and_the_next_code_survives() -> None:
    out = codec.Decoder().feed(b"\x00\xff\x1b12\r" + WECHAT.encode() + b"\r")
    assert out == [BadInput(b"\x00\xff\x1b12", "not_printable"), Code(WECHAT)]


def test_overlong_line_without_suffix_is_dropped_not_buffered_forever() -> None:
    decoder = codec.Decoder(max_length=32)
    out = decoder.feed(b"9" * 40)
    assert out == [BadInput(b"9" * 40, "too_long")] and decoder.pending == 0
    assert decoder.feed(b"12345\r") == [Code("12345")]


def test_no_suffix_scanner_is_framed_by_flush() -> None:
    decoder = codec.Decoder(b"")
    assert decoder.feed(WECHAT.encode()) == []
    assert decoder.flush() == [Code(WECHAT)] and decoder.flush() == []


def test_reply_with_empty_text_is_bad_input() -> None:
    assert codec.Decoder().feed(b"\x06!") == [BadInput(b"\x06!", "bad_reply")]


codes = st.text(st.sampled_from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ:/?=&.-_"),
                min_size=1, max_size=120)
suffixes = st.sampled_from([b"\r", b"\r\n", b"\n", b"\t"])


@given(st.lists(codes, min_size=1, max_size=8), suffixes, st.data())
def test_codes_round_trip_whatever_the_split(texts: list[str], suffix: bytes,
                                             data: st.DataObject) -> None:
    stream = b"".join(codec.encode_code(t, suffix) for t in texts)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=10)))
    decoder = codec.Decoder(suffix)
    out: list[codec.Item] = []
    for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True):
        out.extend(decoder.feed(stream[a:b]))
    assert out == [Code(t) for t in texts] and decoder.pending == 0


@given(st.binary(max_size=600), suffixes)
def test_any_bytes_never_raise_and_codes_are_printable(data: bytes, suffix: bytes) -> None:
    decoder = codec.Decoder(suffix)
    out = decoder.feed(data) + decoder.flush()
    for item in out:
        assert isinstance(item, Code | MenuReply | BadInput)
        if isinstance(item, Code):
            assert item.text and item.text.isprintable() and len(item.text) <= codec.MAX_CODE


def test_code_is_masked_in_repr_and_masked_text() -> None:
    event = CodeRead(WECHAT)
    assert WECHAT not in repr(event)
    assert event.masked == "13************6789" == mask_code(WECHAT)
    assert mask_code("1234") == "****"
