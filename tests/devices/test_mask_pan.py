"""The one card-number mask: BIN + last four at most, idempotent on masked values."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from devices.card_terminal import mask_pan

PANS = st.text(alphabet="0123456789", min_size=11, max_size=19)
# anything a terminal or a caller may hand over: digits, mask characters, separators
ANY = st.text(alphabet="0123456789*E -xX", max_size=24)


@given(ANY)
def test_idempotent(raw):
    once = mask_pan(raw)
    assert mask_pan(once) == once


@given(ANY)
def test_only_bin_and_last_four_may_be_digits(raw):
    out = mask_pan(raw)
    middle = out[6:-4] if len(out) > 10 else out[:-4]
    assert set(middle) <= {"*"} and len(out) == len(raw.replace(" ", "").replace("-", ""))


@given(PANS)
def test_full_pan_keeps_bin_and_last_four(pan):
    assert mask_pan(pan) == pan[:6] + "*" * (len(pan) - 10) + pan[-4:]


@given(PANS)
def test_masking_a_masked_pan_keeps_bin_and_last_four(pan):
    """The ledger's bug: it re-masked the driver's masked PAN and lost BIN and last four."""
    masked = pan[:6] + "*" * (len(pan) - 10) + pan[-4:]
    assert mask_pan(masked) == masked


def test_examples():
    assert mask_pan("6228 4800 0000 1234") == "622848******1234"
    assert mask_pan("4761********0119") == "4761********0119"
    assert mask_pan("12345") == "*2345" and mask_pan("") == ""
