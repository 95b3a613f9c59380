"""Scanner driver against the emulator over a real pty: both modes, gating, unplug."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.emulators.scanner import ScannerEmulator
from devices.scanner.driver import ScannerDriver, ScannerTiming
from devices.scanner.events import ScannerEvent, ScannerMode
from tests.devices.conftest import wait_until

FAST = ScannerTiming(reply_timeout_s=0.2, repeat_window_s=0.5, reconnect_initial_s=0.05,
                     reconnect_max_s=0.2, trigger_timeout_s=2.0)
CODE = "134567890123456789"


class Rig:
    def __init__(self, tmp_path: Path, mode: str, suffix: str = "cr",
                 timing: ScannerTiming = FAST) -> None:
        self.emu = ScannerEmulator(str(tmp_path / "scanner"), mode=mode, suffix=suffix)
        self.emu.start()
        suffix_bytes = {"cr": b"\r", "crlf": b"\r\n", "none": b""}[suffix]
        self.driver = ScannerDriver(self.emu.port, suffix=suffix_bytes, timing=timing)
        self.events: queue.Queue[ScannerEvent] = queue.Queue()
        self.driver.add_listener(self.events.put)

    def wait(self, name: str) -> ScannerEvent:
        seen = []
        while True:
            try:
                event = self.events.get(timeout=5)
            except queue.Empty:
                raise AssertionError(f"no {name!r}; saw {seen}") from None
            seen.append(event.event)
            if event.event == name:
                return event

    def codes_so_far(self) -> list[str]:
        out = []
        while not self.events.empty():
            event = self.events.get_nowait()
            if event.event == "code":
                out.append(event.code)  # type: ignore[union-attr]
        return out

    def close(self) -> None:
        self.driver.close()
        self.emu.stop()


@pytest.fixture
def rig(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Rig]:
    r = Rig(tmp_path, getattr(request, "param", "commands"))
    yield r
    r.close()


def test_commanded_scanner_is_disabled_until_enabled(rig: Rig) -> None:
    rig.driver.start()
    assert rig.wait("ready").mode == ScannerMode.COMMANDS  # type: ignore[union-attr]
    assert rig.emu.trigger_mode == "trigger"  # the probe put it in serial-trigger mode
    rig.emu.present(CODE)
    assert rig.emu.sent == []  # a disabled scanner does not read at all
    rig.driver.enable()
    assert rig.wait("code").code == CODE  # type: ignore[union-attr]
    assert rig.emu.trigger_mode == "presentation"
    rig.driver.disable()
    wait_until(lambda: rig.emu.trigger_mode == "trigger")


def test_trigger_reads_one_code(rig: Rig) -> None:
    rig.driver.start()
    rig.wait("ready")
    rig.emu.present(CODE)
    rig.driver.trigger()
    assert rig.wait("code").code == CODE  # type: ignore[union-attr]
    assert rig.emu.host_bytes.endswith(b"\x16T\r")


@pytest.mark.parametrize("rig", ["factory"], indirect=True)
def test_factory_scanner_is_gated_in_software(rig: Rig) -> None:
    rig.driver.start()
    assert rig.wait("ready").mode == ScannerMode.FACTORY  # type: ignore[union-attr]
    rig.emu.present("281234567890123456")  # read and sent unasked, while disabled
    wait_until(lambda: rig.driver.counters["ignored_disabled"] == 1)
    rig.driver.enable()
    rig.emu.present(CODE)
    assert rig.wait("code").code == CODE  # type: ignore[union-attr]
    rig.driver.trigger()  # nothing is sent to a scanner that answers nothing
    rig.driver.disable()
    rig.emu.present("131111111111111111")
    wait_until(lambda: rig.driver.counters["ignored_disabled"] == 2)
    assert rig.codes_so_far() == []
    assert rig.emu.host_bytes == b"\x16M\rTRGMOD0!"  # only the probe


def test_rereads_within_the_window_are_one_code(rig: Rig) -> None:
    rig.driver.enable()
    rig.driver.start()
    rig.wait("ready")
    for _ in range(3):
        rig.emu.present(CODE)
    rig.emu.present("281234567890123456")
    assert rig.wait("code").code == CODE  # type: ignore[union-attr]
    assert rig.wait("code").code == "281234567890123456"  # type: ignore[union-attr]
    wait_until(lambda: rig.driver.counters["repeats"] == 2)


def test_noise_is_reported_and_reading_goes_on(rig: Rig) -> None:
    rig.driver.enable()
    rig.driver.start()
    rig.wait("ready")
    rig.emu.noise()
    assert rig.wait("bad_read").reason == "not_printable"  # type: ignore[union-attr]
    rig.emu.present(CODE)
    assert rig.wait("code").code == CODE  # type: ignore[union-attr]
    assert CODE not in str(rig.driver.diagnostics())


def test_unplug_and_replug_reconnects_and_reapplies_the_state(rig: Rig) -> None:
    rig.driver.enable()
    rig.driver.start()
    rig.wait("ready")
    rig.emu.unplug()
    rig.wait("disconnected")
    rig.emu.replug()
    rig.wait("reconnected")
    assert rig.wait("ready").mode == ScannerMode.COMMANDS  # type: ignore[union-attr]
    assert rig.emu.trigger_mode == "presentation"
    rig.emu.present(CODE)
    assert rig.wait("code").code == CODE  # type: ignore[union-attr]


def test_no_suffix_scanner_is_framed_on_idle(tmp_path: Path) -> None:
    timing = ScannerTiming(reply_timeout_s=0.1, idle_flush_s=0.1)
    r = Rig(tmp_path, "factory", suffix="none", timing=timing)
    try:
        r.driver.enable()
        r.driver.start()
        r.wait("ready")
        r.emu.present(CODE)
        assert r.wait("code").code == CODE  # type: ignore[union-attr]
    finally:
        r.close()
