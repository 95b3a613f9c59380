"""The production composition root against emulators on ptys and the real reference server.

``Runtime`` is what ``kiosk run`` (and the demo) start, so these tests cover the wiring
itself: a cash top-up through the assembled core reaches the server, start-up with the
server down is prompt and cash still works, a missing secret is a clear error, and the
``kiosk run --headless`` process stops cleanly on SIGTERM after telling systemd READY.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from central.testing import run_server
from devices.emulators.ccnet import CcnetEmulator
from devices.emulators.printer import PrinterEmulator
from devices.emulators.zvt import ZvtEmulator
from kiosk.config import Config, load
from kiosk.runtime.runtime import Runtime, StartupError
from lab.central_proc import free_port
from lab.demo.rig import write_toml

KIOSK = "K0001"
ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.slow



def wait_for(cond: Callable[[], Any], timeout: float = 10.0) -> None:
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        pause.wait(0.02)


class Emulators:
    def __init__(self, tmp: Path) -> None:
        self.validator = CcnetEmulator()
        self.validator.start()
        self.card = ZvtEmulator(str(tmp / "card-link"), ack_timeout=1.0).start()
        self.printer = PrinterEmulator(str(tmp / "printer-link")).start()

    def stop(self) -> None:
        self.printer.stop()
        self.card.stop()
        self.validator.stop()


@pytest.fixture
def emus(tmp_path: Path) -> Iterator[Emulators]:
    e = Emulators(tmp_path)
    yield e
    e.stop()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Any, str]]:
    with run_server(tmp_path / "central.db") as (base_url, admin):
        yield base_url, admin, admin.add_kiosk(KIOSK)


def kiosk_config(tmp: Path, url: str, emus: Emulators, secret: str | None) -> Path:
    """A TOML file as a technician would write it, pointing at the emulators."""
    data_dir = tmp / "kiosk-data"
    data_dir.mkdir(exist_ok=True)
    if secret is not None:
        (data_dir / "secret").write_text(secret + "\n")
    path = tmp / "kiosk.toml"
    write_toml(path, {
        "kiosk_id": KIOSK, "data_dir": str(data_dir),
        "server": {"url": url, "connect_timeout_s": 1.0, "read_timeout_s": 3.0,
                   "command_poll_wait_s": 2.0},
        "devices": {"bill_validator": {"port": emus.validator.path},
                    "card_terminal": {"port": emus.card.port},
                    "printer": {"port": emus.printer.port}}})
    return path


def config_at(path: Path) -> Config:
    return load(path, env={})


@pytest.fixture
def runtime_factory() -> Iterator[Callable[[Config], Runtime]]:
    made: list[Runtime] = []

    def make(config: Config) -> Runtime:
        rt = Runtime(config)
        made.append(rt)
        return rt

    yield make
    for rt in made:
        rt.stop()


def insert(emu: CcnetEmulator, session: Any, amount: int) -> None:
    wait_for(lambda: emu.model.enabled)
    before = session.cash
    emu.insert_note(amount)
    wait_for(lambda: session.cash == before + amount or session.ended.is_set())


def test_start_cash_topup_reaches_server_and_stop(tmp_path, emus, server, runtime_factory):
    base_url, admin, secret = server
    rt = runtime_factory(config_at(kiosk_config(tmp_path, base_url, emus, secret)))
    core = rt.start()
    assert rt.maint is not None and rt.store is not None and rt.sync is not None
    assert rt.catalog_ready.wait(10) and core.online and core.billers()
    s = core.start_topup("13800138000", 10000)
    core.pay_cash()
    insert(emus.validator, s, 5000)
    insert(emus.validator, s, 5000)
    assert s.ended.wait(10)
    assert s.outcome is not None and s.outcome.status == "completed"
    wait_for(lambda: [t["status"] for t in admin.transactions(KIOSK)] == ["completed"])
    assert sum(int(t["cash"]) for t in admin.transactions(KIOSK)) == 10000
    assert rt.maint.maintenance.collect_status()["cassette"] == {"5000": 2}
    wait_for(lambda: rt.heartbeat is not None and rt.heartbeat.sent >= 1)
    assert (rt.config.data_dir / "logs" / "kiosk.log").exists()
    threads = {t.name for t in threading.enumerate()}
    assert {"heartbeat", "command-poller", "kiosk-ticker"} <= threads
    rt.stop()
    rt.stop()  # idempotent
    wait_for(lambda: not {"heartbeat", "command-poller", "kiosk-ticker", "kiosk-online"}
             & {t.name for t in threading.enumerate() if t.is_alive()})


def test_server_down_start_is_prompt_and_cash_works_offline(tmp_path, emus, runtime_factory):
    down = f"http://127.0.0.1:{free_port()}"
    rt = runtime_factory(config_at(kiosk_config(tmp_path, down, emus, "ab" * 32)))
    began = time.monotonic()
    core = rt.start()
    took = time.monotonic() - began
    assert took < 5.0, f"start-up took {took:.1f} s with the server down"
    assert rt.catalog_ready.wait(10) and not core.online
    av = core.availability()
    assert av.cash and not av.card
    s = core.start_topup("13800138000", None)
    core.pay_cash()
    insert(emus.validator, s, 2000)
    core.finish()
    assert s.ended.wait(10)
    assert s.outcome is not None and s.outcome.status == "completed"
    assert s.outcome.cash == 2000
    assert rt.store is not None and rt.store.status().pending >= 1


def test_escrow_settle_wait_comes_from_config(tmp_path, emus, runtime_factory):
    down = f"http://127.0.0.1:{free_port()}"
    path = kiosk_config(tmp_path, down, emus, "ab" * 32)
    path.write_text(path.read_text() + "\n[timeouts]\nescrow_settle_s = 1.5\n")
    rt = runtime_factory(config_at(path))
    assert rt.start().escrow_settle_s == 1.5


def test_missing_secret_is_a_clear_error(tmp_path, emus, runtime_factory):
    config = config_at(kiosk_config(tmp_path, "http://127.0.0.1:9", emus, None))
    rt = runtime_factory(config)
    with pytest.raises(StartupError) as info:
        rt.start()
    message = str(info.value)
    assert str(config.credentials_file) in message
    assert f"kiosk-central kiosk add {KIOSK}" in message
    assert not (config.data_dir / "kiosk.db").exists()  # failed before opening anything
    (config.data_dir / "secret").write_text("not hex\n")
    with pytest.raises(StartupError, match="hex"):
        rt.start()


@pytest.mark.parametrize("mode", ["headless", "window"])
def test_kiosk_run_stops_cleanly_on_sigterm(tmp_path, emus, server, mode):
    """``--headless``, and the real window on Qt's offscreen platform."""
    base_url, _admin, secret = server
    path = kiosk_config(tmp_path, base_url, emus, secret)
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify_path = str(tmp_path / "notify.sock")
    notify.bind(notify_path)
    notify.settimeout(20)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(NOTIFY_SOCKET=notify_path, WATCHDOG_USEC="1000000", PYTHONPATH=str(ROOT),
               QT_QPA_PLATFORM="offscreen")
    extra = ["--headless"] if mode == "headless" else ["--lang", "en"]
    proc = subprocess.Popen([sys.executable, "-m", "kiosk_cli.main", "--config", str(path),
                             "run", *extra], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        first = json.loads(proc.stdout.readline())
        if mode == "window":  # the start-up screen is on the glass before the kiosk starts
            assert first["event"] == "painted" and first["screen"] == "startup"
            first = json.loads(proc.stdout.readline())
        assert first["event"] == "started" and first["kiosk_id"] == KIOSK
        assert notify.recv(4096).decode().startswith("READY=1")
        assert notify.recv(4096) == b"WATCHDOG=1"  # the main loop answers: pings flow
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert json.loads(out.splitlines()[-1]) == {"event": "stopped"}
        while (message := notify.recv(4096)) == b"WATCHDOG=1":
            pass
        assert message == b"STOPPING=1"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        notify.close()


def run_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", **extra)
    return env


def test_kiosk_run_window_shows_startup_error_and_exits_1(tmp_path, emus):
    """No secret: the start-up screen is painted, the error is on it and on stderr, and
    the run ends non-zero after the display time (systemd restarts it)."""
    path = kiosk_config(tmp_path, "http://127.0.0.1:9", emus, None)
    out = subprocess.run([sys.executable, "-m", "kiosk_cli.main", "--config", str(path),
                          "run", "--lang", "en", "--error-display-s", "0.2"],
                         env=run_env(), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1, out.stderr
    events = [json.loads(line)["event"] for line in out.stdout.splitlines()]
    assert events == ["painted", "stopped"]
    assert f"kiosk-central kiosk add {KIOSK}" in out.stderr
    assert "kiosk: error: cannot start: server secret file" in out.stderr


def test_kiosk_run_window_sigterm_during_startup(tmp_path, emus, server):
    """SIGTERM as soon as the first screen is up (the runtime is still starting behind
    it): the start in flight is finished and stopped, exit 0."""
    base_url, _admin, secret = server
    path = kiosk_config(tmp_path, base_url, emus, secret)
    proc = subprocess.Popen([sys.executable, "-m", "kiosk_cli.main", "--config", str(path),
                             "run", "--lang", "en"], env=run_env(), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert json.loads(proc.stdout.readline())["event"] == "painted"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert json.loads(out.splitlines()[-1]) == {"event": "stopped"}
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def test_reload_config_applies_live_keys_and_reports_restart_keys(tmp_path) -> None:
    from kiosk.config import ConfigError
    from kiosk.config import load as load_config
    from kiosk.payment.core import KioskCore
    from kiosk.runtime.runtime import Runtime
    from offline_queue import Store

    path = tmp_path / "kiosk.toml"
    path.write_text(f'data_dir = "{tmp_path}"\n[limits]\nmax_transaction = 50000\n')
    config = load_config(path, env={})
    rt = Runtime(config)
    store = Store(tmp_path / "k.db")
    try:
        rt.core = KioskCore(config, store)
        path.write_text(f'data_dir = "{tmp_path}"\nbrand = "Top-up"\n'
                        '[limits]\nmax_transaction = 20000\n[server]\nurl = "http://127.0.0.2:1"\n')
        reply = rt.reload_config()
        assert reply["applied"] == ["brand", "limits"]
        assert reply["restart_required"] == ["server"]
        assert rt.core.limits.max_transaction == 20000
        assert rt.core.config.get("brand") == "Top-up"
        path.write_text("[limits]\nmax_transaction = -1\n")
        with pytest.raises(ConfigError, match=r"limits\.max_transaction"):
            rt.reload_config()
        assert rt.core.limits.max_transaction == 20000  # nothing changed
    finally:
        store.close()
