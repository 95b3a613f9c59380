"""Drivers fed random and mutated replies through a fake port: nothing escapes, no credit."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from devices.bill_validator import EscrowDecision, ValidatorEvent
from devices.ccnet import codec as ccnet_codec
from devices.ccnet.driver import CcnetValidator
from devices.ccnet.messages import BillType
from devices.id003 import codec as id003_codec
from devices.id003.driver import Id003Validator
from devices.id003.messages import Denomination
from devices.validator_driver import (
    EscrowRecord,
    LinkLost,
    Reinitialise,
    ValidatorTiming,
)

TIMING = ValidatorTiming(poll_interval_s=0.0, response_timeout_s=0.002, retries=1,
                         reconnect_initial_s=0.001, reconnect_max_s=0.002, init_timeout_s=0.05)


class ScriptedPort:
    """Answers each write with the next scripted chunk (then silence)."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = list(chunks)
        self.pending = b""
        self.written: list[bytes] = []

    @property
    def in_waiting(self) -> int:
        return len(self.pending)

    def write(self, data: bytes) -> int:
        self.written.append(data)
        if self.chunks:
            self.pending += self.chunks.pop(0)
        return len(data)

    def flush(self) -> None:
        pass

    def read(self, size: int) -> bytes:
        data, self.pending = self.pending[:size], self.pending[size:]
        return data

    def close(self) -> None:
        pass


def armed(driver: Any, events: list[ValidatorEvent]) -> Any:
    """A driver that knows its bill table and holds a decided escrow: ripe for a credit."""
    driver.add_listener(events.append)
    driver.set_escrow_decider(lambda _e: EscrowDecision.STACK)
    driver.escrow = EscrowRecord(10000, EscrowDecision.STACK)
    if isinstance(driver, CcnetValidator):
        driver._bills = {5: BillType(5, 10000, "CNY", "CHN")}
    else:
        driver._denoms = {0x66: Denomination(0x66, 10000, 0x0A)}
    return driver


def run_polls(driver: Any, chunks: list[bytes], polls: int = 6) -> None:
    driver._port = ScriptedPort(chunks)
    for _ in range(polls):
        with contextlib.suppress(LinkLost, Reinitialise):
            driver._poll_once()


def mutate(frame: bytes, position: int, flip: int) -> bytes:
    data = bytearray(frame)
    data[position % len(data)] ^= flip
    return bytes(data)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=40), max_size=8), st.sampled_from(["ccnet", "id003"]))
def test_random_replies_never_raise_or_credit(chunks: list[bytes], protocol: str) -> None:
    events: list[ValidatorEvent] = []
    cls = CcnetValidator if protocol == "ccnet" else Id003Validator
    driver = armed(cls("fake", timing=TIMING), events)
    run_polls(driver, chunks)
    assert not [e for e in events if e.event == "stacked"]


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 63), st.integers(1, 255))
def test_mutated_ccnet_credit_frame_never_credits(position: int, flip: int) -> None:
    events: list[ValidatorEvent] = []
    driver = armed(CcnetValidator("fake", timing=TIMING), events)
    bad = mutate(ccnet_codec.encode(bytes((0x81, 5))), position, flip)
    run_polls(driver, [bad, bad, bad, bad])
    assert not [e for e in events if e.event == "stacked"]


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 63), st.integers(1, 255))
def test_mutated_id003_vend_valid_never_credits(position: int, flip: int) -> None:
    events: list[ValidatorEvent] = []
    driver = armed(Id003Validator("fake", timing=TIMING), events)
    bad = mutate(id003_codec.encode(0x15), position, flip)
    run_polls(driver, [bad, bad, bad, bad])
    assert not [e for e in events if e.event == "stacked"]


def test_valid_credit_frames_do_credit_once() -> None:
    """The control for the properties above: unmutated frames are credited, once."""
    events: list[ValidatorEvent] = []
    driver = armed(CcnetValidator("fake", timing=TIMING), events)
    frame = ccnet_codec.encode(bytes((0x81, 5)))
    run_polls(driver, [frame, b"", frame, b""])  # 81 repeated (ACK lost): one credit
    assert [e.event for e in events].count("stacked") == 1
    events.clear()
    driver = armed(Id003Validator("fake", timing=TIMING), events)
    vend = id003_codec.encode(0x15)
    run_polls(driver, [vend, vend])
    assert [e.event for e in events].count("stacked") == 1


@settings(max_examples=30, deadline=None)
@given(st.lists(st.binary(min_size=1, max_size=30), min_size=1, max_size=10),
       st.sampled_from(["ccnet", "id003"]))
def test_driver_thread_survives_random_device(chunks: list[bytes], protocol: str) -> None:
    events: list[ValidatorEvent] = []
    opened = threading.Event()

    def opener(_port: str, **_kw: Any) -> ScriptedPort:
        opened.set()
        return ScriptedPort(chunks)

    cls = CcnetValidator if protocol == "ccnet" else Id003Validator
    driver = cls("fake", timing=TIMING, opener=opener)
    driver.add_listener(events.append)
    driver.start()
    try:
        assert opened.wait(2)
        thread = driver._thread
        assert thread is not None and thread.is_alive()
    finally:
        driver.close()
    assert not [e for e in events if e.event == "stacked"]
