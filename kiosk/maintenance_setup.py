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

from devices.printer import ReceiptPrinter
from kiosk.audit import Auditor
from kiosk.cash_collection import CashCollection
from kiosk.config import Config
from kiosk.keys import SigningKey
from kiosk.maintenance import MaintenanceService
from kiosk.service_state import ServiceState
from kiosk.settlement import Settlement
from kiosk.users import UserStore
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
    return MaintenanceStack(auditor, users, state, key, settlement, collection, maint,
                            config.data_dir)
