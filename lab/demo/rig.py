"""The demo kiosk, wired for real: server, emulated devices on ptys, the core. No Qt.

Why real parts: the demo is the product's first impression and its end-to-end test bed,
so nothing is mocked, and past the emulators it runs the production wiring
(``kiosk.runtime.runtime.Runtime``), so what the demo shows is what ``kiosk run`` does.
``DemoKiosk.start()``:

1. makes a temporary data directory (journal, keys, server database);
2. registers the kiosk and starts the reference central server as a subprocess
   (``python -m central.cli``: ``kiosk`` never imports ``central``), behind a
   ``NetworkSwitch`` so "network down" is a real outage;
3. starts the CCNET validator, ZVT terminal and ESC/POS printer emulators on ptys;
4. writes the server secret and ``<data_dir>/kiosk.toml`` pointing at the emulator
   ports and the server (``kiosk --config <data_dir>/kiosk.toml run`` would run the
   same kiosk), and hands that configuration to ``Runtime``;
5. creates two back-office operators (``demo``, admin; ``checker``, finance) with a
   fresh password; ``backoffice_url`` is the server's ``/bo/`` (not behind the switch);
6. waits for the first catalog fetch and the card terminal's registration (both run in
   the background in production), so the demo opens online and ready for cards.

QR payments (issue 18): the payment-provider emulator runs as its own process
(``kiosk-central qr emulator``, WeChat Pay v3 style, throw-away keys in the data
directory) and the server reads its payments config; a QR scanner emulator on a pty is
the kiosk's ``devices.scanner``. ``scan_code`` holds a phone's payment code under the
scanner (the last digit picks the wallet's answer: 0-5 paid, 6 confirm on the phone,
7 never confirmed, 8 not enough balance); ``customer_pays_qr`` pays the code on screen
(``late=True``: after the order closed, which the server refunds).

The control methods (``insert_note``, ``jam``, ``card_outcome``, ``paper``,
``network_up``) are what the demo's control window and scripted journeys press.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from devices.emulators.ccnet import CcnetEmulator
from devices.emulators.printer import PrinterEmulator
from devices.emulators.scanner import ScannerEmulator
from devices.emulators.zvt import ZvtEmulator
from kiosk.config import Config, load
from kiosk.payment.core import KioskCore
from kiosk.payment.qr_flow import order_no
from kiosk.runtime.runtime import Runtime
from kiosk.settlement.keys import SigningKey
from lab.central_proc import free_port
from lab.demo.network import NetworkSwitch

CONFIG_FILE = "kiosk.toml"


class DemoError(RuntimeError):
    """The demo could not start (server did not come up, emulator failed)."""



def write_toml(path: Path, values: Mapping[str, Any]) -> Path:
    """Write nested ``values`` (str, int, float, bool, lists of them) as a TOML file."""
    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return repr(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

    def table(node: Mapping[str, Any], prefix: str) -> list[str]:
        lines = [f"[{prefix}]"] if prefix else []
        lines += [f"{k} = {value(v)}" for k, v in node.items() if not isinstance(v, Mapping)]
        for k, v in node.items():
            if isinstance(v, Mapping):
                lines += ["", *table(v, f"{prefix}.{k}" if prefix else k)]
        return lines

    path.write_text("\n".join(table(values, "")) + "\n", encoding="utf-8")
    return path


BACKOFFICE_USERS = (("demo", "admin"), ("checker", "finance"))


def backoffice_banner(url: str, password: str) -> str:
    """What ``kiosk demo`` prints: where the back office is and how to log in."""
    logins = ", ".join(f"{u} ({r})" for u, r in BACKOFFICE_USERS)
    return f"kiosk demo: back office at {url} - log in as {logins}, password {password}"


class DemoClock:
    """Monotonic time that a journey may move forward (``advance``): the headless demo
    shows a QR code's countdown running out without waiting two minutes."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


