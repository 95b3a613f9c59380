"""Fixtures for the payment core: clock, bill validator, card terminal, printer, store
(the fakes themselves live in ``tests.support.fakes``)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import load
from kiosk.ledger.ledger import Ledger
from offline_queue import Store
from tests.support.fakes import FakeClock, FakeTerminal, FakeValidator


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def config():  # type: ignore[no-untyped-def]
    return load(None, env={})


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    s = Store(tmp_path / "kiosk.db", clock=clock)
    yield s
    s.close()


@pytest.fixture
def ledger(store: Store, clock: FakeClock) -> Ledger:
    return Ledger(store, kiosk_id="K0001", clock=clock, rng=random.Random(7))


@pytest.fixture
def fake_validator() -> FakeValidator:
    return FakeValidator()


@pytest.fixture
def fake_terminal() -> FakeTerminal:
    return FakeTerminal()
