"""The shared voucher code format against the vector in docs/protocols.md."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from protocol.vouchers import display, luhn_digit, mac_ok, make_code, normalize, voucher_key

KEY = voucher_key(bytes.fromhex("00112233445566778899aabbccddeeff"))
NONCES = st.integers(10**9, 10**10 - 1).map(str)


def test_protocol_vector():
    assert make_code(KEY, "1234567890") == "1234567890766276"
    assert display("1234567890766276") == "1234 5678 9076 6276"


def test_luhn_digit():
    assert luhn_digit("7992739871") == "3"  # the textbook example


@given(NONCES)
def test_made_codes_parse_and_verify(nonce):
    code = make_code(KEY, nonce)
    assert normalize(display(code)) == code and mac_ok(KEY, code)
    assert not mac_ok(voucher_key(b"other kiosk"), code)


@given(NONCES, st.integers(0, 15), st.integers(1, 9))
def test_one_mistyped_digit_is_caught(nonce, pos, delta):
    code = make_code(KEY, nonce)
    typo = code[:pos] + str((int(code[pos]) + delta) % 10) + code[pos + 1:]
    assert normalize(typo) is None
