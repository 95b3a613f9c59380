"""Fixtures for the staff, settlement and remote tests: a real store and a fake clock.

Star-imported by the conftest of each test folder that uses them (``from
tests.support.staff_fixtures import *``), so the stack is defined once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.ledger import schema as ledger_schema
from kiosk.ledger.audit import Auditor
from kiosk.settlement.batches import Settlement
from kiosk.settlement.keys import SigningKey
from kiosk.staff.service_state import ServiceState
from kiosk.staff.users import UserStore
from offline_queue import Store
from protocol.wire import iso
from tests.support.fakes import FakeClock, FakePrinter, FakeValidator

T0 = 1_700_000_000.0  # 2023-11-14T22:13:20Z


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    s = Store(tmp_path / "kiosk.db", clock=clock)
    s.register_migrations(ledger_schema.NAMESPACE, ledger_schema.MIGRATIONS)
    yield s
    s.close()


@pytest.fixture
def auditor(store: Store, clock: FakeClock) -> Auditor:
    return Auditor(store, clock)


@pytest.fixture
def users(store: Store, auditor: Auditor, clock: FakeClock) -> UserStore:
    return UserStore(store, auditor, clock, scrypt_n=2**10)


@pytest.fixture
def service_state(store: Store, auditor: Auditor, clock: FakeClock, users: UserStore
                  ) -> ServiceState:
    return ServiceState(store, auditor, clock)


@pytest.fixture
def key(tmp_path: Path) -> SigningKey:
    return SigningKey.load_or_create(tmp_path / "data")


@pytest.fixture
def settlement(store: Store, key: SigningKey, clock: FakeClock) -> Settlement:
    from datetime import UTC

    return Settlement(store, key, kiosk_id="K0001", currency="CNY", clock=clock,
                      cutover="00:00", tz=UTC)


def _add_txn(store: Store, clock: FakeClock, *, total: int, method: str = "cash",
            service: str = "topup", biller: str | None = None, status: str = "completed",
            notes: tuple[int, ...] = (), fee: int = 0, voucher_issued: int = 0,
            txn_id: str | None = None) -> str:
    """Write a finished transaction the way the payment core's tables hold it."""
    tid = txn_id or str(uuid.uuid4())
    now = iso(clock())
    with store.atomic() as tx:
        seq = (tx.execute("SELECT COALESCE(MAX(seq), 0) FROM kiosk_transactions").fetchone()[0]
               + 1)
        tx.execute(
            "INSERT INTO kiosk_transactions (id, seq, service, biller, account, currency, due,"
            " partial_ok, overpay_ok, fee_rule, method, status, gross, fee, total, created_at,"
            " completed_at, business_date) VALUES (?, ?, ?, ?, '13800138000', 'CNY', NULL, 0, 0,"
            " '{}', ?, ?, ?, ?, ?, ?, ?, '2023-11-14')",
            (tid, seq, service, biller, method, status, total - fee, fee, total, now, now))
        for amount in notes:
            tx.execute("INSERT INTO kiosk_notes (transaction_id, amount, state, escrowed_at,"
                       " resolved_at) VALUES (?, ?, 'stacked', ?, ?)", (tid, amount, now, now))
        if voucher_issued:
            tx.execute("INSERT INTO kiosk_vouchers (code, amount, currency, status, issued_by,"
                       " issued_at) VALUES (?, ?, 'CNY', 'issued', ?, ?)",
                       (tid[:12], voucher_issued, tid, now))
        tx.journal("transaction.completed", {"transaction_id": tid, "total": total})
        tx.enqueue("transaction", tid, {"transaction_id": tid, "total": total,
                                        "status": status, "method": method})
    clock.advance(1)  # periods are half-open: a batch closed now includes this one
    return tid


def _payloads(store: Store, kind: str) -> list[dict[str, Any]]:
    return [json.loads(r["payload"]) for r in
            store.query("SELECT payload FROM journal WHERE kind = ? ORDER BY seq", (kind,))]


@pytest.fixture
def add_txn(store: Store, clock: FakeClock) -> Callable[..., str]:
    """``add_txn(total=10000, notes=(10000,))`` writes a finished transaction."""
    return lambda **kw: _add_txn(store, clock, **kw)


@pytest.fixture
def payloads(store: Store) -> Callable[[str], list[dict[str, Any]]]:
    """``payloads("audit")``: journal payloads of one kind, oldest first."""
    return lambda kind: _payloads(store, kind)


@pytest.fixture
def printer() -> FakePrinter:
    return FakePrinter()


@pytest.fixture
def validator() -> FakeValidator:
    return FakeValidator(denominations=(1000, 5000, 10000))


@pytest.fixture
def collection(store, settlement, auditor, clock, printer):
    from kiosk.staff.cash_collection import CashCollection

    return CashCollection(store, settlement, auditor, clock=clock, kiosk_id="K0001",
                          location="Hall 1", printer=printer)


@pytest.fixture
def maint(store, users, auditor, service_state, settlement, collection, tmp_path, clock,
          validator, printer):
    from kiosk.staff.maintenance import MaintenanceService
    from kiosk.staff.users import Role

    for name, role in (("admin1", Role.ADMIN), ("tech1", Role.TECHNICIAN),
                       ("coll1", Role.COLLECTOR)):
        users.add(name, role, "482913")
    return MaintenanceService(store, users=users, auditor=auditor, service_state=service_state,
                              settlement=settlement, collection=collection,
                              data_dir=tmp_path / "data",
                              devices={"bill_validator": validator, "printer": printer},
                              required=frozenset({"bill_validator"}),
                              server_status=lambda: {"reachable": True}, clock=clock)
