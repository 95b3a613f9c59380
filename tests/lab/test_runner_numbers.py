"""The lab's customer types another number when the kiosk refuses one (soak regression:
a random number the server marks as not top-up-able ended a 10,000-session soak)."""

from __future__ import annotations

import random

import pytest

from kiosk.errors import ValidationError
from lab.runner import start_topup


class RefusingCore:
    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.numbers: list[str] = []

    def start_topup(self, msisdn: str, amount: int | None) -> str:
        self.numbers.append(msisdn)
        if len(self.numbers) <= self.refusals:
            raise ValidationError("this number cannot be topped up")
        return f"session for {msisdn}"


def test_a_refused_number_is_retyped() -> None:
    core = RefusingCore(refusals=2)
    session = start_topup(core, random.Random(1), 5000)
    assert len(core.numbers) == 3 and len(set(core.numbers)) == 3
    assert session == f"session for {core.numbers[-1]}"


def test_gives_up_after_a_few_tries() -> None:
    with pytest.raises(ValidationError):
        start_topup(RefusingCore(refusals=99), random.Random(1), None, tries=3)
