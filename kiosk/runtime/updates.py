"""The update side of the kiosk process (issue 20): updater, worker, self-test, remote ops.

Kept out of ``runtime.py`` so the runtime keeps one readable start-up order. The runtime
builds an ``UpdateSide`` once the core has recovered, runs ``self_test`` before it tells
systemd READY (a release on trial must pass before the kiosk takes money; a failure
rolls back and raises ``RolledBack``, so the run exits and systemd starts the previous
slot), adds ``handlers`` to the command channel and starts the worker. With
``update.root`` empty, updates are off: no worker, ``update-check`` says so, and the
remote operations still work.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.config import Config
from kiosk.errors import KioskError
from kiosk.payment.core import KioskCore
from kiosk.remote.commands import Handler
from kiosk.remote.operations import remote_handlers
from kiosk.update import selftest, trial
from kiosk.update.fetch import ReleaseFetcher
from kiosk.update.server import ReleaseServer
from kiosk.update.slots import Slots
from kiosk.update.state import UpdateState
from kiosk.update.updater import Settings, Updater
from kiosk.update.worker import UpdateWorker
from offline_queue import HmacAuth, Store

DEVICES_WAIT_S = 15.0


class RolledBack(KioskError):
    """The release on trial failed its self-test and was rolled back: restart."""


def build_updater(config: Config, auth: HmacAuth, core: KioskCore, store: Store,
                  restart: Callable[[str], None]) -> Updater | None:
    """The updater from ``update.*``; None when ``update.root`` is empty."""
    root = str(config["update.root"])
    if not root:
        return None
    url, kiosk_id = str(config["server.url"]), str(config["kiosk_id"])
    connect, read = (float(config["server.connect_timeout_s"]),
                     float(config["server.read_timeout_s"]))
    settings = Settings(Path(root).expanduser(), max_boots=int(config["update.max_boots"]),
                        quiet_hours=str(config["update.quiet_hours"]),
                        auto_install=bool(config["update.auto_install"]))
    trusted = Path(str(config["update.trusted_root"])).expanduser()
    return Updater(settings, config.data_dir,
                   fetcher=ReleaseFetcher(url, config.data_dir, trusted, auth,
                                          timeout=(connect, 60.0)),
                   server=ReleaseServer(url, kiosk_id, auth, timeout=(connect, read)),
                   gate=core, restart=restart, data_schema=lambda: selftest.store_schema(store))


def devices_answer(status: Callable[[], dict[str, Any]]) -> selftest.Check:
    """Every configured device answers: its diagnostics show no fault."""
    def check() -> str | None:
        faults = [f"{name}: {dev['fault']}" for name, dev in status().get("devices", {}).items()
                  if dev.get("fault")]
        return "; ".join(faults) or None
    return check


class UpdateSide:
    def __init__(self, config: Config, auth: HmacAuth, core: KioskCore, store: Store, *,
                 restart: Callable[[str], None], reboot: Callable[[], None]) -> None:
        self.config, self.core, self.store = config, core, store
        self.restart, self._reboot = restart, reboot
        self.started_at = time.monotonic()
        self.updater = build_updater(config, auth, core, store, restart)
        self.worker = (UpdateWorker(self.updater,
                                    interval_s=float(config["update.check_interval_s"]))
                       if self.updater is not None else None)

    def self_test(self, checks: dict[str, selftest.Check]) -> selftest.SelfTestResult | None:
        """Self-test a release on trial; raises RolledBack when it failed."""
        if self.updater is None:
            return None
        result = trial.after_switch(Slots(self.updater.settings.root),
                                    UpdateState(self.config.data_dir), self.store, checks,
                                    time.time())
        if result is not None and not result.passed:
            raise RolledBack(f"the new release failed its self-test and was rolled back"
                             f" ({result.reason()}); restarting into the previous release")
        return result

    def handlers(self, audit: Callable[[str, dict[str, Any]], None],
                 capture: Callable[[], bytes] | None) -> dict[str, Handler]:
        allow = bool(self.config["remote.allow_reboot"])
        return remote_handlers(hold=self.core.hold_for_switch, restart=self.restart,
                               uptime=lambda: time.monotonic() - self.started_at,
                               clock=time.time, log_dir=self.config.data_dir / "logs",
                               audit=audit, capture=capture,
                               reboot=self._reboot if allow else None,
                               kick_update=self.worker.kick if self.worker else None)

    def start(self) -> None:
        if self.worker is not None:
            self.worker.start()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
