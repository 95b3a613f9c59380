"""The composition root of the kiosk process: every part built once, in one order.

Why one place: production (``kiosk run``), the demo and the lab must run the *same*
wiring, or the demo proves nothing about the field. ``Runtime(config).start()``:

1. installs the rotating JSON log in ``<data_dir>/logs``;
2. reads the server secret (``server.credentials_file``) - first, so a kiosk that was
   never registered fails at once with instructions, before any port is opened;
3. opens the local control socket (``<data_dir>/control.sock``: ``kiosk maint`` from a
   shell asks this process, which owns the device ports; a second kiosk on the same
   data directory stops here), then the store and the devices from the configuration;
4. builds the server client, the sync worker, the maintenance side and ``KioskCore``
   (which asks the service state before taking money);
5. starts the validator and runs crash recovery (local store and the validator's
   power-up report only);
6. starts the sync worker, the heartbeat, the command poller and the session ticker;
7. fetches the biller catalog in the background and tells systemd ``READY=1``.

Nothing before ``READY`` waits on the network: a kiosk whose server is down still starts
in seconds and takes cash within its offline limits. ``stop()`` undoes it all in reverse
order and may be called any number of times.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.config import Config
from kiosk.config import load as load_config
from kiosk.errors import KioskError
from kiosk.ledger.audit import SERVER_USER
from kiosk.ledger.recovery import RecoveryReport
from kiosk.logs import setup_logging
from kiosk.payment.core import KioskCore
from kiosk.remote.commands import CommandPoller
from kiosk.remote.heartbeat import Heartbeat
from kiosk.remote.server_client import ServerClient
from kiosk.rules.limits import Limits
from kiosk.runtime.control_ops import control_handlers
from kiosk.runtime.control_socket import ControlError, ControlServer
from kiosk.runtime.device_setup import Devices
from kiosk.runtime.device_setup import open_devices as open_configured_devices
from kiosk.runtime.updates import DEVICES_WAIT_S, UpdateSide, devices_answer
from kiosk.runtime.watchdog import WatchdogPinger, ready, stopping
from kiosk.staff.maintenance import MaintenanceService
from kiosk.staff.setup import (
    MaintenanceStack,
    build_maintenance,
    open_store,
    start_monitoring,
)
from kiosk.update.selftest import Check, flag_check
from offline_queue import HmacAuth, Store, SyncWorker

log = logging.getLogger(__name__)


#: Top-level config keys that wire the process together: changing them needs a restart.
RESTART_KEYS = ("kiosk_id", "data_dir", "currency", "server", "devices", "maintenance")


class StartupError(KioskError):
    """The kiosk cannot start as configured; the message says what to do about it."""


DeviceOpener = Callable[[Config], Devices]


def read_secret(config: Config) -> bytes:
    """The kiosk's HMAC secret from ``server.credentials_file`` (hex text)."""
    path, kiosk_id = config.credentials_file, str(config["kiosk_id"])
    how = (f"register the kiosk at the server with `kiosk-central kiosk add {kiosk_id}` "
           f"and write the secret it prints (hex) to {path} (chmod 600), "
           "or point server.credentials_file at the file holding it")
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise StartupError(f"server secret file {path} is missing: {how}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StartupError(f"server secret file {path} cannot be read ({exc}): {how}") from exc
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if not secret:
        raise StartupError(f"server secret file {path} does not hold a hex secret: {how}")
    return secret


class Runtime:
    """Owns every long-lived part of the kiosk process; see the module docstring."""

    def __init__(self, config: Config, *, clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], float] = time.time,
                 open_devices: DeviceOpener | None = None, log_to_file: bool = True,
                 device_wait_s: float = 5.0, probe_interval_s: float = 30.0,
                 env: Mapping[str, str] | None = None) -> None:
        self.config = config
        self.clock, self.wall_clock = clock, wall_clock
        self._open_devices = open_devices or open_configured_devices
        self._log_to_file = log_to_file
        self.device_wait_s = device_wait_s
        self.probe_interval_s = probe_interval_s
        self._env = env
        #: Asked before every watchdog ping; the UI replaces it with "the GUI loop answers".
        self.healthy: Callable[[], bool] = lambda: True
        self.catalog_ready = threading.Event()  # first background catalog attempt done
        self.devices_started = threading.Event()  # card terminal registration attempted
        self._stop = threading.Event()
        self._closers: list[tuple[str, Callable[[], Any]]] = []
        self._refreshing = threading.Lock()
        self._running = False
        self.core: KioskCore | None = None
        self.store: Store | None = None
        self.devices: Devices | None = None
        self.client: ServerClient | None = None
        self.sync: SyncWorker | None = None
        self.maint: MaintenanceStack | None = None
        self.heartbeat: Heartbeat | None = None
        self.poller: CommandPoller | None = None
        self.watchdog: WatchdogPinger | None = None
        self.report: RecoveryReport | None = None
        self.updates: UpdateSide | None = None
        self.control: ControlServer | None = None
        #: Set by the composition root: how to restart (stop in order, exit, systemd
        #: starts the current slot), the masked screenshot, whether the UI painted.
        self.on_restart: Callable[[str], None] = lambda _reason: None
        self.capture: Callable[[], bytes] | None = None
        self.ui_painted: Callable[[], bool] | None = None
        self.restart_reason: str | None = None
        self.reboot_requested = False

    # -- configuration ----------------------------------------------------------------------
    def reload_config(self) -> dict[str, Any]:
        """The server's ``reload-config`` command: re-read the config file and apply it.

        Limits, fees, timeouts, denominations, brand and locale take effect from the next
        customer session (sessions read the core's config when they open). Keys that name
        wiring (kiosk id, data directory, currency, server, devices, maintenance) need a
        restart; they are reported, not applied, so the reply says exactly what is live.
        Raises ``ConfigError`` (naming the key) for an invalid file: nothing changes.
        """
        new = load_config(self.config.path)
        old = self.config
        restart = sorted(k for k in RESTART_KEYS if new.values[k] != old.values[k])
        live = sorted(k for k in new.values if k not in RESTART_KEYS
                      and new.values[k] != old.values[k])
        self.config = new
        if self.core is not None:
            self.core.config = new
            self.core.limits = Limits.from_config(new)
        log.info("configuration reloaded", extra={"live": live, "restart_required": restart})
        return {"applied": live, "restart_required": restart, "source": new.source}

    # -- lifecycle ------------------------------------------------------------------------
    def start(self, progress: Callable[[str], None] | None = None) -> KioskCore:
        """Build and start everything; on any failure, what was started is stopped.

        ``progress`` hears the step names ``devices``, ``recovery`` and ``ready`` as they
        begin (the start-up screen shows them); it is called on this thread.
        """
        if self._running and self.core is not None:
            return self.core
        self._running = True
        self._stop.clear()
        try:
            return self._start(progress or (lambda _step: None))
        except BaseException:
            self.stop()
            raise

    def _start(self, progress: Callable[[str], None]) -> KioskCore:
        config = self.config
        if self._log_to_file:
            handler = setup_logging(config.data_dir)
            self._closers.append(("logging", lambda: _remove_handler(handler)))
        secret = read_secret(config)
        kiosk_id, url = str(config["kiosk_id"]), str(config["server.url"])
        connect, read = (float(config["server.connect_timeout_s"]),
                         float(config["server.read_timeout_s"]))
        self._start_control()
        store = self.store = open_store(config)
        self._closers.append(("store", store.close))
        progress("devices")
        devices = self.devices = self._open_devices(config)
        self._closers.append(("devices", devices.close))
        auth = HmacAuth(kiosk_id, secret)
        client = self.client = ServerClient(url, auth, kiosk_id=kiosk_id,
                                            connect_timeout=connect, read_timeout=read)
        sync = self.sync = SyncWorker(store, url, auth, kiosk_id=kiosk_id,
                                      batch_size=int(config["server.sync_batch_size"]),
                                      connect_timeout=connect, read_timeout=read)
        maint = self.maint = build_maintenance(
            config, store, devices={"bill_validator": devices.validator,
                                    "card_terminal": devices.terminal,
                                    "printer": devices.printer,
                                    **({"scanner": devices.scanner} if devices.scanner
                                       else {})},
            printer=devices.printer, server_status=self._server_status, clock=self.wall_clock)
        state = maint.service_state
        core = self.core = KioskCore(
            config, store, validator=devices.validator, terminal=devices.terminal,
            printer=devices.printer, server=client, sync=sync, wall_clock=self.wall_clock,
            clock=self.clock, escrow_settle_s=float(config.get("timeouts.escrow_settle_s")),
            in_service=state.gate, scanner=devices.scanner, secret=secret)
        self._start_devices(devices)
        progress("recovery")
        self.report = core.start(device_wait_s=self.device_wait_s)
        log.info("recovery done", extra={"recovery": repr(self.report)})
        updates = self.updates = UpdateSide(config, auth, core, store,
                                            restart=self.request_restart, reboot=self._reboot)
        updates.self_test(self._self_test_checks(client, maint))
        sync.start()
        self._closers.append(("sync", lambda: sync.stop(timeout=5)))
        def audit(action: str, detail: dict[str, Any]) -> None:
            maint.auditor.record(SERVER_USER, SERVER_USER, action, detail)
        self.heartbeat, self.poller = start_monitoring(
            config, maint, auth, kick_sync=sync.kick, reload_config=self.reload_config,
            extra_handlers=updates.handlers(audit, lambda: self._capture()))
        self._closers.append(("heartbeat", self.heartbeat.stop))
        self._closers.append(("commands", self.poller.stop))
        updates.start()
        self._closers.append(("updates", updates.stop))
        core.start_ticker()
        self._closers.append(("ticker", core.close))
        client.add_listener(self._on_online)
        watcher = threading.Thread(target=self._watch_server, name="kiosk-online", daemon=True)
        watcher.start()
        self._closers.append(("online-watch", lambda: watcher.join(5)))
        ready("recovered; taking customers", self._env)
        progress("ready")
        self.watchdog = WatchdogPinger(lambda: self.healthy(), env=self._env)
        self.watchdog.start()
        self._closers.append(("watchdog", self.watchdog.stop))
        log.info("kiosk started", extra={"kiosk_id": kiosk_id, "server": url})
        return core

    def stop(self) -> None:
        """Stop everything started, newest first; safe to call again (then a no-op)."""
        self._stop.set()
        if not self._closers:
            return
        stopping(self._env)
        log.info("kiosk stopping")
        while self._closers:
            name, close = self._closers.pop()
            began = time.monotonic()
            try:
                close()
            except Exception:
                with contextlib.suppress(Exception):
                    log.exception("stopping %s failed", name)
            took = time.monotonic() - began
            if took > 1.0:  # a stuck thread shows up here (systemd allows 20 s in all)
                log.warning("stopping %s took %.1f s", name, took)
        self._running = False

    # -- updates and remote operations ---------------------------------------------------
    def request_restart(self, reason: str) -> None:
        """Ask the composition root to stop in order and exit 0 (systemd restarts)."""
        log.warning("restart requested", extra={"reason": reason})
        self.restart_reason = reason
        self.on_restart(reason)

    def _reboot(self) -> None:
        self.reboot_requested = True
        self.request_restart("reboot requested by the server")

    def _capture(self) -> bytes:
        if self.capture is None:
            raise KioskError("no customer screen (headless kiosk)")
        return self.capture()

    def _self_test_checks(self, client: ServerClient, maint: MaintenanceStack
                          ) -> dict[str, Check]:
        def devices() -> str | None:
            self.devices_started.wait(DEVICES_WAIT_S)  # the card terminal registers
            return devices_answer(maint.maintenance.collect_status)()
        checks = {"server": flag_check(client.probe, "server not reachable"),
                  "devices": devices}
        if self.ui_painted is not None:
            checks["ui"] = flag_check(self.ui_painted, "the start-up screen did not paint")
        return checks

    def _start_control(self) -> None:
        """The control socket, first of all: another kiosk answering on it stops this
        start before the store or a device port is opened (two processes on one store
        and one set of ports). Until the maintenance side is built it answers "still
        starting". A socket that cannot be made at all (a data directory path too long
        for a Unix socket) is only logged: the kiosk still takes customers, and
        ``kiosk maint`` falls back to the store."""
        def maintenance() -> MaintenanceService | None:
            return self.maint.maintenance if self.maint is not None else None

        def customer_busy() -> bool:
            session = self.core.session if self.core is not None else None
            return session is not None and not session.ended.is_set()
        server = ControlServer(self.config.data_dir,
                               control_handlers(maintenance, customer_busy))
        try:
            server.start()
        except ControlError as exc:
            raise StartupError(f"{exc}: stop it first (systemctl stop kiosk)") from exc
        except OSError as exc:
            log.warning("control socket not started", extra={
                "error": f"{type(exc).__name__}: {exc}", "path": str(server.path)})
            return
        self.control = server
        self._closers.append(("control-socket", server.stop))

    def _start_devices(self, devices: Devices) -> None:
        """The validator now (it never raises: it reconnects on its own thread) so
        recovery sees its power-up report; the printer now, but a missing one is only
        logged (it reopens on first use); the card terminal registers in the background,
        because registration waits on the terminal and start-up never waits on a device
        that is not required to take cash."""
        if devices.validator is not None:
            devices.validator.start()
        if devices.scanner is not None:
            devices.scanner.start()  # its own thread; reconnects, never raises
        if devices.printer is not None:
            try:
                devices.printer.start()
            except Exception as exc:
                log.warning("printer not started", extra={"error": f"{type(exc).__name__}: "
                                                                   f"{exc}"})
        terminal = devices.terminal
        if terminal is None:
            self.devices_started.set()
            return

        def register() -> None:
            try:
                terminal.start()
            except Exception as exc:
                log.warning("card terminal not registered", extra={
                    "error": f"{type(exc).__name__}: {exc}"})
            finally:
                self.devices_started.set()
        threading.Thread(target=register, name="card-terminal-start", daemon=True).start()

    # -- background -----------------------------------------------------------------------
    def _watch_server(self) -> None:
        """Probe the server now and then every ``probe_interval_s``: the catalog arrives
        and availability stays honest without anyone waiting on the network."""
        try:
            if self._probe():
                self.refresh_catalog()
        finally:
            self.catalog_ready.set()
        while not self._stop.wait(self.probe_interval_s):
            self._probe()

    def _probe(self) -> bool:
        client = self.client
        try:
            return client is not None and client.probe()
        except Exception:
            log.exception("server probe failed")
            return False

    def _on_online(self, online: bool) -> None:
        """Back online: fetch a changed catalog (off the caller's thread)."""
        if online and self.catalog_ready.is_set() and not self._stop.is_set():
            threading.Thread(target=self.refresh_catalog, name="catalog", daemon=True).start()

    def refresh_catalog(self) -> bool:
        """Fetch the biller catalog once (network I/O: never on the GUI thread)."""
        core = self.core
        if core is None or not self._refreshing.acquire(blocking=False):
            return False
        try:
            return core.refresh_catalog()
        except Exception:
            log.exception("catalog refresh failed")
            return False
        finally:
            self._refreshing.release()

    def _server_status(self) -> dict[str, Any]:
        heartbeat = self.heartbeat.server_status() if self.heartbeat is not None else {}
        client = self.client
        return {"url": str(self.config["server.url"]),
                "online": bool(client and client.online), **heartbeat}


def _remove_handler(handler: logging.Handler) -> None:
    logging.getLogger().removeHandler(handler)
    handler.close()
