"""Signed receipt references: the agreed test vector, round trips, tampering, any input."""

from __future__ import annotations

import contextlib
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.rules.receipt_ref import (
    BadReference,
    parse,
    parse_short,
    qr_text,
    short_check,
    short_number,
    sign,
    verify,
)

KEY = bytes.fromhex("00112233445566778899aabbccddeeff")
TXN = "123e4567-e89b-12d3-a456-426614174000"


def test_the_vector_agreed_with_the_back_office():
    ref = sign(KEY, "K0001", TXN)
    assert ref.text == "R1.K0001.123e4567-e89b-12d3-a456-426614174000.EVGS5CXI3LTYUE46"
    assert short_check(KEY, "K0001", TXN) == "955975"
    assert short_number(KEY, "K0001", TXN, 42) == "42-955975"


def test_qr_with_and_without_a_check_url_parses_back():
    ref = sign(KEY, "K0001", TXN)
    assert parse(qr_text(ref)) == ref
    url = qr_text(ref, "https://pay.example.com/receipt")
    assert url == f"https://pay.example.com/receipt?ref={ref.text}"
    assert parse(url) == ref
    assert parse(qr_text(ref, "https://x.example/r?lang=zh")) == ref


@given(st.uuids(), st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True))
def test_round_trip_and_any_tampering_fails(txn: uuid.UUID, kiosk_id: str):
    ref = sign(KEY, kiosk_id, str(txn))
    verify(KEY, parse(ref.text))
    with pytest.raises(BadReference):
        verify(b"another kiosk's secret", ref)
    flipped = ref.mac[:-1] + ("A" if ref.mac[-1] != "A" else "B")
    with pytest.raises(BadReference):
        verify(KEY, parse(f"R1.{kiosk_id}.{txn}.{flipped}"))
    other = str(uuid.UUID(int=(txn.int + 1) % (1 << 128)))
    with pytest.raises(BadReference):
        verify(KEY, parse(f"R1.{kiosk_id}.{other}.{ref.mac}"))


@given(st.text(max_size=200))
def test_any_text_is_a_reference_or_a_clear_error(text: str):
    for parser in (parse, parse_short):
        with contextlib.suppress(BadReference):
            parser(text)


def test_short_numbers_with_or_without_the_dash():
    assert parse_short("42-955975") == (42, "955975")
    assert parse_short(" 42955975 ") == (42, "955975")
    with pytest.raises(BadReference):
        parse_short("12345")
