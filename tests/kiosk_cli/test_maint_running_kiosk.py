"""``kiosk maint`` against a running kiosk: the production ``Runtime`` on emulators over real
ptys (server down: nothing here needs it), its control socket in the data directory, the
CLI's ``main()`` in-process. Device states, the cassette and device tests come from the
kiosk that owns the ports; a wrong PIN says what the login screen says; with no kiosk
running the CLI reads the store and says device details need the kiosk.

Deterministic: every wait is on an event (the emulator's enable, the driver's ``stacked``,
the session's end), never a sleep."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from devices.emulators.ccnet import CcnetEmulator
from devices.emulators.printer import PrinterEmulator
from devices.emulators.zvt import ZvtEmulator
from kiosk.config import load
from kiosk.runtime.control_socket import socket_path
from kiosk.runtime.runtime import Runtime, StartupError
from kiosk_cli.main import main
from lab.central_proc import free_port
from lab.demo.rig import write_toml

pytestmark = pytest.mark.slow
LOCAL_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")


class WatchedValidator(CcnetEmulator):
    """The validator emulator, telling a test the moment the host has enabled notes."""

    def __init__(self) -> None:
        super().__init__()
        self.enabled = threading.Event()

    def _answer(self, data: bytes | None) -> bytes | None:
        reply = super()._answer(data)
        if self.model.enabled:
            self.enabled.set()
        return reply


@pytest.fixture
def emus(tmp_path: Path) -> Iterator[tuple[WatchedValidator, ZvtEmulator, PrinterEmulator]]:
    validator = WatchedValidator()
    validator.start()
    card = ZvtEmulator(str(tmp_path / "card"), ack_timeout=1.0).start()
    printer = PrinterEmulator(str(tmp_path / "prn")).start()
    yield validator, card, printer
    printer.stop()
    card.stop()
    validator.stop()


@pytest.fixture
def config_path(tmp_path: Path, emus: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    validator, card, printer = emus
    data = tmp_path / "d"  # short: a Unix socket path has a 107-byte limit
    data.mkdir()
    (data / "secret").write_text("ab" * 32 + "\n")
    path = tmp_path / "k.toml"
    write_toml(path, {
        "kiosk_id": "K0001", "data_dir": str(data),
        "server": {"url": f"http://127.0.0.1:{free_port()}", "connect_timeout_s": 1.0,
                   "read_timeout_s": 3.0, "command_poll_wait_s": 2.0},
        "devices": {"bill_validator": {"port": validator.path},
                    "card_terminal": {"port": card.port}, "printer": {"port": printer.port}}})
    monkeypatch.setenv("KIOSK_CONFIG", str(path))
    monkeypatch.delenv("KIOSK_DATA_DIR", raising=False)
    monkeypatch.setenv("TZ", "Asia/Shanghai")  # the kiosk's local time is not UTC
    time.tzset()
    yield path
    monkeypatch.undo()
    time.tzset()


Cli = Callable[..., tuple[Any, list[dict[str, Any]], str]]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    def raw(*argv: str, stdin: str = "") -> tuple[Any, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    def run(*argv: str, stdin: str = "") -> tuple[Any, list[dict[str, Any]], str]:
        code, out, err = raw(*argv, stdin=stdin)
        return code, [json.loads(line) for line in out.splitlines()], err
    run.raw = raw  # type: ignore[attr-defined]  # output that is not all JSON lines
    return run


@pytest.fixture
def kiosk(config_path: Path, cli: Cli) -> Iterator[Runtime]:
    assert cli("users", "add", "--role", "admin", "alice", "--pin-stdin",
               stdin="482913\n")[0] == 0
    assert cli("users", "add", "--role", "technician", "--as", "alice", "bob", "--pin-stdin",
               stdin="482913\n582914\n")[0] == 0
    assert cli("users", "add", "--role", "collector", "--as", "alice", "carol", "--pin-stdin",
               stdin="482913\n682915\n")[0] == 0
    rt = Runtime(load(config_path, env={}), log_to_file=False)
    rt.start()
    assert rt.devices_started.wait(10)  # the card terminal's registration was attempted
    yield rt
    rt.stop()


def stack_one_note(rt: Runtime, emu: WatchedValidator, amount: int) -> None:
    """A real offline cash top-up of one note, so the cassette holds something."""
    assert rt.core is not None and rt.devices is not None and rt.devices.validator
    stacked = threading.Event()
    rt.devices.validator.add_listener(
        lambda ev: stacked.set() if ev.event == "stacked" else None)
    session = rt.core.start_topup("13800138000", None)
    rt.core.pay_cash()
    emu.enabled.clear()
    assert emu.enabled.wait(10)
    emu.insert_note(amount)
    assert stacked.wait(10)
    rt.core.finish()
    assert session.ended.wait(10)
    assert session.outcome is not None and session.outcome.status == "completed"


def test_diagnostics_come_from_the_running_kiosk(kiosk, emus, cli) -> None:
    validator = emus[0]
    stack_one_note(kiosk, validator, 2000)
    assert kiosk.maint is not None
    screen = kiosk.maint.maintenance
    screen.login("carol", "682915")  # someone at the screen stays logged in throughout
    kiosk.maint.service_state.set_manual("door open", by="bob", role="technician",
                                         source="technician")
    code, rows, err = cli("maint", "diagnostics", "--user", "bob", "--pin-stdin",
                          stdin="582914\n")
    assert code == 0, err
    assert err == ""  # nothing to apologise for: the kiosk answered
    report = rows[0]
    assert report["source"] == "running kiosk"
    devices = report["devices"]
    assert set(devices) == {"bill_validator", "card_terminal", "printer"}
    assert devices["bill_validator"]["connected"] is True
    assert devices["bill_validator"]["protocol"] == "ccnet"
    assert devices["bill_validator"]["notes_stacked"] == 1
    assert devices["printer"]["open"] is True and devices["printer"]["protocol"] == "escpos"
    assert devices["card_terminal"]["protocol"] == "zvt"
    assert report["cassette"] == {"2000": 1}
    assert LOCAL_ISO.match(report["service"]["reasons"][0]["since"])
    # The shell's login was its own: the screen's session is untouched, both audited.
    user = screen.current_user()
    assert user is not None and user.name == "carol"
    actions = [(a["user"], a["action"]) for a in kiosk.maint.auditor.recent(10)]
    assert ("bob", "diagnostics") in actions and ("bob", "logout") in actions
    assert ("carol", "logout.replaced") not in actions


def test_a_device_test_runs_in_the_running_kiosk(kiosk, cli) -> None:
    code, rows, err = cli("maint", "test", "printer", "paper", "--user", "bob",
                          "--pin-stdin", stdin="582914\n")
    assert code == 0, err
    assert rows == [{"device": "printer", "test": "paper", "ok": True,
                     "detail": {"paper": "ok"}}]
    code, _, err = cli("maint", "test", "printer", "paper", "--user", "carol",
                       "--pin-stdin", stdin="682915\n")
    assert code == 1 and "role collector may not do device_test" in err
    code, _, err = cli("maint", "test", "printer", "enable", "--user", "bob", "--pin-stdin",
                       stdin="582914\n")
    assert code == 2 and "printer has: test_page, paper" in err


def test_a_device_test_waits_for_the_customer(kiosk, cli) -> None:
    assert kiosk.core is not None
    kiosk.core.start_topup("13800138000", None)  # a customer is choosing
    code, _, err = cli("maint", "test", "bill_validator", "enable", "--user", "bob",
                       "--pin-stdin", stdin="582914\n")
    assert code == 1 and "a customer is paying" in err


def test_a_wrong_pin_says_what_the_screen_says(kiosk, cli) -> None:
    # The same words as the staff login screen (tests/ui/test_maintenance.py).
    code, rows, err = cli("maint", "diagnostics", "--user", "bob", "--pin-stdin",
                          stdin="000000\n")
    assert code == 4 and rows == []
    assert "login refused: Wrong PIN. 4 more tries before a lock." in err
    for _ in range(4):  # the fifth wrong PIN locks
        code, _, err = cli("maint", "diagnostics", "--user", "bob", "--pin-stdin",
                           stdin="000000\n")
    assert code == 4 and re.search(r"Too many wrong PINs: locked until \d\d:\d\d\.", err)
    code, _, err = cli("maint", "test", "printer", "paper", "--user", "bob", "--pin-stdin",
                       stdin="582914\n")  # the right PIN, but locked now
    assert code == 4 and re.search(r"Too many wrong PINs: locked until \d\d:\d\d\.", err)


def test_no_running_kiosk_falls_back_to_the_store(kiosk, emus, cli) -> None:
    stack_one_note(kiosk, emus[0], 5000)
    kiosk.stop()
    assert not socket_path(kiosk.config.data_dir).exists()
    code, rows, err = cli("maint", "diagnostics", "--user", "bob", "--pin-stdin",
                          stdin="582914\n")
    assert code == 0, err
    assert "no running kiosk" in err and "device details need the running kiosk" in err
    assert rows[0]["source"] == "store (kiosk not running)"
    assert rows[0]["devices"] == {} and rows[0]["cassette"] == {"5000": 1}
    code, _, err = cli("maint", "test", "printer", "paper", "--user", "bob", "--pin-stdin",
                       stdin="582914\n")
    assert code == 1 and "device tests need the running kiosk" in err
    # A kiosk killed without stopping leaves its socket file: still "not running".
    with socket.socket(socket.AF_UNIX) as stale:
        stale.bind(str(socket_path(kiosk.config.data_dir)))
    code, rows, err = cli("maint", "diagnostics", "--user", "bob", "--pin-stdin",
                          stdin="582914\n")
    assert code == 0 and rows[0]["source"] == "store (kiosk not running)"


def test_the_socket_is_private_and_a_second_kiosk_refused(kiosk, config_path) -> None:
    path = socket_path(kiosk.config.data_dir)
    info = path.stat()
    assert stat.S_ISSOCK(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o600
    assert info.st_uid == os.getuid()
    second = Runtime(load(config_path, env={}), log_to_file=False)
    with pytest.raises(StartupError, match="another kiosk is running"):
        second.start()
    assert path.exists()  # the first kiosk still answers


def test_out_of_service_from_the_shell_reaches_the_running_kiosk(kiosk, cli) -> None:
    assert kiosk.maint is not None
    state = kiosk.maint.service_state
    code, rows, err = cli("maint", "out-of-service", "--user", "bob", "--reason",
                          "door open", "--pin-stdin", stdin="582914\n")
    assert code == 0, err
    assert rows[0]["in_service"] is False
    assert not state.in_service  # the kiosk's own state, not only its store
    assert [r.reason for r in state.reasons()] == ["door open"]
    code, rows, err = cli("maint", "in-service", "--user", "bob", "--pin-stdin",
                          stdin="582914\n")
    assert code == 0, err
    assert rows[0]["in_service"] is True and state.in_service
    code, _, err = cli("maint", "out-of-service", "--user", "carol", "--reason", "x",
                       "--pin-stdin", stdin="682915\n")
    assert code == 1 and "role collector may not do out_of_service" in err
    assert state.in_service


def test_a_collection_from_the_shell_is_the_running_kiosks(kiosk, emus, cli) -> None:
    stack_one_note(kiosk, emus[0], 2000)
    code, rows, err = cli("maint", "expected", "--user", "carol", "--pin-stdin",
                          stdin="682915\n")
    assert code == 0, err
    assert rows == [{"expected": {"2000": 1}}]
    assert kiosk.core is not None
    kiosk.core.start_topup("13800138000", None)  # a customer is choosing
    code, _, err = cli("maint", "collect", "--as-expected", "--user", "carol",
                       "--pin-stdin", stdin="682915\n")
    assert code == 1 and "a customer is paying" in err
    kiosk.core.cancel()
    code, out, err = cli.raw("maint", "collect", "--count", "2000=1", "--user", "carol",
                             "--pin-stdin", stdin="682915\n")
    assert code == 0, err
    record = json.loads(out.splitlines()[0])
    assert record["counted"] == {"2000": 1} and record["difference"] == 0
    assert "CASH COLLECTION" in out
    assert kiosk.maint is not None
    assert kiosk.maint.maintenance.collect_status()["cassette"] == {}  # emptied by the kiosk
