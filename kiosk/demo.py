"""The demo kiosk, wired for real: server, emulated devices on ptys, the core. No Qt.

Why real parts: the demo is the product's first impression and its end-to-end test bed,
so nothing is mocked. ``DemoKiosk.start()``:

1. makes a temporary data directory (journal, keys, server database);
2. registers the kiosk and starts the reference central server as a subprocess
   (``python -m central.cli``: ``kiosk`` never imports ``central``), behind a
   ``NetworkSwitch`` so "network down" is a real outage;
3. starts the CCNET validator, ZVT terminal and ESC/POS printer emulators on ptys and
   the real drivers on the other ends;
4. builds ``KioskCore`` with the store, the server client and the sync worker, runs
   recovery and loads the biller catalog.

The control methods (``insert_note``, ``jam``, ``card_outcome``, ``paper``,
``network``) are what the demo's control window and scripted journeys press.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devices.emulators.ccnet import CcnetEmulator
from devices.emulators.printer import PrinterEmulator
from devices.emulators.zvt import ZvtEmulator
from devices.escpos import open_printer
from devices.factory import open_bill_validator
from devices.zvt import open_card_terminal
from kiosk.config import Config, load
from kiosk.core import KioskCore
from kiosk.demo_network import NetworkSwitch
from kiosk.server_client import ServerClient
from offline_queue import HmacAuth, Store, SyncWorker


class DemoError(RuntimeError):
    """The demo could not start (server did not come up, emulator failed)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DemoKiosk:
    def __init__(self, base: Config | None = None, data_dir: Path | None = None, *,
                 probe_interval_s: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.base = base or load(None, env={})
        self.kiosk_id = str(self.base.get("kiosk_id"))
        self._own_dir = data_dir is None
        self.data_dir = data_dir or Path(tempfile.mkdtemp(prefix="kiosk-demo-"))
        self.probe_interval_s = probe_interval_s
        self.clock = clock  # session timeouts; tests inject a fake one
        self.server_proc: subprocess.Popen[bytes] | None = None
        self._stop = threading.Event()
        self._closers: list[Any] = []

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
        secret = self._central("kiosk", "add", self.kiosk_id, "--db", str(db)).strip()
        port = free_port()
        self.server_proc = subprocess.Popen(
            [sys.executable, "-m", "central.cli", "serve", "--db", str(db), "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_port(port, 20.0)
        self.network = NetworkSwitch("127.0.0.1", port)
        self._closers.append(self.network.close)
        (self.data_dir / "secret").write_text(secret + "\n")
        self.config = load(None, env={"KIOSK_DATA_DIR": str(self.data_dir),
                                      "KIOSK_SERVER__URL": self.network.url,
                                      "KIOSK_KIOSK_ID": self.kiosk_id,
                                      "KIOSK_LOCALE": str(self.base.get("locale")),
                                      "KIOSK_BRAND": str(self.base.get("brand"))})
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
        self.validator: Any = open_bill_validator(
            "ccnet", self.validator_emu.path, poll_interval_s=0.05, response_timeout_s=0.2,
            retries=3, reconnect_initial_s=0.1, reconnect_max_s=1.0, init_timeout_s=3.0)
        self._closers.insert(0, self.validator.close)
        self.terminal = open_card_terminal(self.card_emu.port, ack_timeout=1.0,
                                           payment_timeout=60.0, command_timeout=10.0,
                                           abort_wait=3.0, reconnect_timeout=5.0)
        self._closers.insert(0, self.terminal.close)
        self.printer = open_printer(self.printer_emu.port)
        self._closers.insert(0, self.printer.close)
        self.store = Store(self.data_dir / "kiosk.db")
        self._closers.append(self.store.close)
        self.auth = HmacAuth(self.kiosk_id, bytes.fromhex(secret))
        self.client = ServerClient(self.network.url, self.auth, kiosk_id=self.kiosk_id,
                                   connect_timeout=1.0, read_timeout=3.0)
        self.client.probe()
        self.sync = SyncWorker(self.store, self.network.url, self.auth, kiosk_id=self.kiosk_id,
                               connect_timeout=1.0, read_timeout=3.0, backoff_cap=2.0,
                               idle_interval=1.0)
        self.sync.start()
        self._closers.insert(0, lambda: self.sync.stop(timeout=3))
        self.core = KioskCore(self.config, self.store, validator=self.validator,
                              terminal=self.terminal, printer=self.printer, server=self.client,
                              sync=self.sync, clock=self.clock)
        self.validator.start()
        self.report = self.core.start(device_wait_s=5.0)
        self.core.refresh_catalog()
        threading.Thread(target=self._probe_loop, name="demo-probe", daemon=True).start()
        return self.core

    def stop(self) -> None:
        self._stop.set()
        for close in self._closers:
            with contextlib.suppress(Exception):
                close()
        self._closers.clear()
        if self.server_proc is not None:
            self.server_proc.terminate()
            try:
                self.server_proc.wait(5)
            except subprocess.TimeoutExpired:
                self.server_proc.kill()
            self.server_proc = None
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def _central(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "central.cli", *args], capture_output=True,
                              text=True, timeout=30)
        if done.returncode != 0:
            raise DemoError(f"kiosk-central {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def _wait_port(self, port: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server_proc is not None and self.server_proc.poll() is not None:
                raise DemoError("the central server exited at start-up")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                return
            self._stop.wait(0.05)
        raise DemoError(f"the central server did not listen on port {port}")

    def _probe_loop(self) -> None:
        """Notice the network coming back (the kiosk's heartbeat does this in production)."""
        while not self._stop.wait(self.probe_interval_s):
            with contextlib.suppress(Exception):
                if self.client.probe() and not self.core.billers():
                    self.core.refresh_catalog()

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

    def network_up(self, up: bool) -> None:
        self.network.set_up(up)
        if up:
            self.client.probe()
        else:
            self.client.set_online(False)
