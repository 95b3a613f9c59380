"""`kiosk device watch` and `kiosk emulator ccnet|id003` as real processes over a pty."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devices.emulators.ccnet import CcnetEmulator
from devices.emulators.id003 import Id003Emulator
from kiosk_cli.emulator_validator import apply
from kiosk_cli.main import main

ROOT = Path(__file__).resolve().parents[2]


class Proc:
    """A CLI subprocess whose stdout lines arrive on a queue (no blocking reads)."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk_cli.main", *args], cwd=ROOT, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))

    def expect(self, key: str, value: str, timeout: float = 10.0) -> dict[str, Any]:
        seen = []
        while True:
            try:
                obj = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no {key}={value} line; saw {seen}") from None
            seen.append(obj)
            if obj.get(key) == value:
                return obj

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def stop(self) -> int:
        self.proc.terminate()
        try:
            return self.proc.wait(timeout=10)
        finally:
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()


@pytest.fixture
def procs() -> Iterator[list[Proc]]:
    started: list[Proc] = []
    yield started
    for proc in started:
        if proc.proc.poll() is None:
            proc.stop()


def test_watch_missing_port_fails_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["device", "watch", "--protocol", "ccnet", "--port", "/dev/no-such-validator"])
    assert info.value.code != 0
    assert "/dev/no-such-validator does not exist" in capsys.readouterr().err


def test_watch_prints_events_and_survives_disconnect(procs: list[Proc]) -> None:
    with CcnetEmulator() as emu:
        watch = Proc("device", "watch", "--protocol", "ccnet", "--port", emu.path,
                     "--escrow", "accept")
        procs.append(watch)
        ready = watch.expect("event", "ready")
        assert ready["denominations"] == [100, 500, 1000, 2000, 5000, 10000]
        emu.insert_note(10000)
        # the driver enables notes right after ready; a note before that is rejected
        first = watch.lines.get(timeout=10)
        if first["event"] == "rejected":
            emu.insert_note(10000)
            first = watch.expect("event", "escrow")
        assert first == {"event": "escrow", "amount": 10000, "currency": "CNY"}
        assert watch.expect("event", "stacked") == {
            "event": "stacked", "amount": 10000, "currency": "CNY"}
        emu.set_silent(True)
        watch.expect("event", "disconnected")
        emu.set_silent(False)
        watch.expect("event", "reconnected")
        assert watch.stop() == 0


def test_emulator_cli_serves_a_driver(procs: list[Proc]) -> None:
    from devices.bill_validator import EscrowDecision
    from devices.factory import open_bill_validator
    from devices.validator_driver import EventQueue

    emu = Proc("emulator", "id003")
    procs.append(emu)
    port = emu.expect("event", "ready")["pty"]
    driver = open_bill_validator("id003", port, poll_interval_s=0.02, response_timeout_s=0.1)
    events = EventQueue()
    driver.add_listener(events)
    driver.set_escrow_decider(lambda _e: EscrowDecision.STACK)
    driver.start()
    try:
        ready = events.get(timeout=10)
        assert ready.event == "ready"
        driver.enable(driver.denominations())
        emu.send("status")
        emu.expect("ok", True)
        while True:
            emu.send("insert 5000")
            assert emu.expect("command", "insert 5000")["ok"] is True
            event = events.get(timeout=10)
            if event.event != "rejected":  # inhibited until the enables land
                break
        assert event.event == "escrow"
        assert events.get(timeout=10).event == "stacked"
        emu.send("status")
        assert emu.expect("ok", True)["stacked"] == [5000]
    finally:
        driver.close()
    assert emu.stop() == 0


def test_emulator_commands_parse_and_bad_input_is_an_error() -> None:
    emu = Id003Emulator()
    assert apply(emu, "insert 100")["ok"] is True
    assert apply(emu, "jam cassette")["ok"] is True and emu.model.jam == "cassette"
    assert apply(emu, "clear")["ok"] is True and emu.model.jam is None
    assert apply(emu, "power-cycle stacker")["ok"] is True
    assert apply(emu, "silent on")["ok"] is True and emu.silent
    assert apply(emu, "delay 20")["ok"] is True and emu.delay_s == 0.02
    assert apply(emu, "insert")["ok"] is False
    assert apply(emu, "insert ten")["ok"] is False
    assert apply(emu, "explode")["ok"] is False
    assert "insert VALUE" in apply(emu, "help")["commands"]