class DemoKiosk:
    def __init__(self, base: Config | None = None, data_dir: Path | None = None, *,
                 probe_interval_s: float = 1.0,
                 clock: Callable[[], float] | None = None) -> None:
        self.base = base or load(None, env={})
        self.kiosk_id = str(self.base.get("kiosk_id"))
        self._own_dir = data_dir is None
        self.data_dir = data_dir or Path(tempfile.mkdtemp(prefix="kiosk-demo-"))
        self.probe_interval_s = probe_interval_s
        self.clock = clock or DemoClock()  # session timeouts; tests inject a fake one
        self.server_proc: subprocess.Popen[bytes] | None = None
        self.provider_proc: subprocess.Popen[str] | None = None
        self._provider_lines: queue.Queue[dict[str, Any]] = queue.Queue()
        self.last_qr_order = ""  # the merchant order number of the last code shown
        self._codes = int(time.time() * 1000) % 10**12
        self.runtime: Runtime | None = None
        self._stop = threading.Event()
        self._closers: list[Any] = []
        self.backoffice_url = ""       # set by start()
        self.backoffice_password = ""

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> KioskCore:
        try:
            return self._start()
        except Exception:
            self.stop()
            raise

    def _start(self) -> KioskCore:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        db = self.data_dir / "central.db"
        # Registering a kiosk registers its settlement key too (issue 15: without it the
        # server parked the first settlement after a cash collection).
        key = SigningKey.load_or_create(self.data_dir)
        secret = self._central("kiosk", "add", self.kiosk_id, "--public-key",
                               key.public_key_hex, "--db", str(db)).strip()
        # The back office beside the kiosk: an admin and a finance user (the second person
        # a refund or write-off needs), with a fresh password for this run only.
        self.backoffice_password = secrets.token_urlsafe(9)
        for user, role in BACKOFFICE_USERS:
            self._central("operator", "add", user, "--role", role, "--password-stdin",
                          "--db", str(db), stdin=self.backoffice_password + "\n")
        port = free_port()
        self.backoffice_url = f"http://127.0.0.1:{port}/bo/"  # direct: not behind the switch
        qr_env = self._start_provider(port)
        self.server_proc = subprocess.Popen(
            [sys.executable, "-m", "central.cli", "serve", "--db", str(db), "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **qr_env})
        self._wait_port(port, 20.0)
        self.network = NetworkSwitch("127.0.0.1", port)
        self._closers.append(self.network.close)
        self.validator_emu = CcnetEmulator()
        self.validator_emu.start()
        self._closers.append(self.validator_emu.stop)
        self.card_emu = ZvtEmulator(str(self.data_dir / "card-link"), ack_timeout=1.0).start()
        self._closers.append(self.card_emu.stop)
        self.receipts = (self.data_dir / "receipts.txt").open("w")  # closed by stop()
        self._closers.append(self.receipts.close)
        self.printer_emu = PrinterEmulator(str(self.data_dir / "printer-link"),
                                           out=self.receipts)
        self.printer_emu.start()
        self._closers.append(self.printer_emu.stop)
        self.scanner_emu = ScannerEmulator(str(self.data_dir / "scanner-link"))
        self.scanner_emu.start()
        self._closers.append(self.scanner_emu.stop)
        (self.data_dir / "secret").write_text(secret + "\n")
        self.config_path = write_toml(self.data_dir / CONFIG_FILE, {
            "kiosk_id": self.kiosk_id, "data_dir": str(self.data_dir),
            "locale": str(self.base.get("locale")), "brand": str(self.base.get("brand")),
            # The receipt QR opens the back office's public check page (direct, like
            # the back office itself: a phone is not behind the kiosk's network switch).
            "receipts": {"check_url": f"http://127.0.0.1:{port}/check"},
            "server": {"url": self.network.url, "connect_timeout_s": 1.0,
                       "read_timeout_s": 3.0, "command_poll_wait_s": 1.0},
            "devices": {"bill_validator": {"protocol": "ccnet",
                                           "port": self.validator_emu.path},
                        "card_terminal": {"protocol": "zvt", "port": self.card_emu.port},
                        "printer": {"protocol": "escpos", "port": self.printer_emu.port},
                        "scanner": {"protocol": "serial", "port": self.scanner_emu.port}}})
        self.config = load(self.config_path, env={})
        self.runtime = Runtime(self.config, clock=self.clock,
                               probe_interval_s=self.probe_interval_s)
        self._closers.insert(0, self.runtime.stop)  # before the emulators and the network
        self.core = self.runtime.start()
        # The demo opens online, with its billers and a registered card terminal.
        self.runtime.catalog_ready.wait(15)
        self.runtime.devices_started.wait(15)
        rt = self.runtime
        assert rt.store and rt.client and rt.sync and rt.maint and rt.devices
        self.store, self.client, self.sync, self.maint = rt.store, rt.client, rt.sync, rt.maint
        self.devices, self.report = rt.devices, rt.report
        self.validator: Any = rt.devices.validator
        self.terminal: Any = rt.devices.terminal
        self.printer: Any = rt.devices.printer
        return self.core

    def stop(self) -> None:
        self._stop.set()
        for close in self._closers:
            with contextlib.suppress(Exception):
                close()
        self._closers.clear()
        for proc in (self.server_proc, self.provider_proc):
            if proc is not None and proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()
        if self.provider_proc is not None:
            self.provider_proc.terminate()
            try:
                self.provider_proc.wait(5)
            except subprocess.TimeoutExpired:
                self.provider_proc.kill()
            self.provider_proc = None
        if self.server_proc is not None:
            self.server_proc.terminate()
            try:
                self.server_proc.wait(5)
            except subprocess.TimeoutExpired:
                self.server_proc.kill()
            self.server_proc = None
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def _central(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run([sys.executable, "-m", "central.cli", *args], capture_output=True,
                              text=True, timeout=30, input=stdin)
        if done.returncode != 0:
            raise DemoError(f"kiosk-central {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def _start_provider(self, server_port: int) -> dict[str, str]:
        """The provider emulator process; the server's payments config (env) for it."""
        config = self.data_dir / "payments.toml"
        self.provider_proc = proc = subprocess.Popen(
            [sys.executable, "-m", "central.cli", "qr", "emulator",
             "--db", str(self.data_dir / "provider-cli.db"),
             "--keys", str(self.data_dir / "qr-keys"), "--config-out", str(config),
             "--notify-url", f"http://127.0.0.1:{server_port}/v1/qr/notify/wechat"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, bufsize=1)

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                with contextlib.suppress(ValueError):
                    self._provider_lines.put(json.loads(line))
        threading.Thread(target=read, name="provider-emulator-out", daemon=True).start()
        try:
            ready = self._provider_lines.get(timeout=30)
        except queue.Empty:
            raise DemoError("the payment-provider emulator did not start") from None
        if ready.get("event") != "ready":
            raise DemoError(f"the payment-provider emulator said {ready}")
        return {"KIOSK_CENTRAL_QR_CONFIG": str(config)}

    def provider(self, command: str) -> str:
        """A console command to the provider emulator (``pay NO``, ``status`` ...)."""
        proc = self.provider_proc
        if proc is None or proc.stdin is None:
            raise DemoError("no payment-provider emulator")
        proc.stdin.write(command.strip() + "\n")
        proc.stdin.flush()
        try:
            return str(self._provider_lines.get(timeout=10).get("text", ""))
        except queue.Empty:
            raise DemoError("the payment-provider emulator did not answer") from None

    def _wait_port(self, port: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server_proc is not None and self.server_proc.poll() is not None:
                raise DemoError("the central server exited at start-up")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                return
            self._stop.wait(0.05)
        raise DemoError(f"the central server did not listen on port {port}")

    # --- the control window's buttons ----------------------------------------------------
    def insert_note(self, amount: int) -> None:
        self.validator_emu.insert_note(amount)

    def jam(self, on: bool = True) -> None:
        if on:
            self.validator_emu.jam()
        else:
            self.validator_emu.clear_jam()

    def cassette(self, present: bool) -> None:
        if present:
            self.validator_emu.insert_cassette()
        else:
            self.validator_emu.remove_cassette()

    def card_outcome(self, outcome: str) -> str:
        return self.card_emu.command(outcome)  # "approve" | "decline"

    def paper(self, state: str) -> str:
        return self.printer_emu.command(f"paper {state}")  # "ok" | "out" | "near_end"

    def payment_code(self, last_digit: str) -> str:
        """A fresh WeChat-style payment code (18 digits; codes are single use) ending in
        ``last_digit``, which picks the emulated wallet's answer."""
        self._codes += 1
        return f"134{self._codes:014d}{last_digit}"

    def scan_code(self, code: str) -> None:
        """A customer holds a phone's payment code (付款码) under the scanner."""
        self.scanner_emu.present(code)

    def scanner_plugged(self, plugged: bool) -> None:
        if plugged:
            self.scanner_emu.replug()
        else:
            self.scanner_emu.unplug()

    def customer_pays_qr(self, late: bool = False) -> str:
        """The customer pays the code on screen with the phone (``late``: after it closed)."""
        s = self.core.session
        if s is not None and s.txn_id is not None and s.qr_flow.code_url:
            self.last_qr_order = order_no(s.txn_id)
        if not self.last_qr_order:
            return "no QR code shown"
        return self.provider(f"pay {self.last_qr_order}{' late' if late else ''}")

    def network_up(self, up: bool) -> None:
        self.network.set_up(up)
        if up:
            self.client.probe()
        else:
            self.client.set_online(False)
