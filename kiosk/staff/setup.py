"""Wiring of the maintenance side from the configuration (composition helper).

The kiosk process, the UI and the ``kiosk maint|users|settlement`` commands all build
the same objects the same way, against the one store file ``<data_dir>/kiosk.db``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from requests.auth import AuthBase

from devices.printer import ReceiptPrinter
from kiosk.config import Config
from kiosk.ledger.audit import Auditor
from kiosk.remote.commands import CommandPoller, Handler
from kiosk.remote.heartbeat import Heartbeat
from kiosk.settlement.batches import Settlement
from kiosk.settlement.keys import SigningKey
from kiosk.staff.cash_collection import CashCollection
from kiosk.staff.command_handlers import standard_handlers
from kiosk.staff.maintenance import MaintenanceService
from kiosk.staff.service_state import ServiceState
from kiosk.staff.users import UserStore
from offline_queue import Store

STORE_FILE = "kiosk.db"


def open_store(config: Config) -> Store:
    """The kiosk's store in the data directory (created with the directory if needed)."""
    config.data_dir.mkdir(parents=True, exist_ok=True)
    return Store(config.data_dir / STORE_FILE)


@dataclass
class MaintenanceStack:
    auditor: Auditor
    users: UserStore
    service_state: ServiceState
    key: SigningKey
    settlement: Settlement
    collection: CashCollection
    maintenance: MaintenanceService
    data_dir: Path


def build_maintenance(config: Config, store: Store, *,
                      devices: Mapping[str, Any] | None = None,
                      printer: ReceiptPrinter | None = None,
                      server_status: Callable[[], dict[str, Any]] | None = None,
                      clock: Callable[[], float] = time.time) -> MaintenanceStack:
    auditor = Auditor(store, clock)
    users = UserStore(store, auditor, clock,
                      max_failures=int(config["maintenance.max_pin_failures"]),
                      lockout_s=float(config["maintenance.lockout_s"]))
    state = ServiceState(store, auditor, clock)
    key = SigningKey.load_or_create(config.data_dir)
    settlement = Settlement(store, key, kiosk_id=str(config["kiosk_id"]),
                            currency=str(config["currency"]), clock=clock,
                            cutover=str(config["maintenance.business_day_cutover"]))
    collection = CashCollection(store, settlement, auditor, clock=clock,
                                kiosk_id=str(config["kiosk_id"]),
                                location=str(config["location"]),
                                currency=str(config["currency"]), printer=printer)
    required = frozenset(name for name in ("bill_validator", "card_terminal", "printer")
                         if config[f"devices.{name}.required"]
                         and config[f"devices.{name}.protocol"] != "none")
    maint = MaintenanceService(store, users=users, auditor=auditor, service_state=state,
                               settlement=settlement, collection=collection,
                               data_dir=config.data_dir, devices=devices, required=required,
                               server_status=server_status, clock=clock,
                               idle_logout_s=float(config["maintenance.idle_logout_s"]))
    validator = (devices or {}).get("bill_validator")
    if "bill_validator" in required and hasattr(validator, "add_listener"):
        follow_validator(state, validator)
    return MaintenanceStack(auditor, users, state, key, settlement, collection, maint,
                            config.data_dir)


#: Validator events after which it takes no money, and those that say it works again.
VALIDATOR_FAULTS = ("jam", "fault", "disconnected", "cassette_removed", "cassette_full")
VALIDATOR_OK = ("ready", "reconnected")


def follow_validator(state: ServiceState, validator: Any) -> None:
    """A required validator's fault takes the kiosk out of service at once, not at the
    next heartbeat (minutes later, with the top-up tile live meanwhile); its next
    ``ready`` brings it back. The heartbeat's ``check_devices`` still re-tests it."""
    def on_event(ev: Any) -> None:
        if ev.event in VALIDATOR_FAULTS:
            state.set_condition("device:bill_validator", f"validator event: {ev.event}")
        elif ev.event in VALIDATOR_OK:
            state.set_condition("device:bill_validator", None)
    validator.add_listener(on_event)


def periodic_checks(stack: MaintenanceStack) -> None:
    """What the heartbeat tick runs (every ``server.heartbeat_interval_s``): pick up an
    out-of-service flag set from a shell, re-test required devices and a failed journal,
    and close the business-day batch once the cutover has passed."""
    stack.service_state.reload()
    stack.maintenance.check_devices()
    if any(r.source == "storage" for r in stack.service_state.reasons()):
        stack.service_state.recheck_storage()
    stack.settlement.close_due()


def start_monitoring(config: Config, stack: MaintenanceStack, auth: AuthBase, *,
                     kick_sync: Callable[[], None],
                     reload_config: Callable[[], Any] | None = None,
                     extra_handlers: Mapping[str, Handler] | None = None
                     ) -> tuple[Heartbeat, CommandPoller]:
    """Start the heartbeat (running ``periodic_checks``) and the command poller.

    The caller stops both (``stop()``) on shutdown. Nothing here waits on the network.
    """
    url, kiosk_id = str(config["server.url"]), str(config["kiosk_id"])
    timeout = (float(config["server.connect_timeout_s"]), float(config["server.read_timeout_s"]))
    heartbeat = Heartbeat(url, kiosk_id, auth, stack.maintenance.collect_status,
                          interval_s=float(config["server.heartbeat_interval_s"]),
                          timeout=timeout, on_tick=lambda: periodic_checks(stack))
    handlers = standard_handlers(settlement=stack.settlement, service_state=stack.service_state,
                                 auditor=stack.auditor, kick_sync=kick_sync,
                                 reload_config=reload_config)
    handlers.update(extra_handlers or {})
    poller = CommandPoller(url, kiosk_id, auth, handlers,
                           wait_s=float(config["server.command_poll_wait_s"]),
                           connect_timeout=timeout[0])
    heartbeat.start()
    poller.start()
    return heartbeat, poller
