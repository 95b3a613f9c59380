"""Driver-against-emulator rigs over a real pty, with fast timing and clean teardown."""

from __future__ import annotations

import queue
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from devices.bill_validator import EscrowDecision, ValidatorEvent
from devices.emulators.ccnet import CcnetEmulator
from devices.emulators.id003 import Id003Emulator
from devices.emulators.validator_emulator import ValidatorEmulator
from devices.factory import open_bill_validator
from devices.validator_driver import EventQueue

FAST = {"poll_interval_s": 0.02, "response_timeout_s": 0.08, "retries": 2,
        "reconnect_initial_s": 0.05, "reconnect_max_s": 0.2, "init_timeout_s": 2.0}
EMULATORS: dict[str, type[ValidatorEmulator]] = {"ccnet": CcnetEmulator, "id003": Id003Emulator}


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.005)  # polling a condition with a deadline, not waiting for an event


class Rig:
    def __init__(self, protocol: str) -> None:
        self.protocol = protocol
        self.emu = EMULATORS[protocol]()
        self.path = self.emu.start()
        self.driver: Any = open_bill_validator(protocol, self.path, **FAST)
        self.queue = EventQueue()
        self.events: list[ValidatorEvent] = []
        self.decision = EscrowDecision.STACK
        self.on_escrow: Callable[[], None] | None = None
        self.driver.add_listener(self.queue)
        self.driver.set_escrow_decider(self._decide)

    until = staticmethod(wait_until)

    def _decide(self, _event: object) -> EscrowDecision:
        if self.on_escrow is not None:
            self.on_escrow()
        return self.decision

    def start(self, enable: bool = True) -> Rig:
        self.driver.start()
        ready = self.wait("ready")
        if enable:
            self.driver.enable(ready.denominations)
            wait_until(lambda: bool(self.emu.model.enabled) and not (
                self.protocol == "id003" and self.emu.model.inhibited))
        return self

    def wait(self, name: str, timeout: float = 5.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no {name!r} event; saw {[e.event for e in self.events]}")
            try:
                event = self.queue.get(timeout=remaining)
            except queue.Empty:
                continue
            self.events.append(event)
            if event.event == name:
                return event

    def names(self) -> list[str]:
        return [e.event for e in self.events]

    def drain(self, settle_polls: int = 10) -> None:
        """Collect what arrives while the driver polls ``settle_polls`` more times."""
        target = self.driver.counters.frames_sent + settle_polls
        wait_until(lambda: self.driver.counters.frames_sent >= target)
        while True:
            try:
                self.events.append(self.queue.get(timeout=0))
            except queue.Empty:
                return

    def close(self) -> None:
        self.driver.close()
        self.emu.stop()


@pytest.fixture(params=["ccnet", "id003"])
def rig(request: pytest.FixtureRequest) -> Iterator[Rig]:
    r = Rig(request.param)
    yield r
    r.close()
