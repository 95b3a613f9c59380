"""Fixtures: a real central server, a fault proxy in front of it, a store and a worker."""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from central.testing import run_server
from offline_queue import HmacAuth, Store, SyncWorker

_spec = importlib.util.spec_from_file_location(
    "offline_queue_tests_faultproxy", Path(__file__).with_name("faultproxy.py"))
assert _spec and _spec.loader
faultproxy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(faultproxy)
FaultProxy = faultproxy.FaultProxy


@pytest.fixture
def central(tmp_path) -> Iterator[tuple[str, Any, bytes]]:
    """(base_url, admin, secret) with kiosk K0001 registered."""
    with run_server(tmp_path / "central.db") as (url, admin):
        secret = bytes.fromhex(admin.add_kiosk("K0001"))
        yield url, admin, secret


@pytest.fixture
def proxy(central) -> Iterator[Any]:
    url = central[0]
    p = FaultProxy(int(url.rsplit(":", 1)[1]), secret=central[2])
    yield p
    p.close()


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    s = Store(tmp_path / "kiosk.db")
    yield s
    s.close()


@pytest.fixture
def make_worker(store, central) -> Iterator[Callable[..., SyncWorker]]:
    workers: list[SyncWorker] = []

    def make(base_url: str | None = None, secret: bytes | None = None, **kw: Any) -> SyncWorker:
        opts: dict[str, Any] = {"batch_size": 50, "connect_timeout": 2.0, "read_timeout": 2.0,
                                "backoff_base": 0.01, "backoff_cap": 0.05,
                                "rng": random.Random(7), "idle_interval": 0.5}
        opts.update(kw)
        w = SyncWorker(store, base_url or central[0],
                       HmacAuth("K0001", secret or central[2]), **opts)
        workers.append(w)
        return w

    yield make
    for w in workers:
        w.stop(10)


def enqueue_transactions(store: Store, n: int, prefix: str = "t") -> list[str]:
    ids = [f"{prefix}-{i:06d}" for i in range(n)]
    for i, tid in enumerate(ids):
        with store.atomic() as tx:
            tx.journal("transaction", {"id": tid})
            tx.enqueue("transaction", tid, transaction_data(tid, i))
    return ids


def transaction_data(tid: str, seq: int, total: int = 10000, **extra: Any) -> dict[str, Any]:
    return {"transaction_id": tid, "seq": seq, "service": "topup", "biller": None,
            "account": "13800138000", "currency": "CNY", "gross": total, "fee": 0,
            "commission": 0, "total": total, "method": "cash", "cash": total, "card": 0,
            "voucher": 0, "status": "completed", "notes": {"10000": 1}, "card_info": None,
            "voucher_code": None, "created_at": "2025-11-24T10:00:00Z",
            "completed_at": "2025-11-24T10:00:05Z", "business_date": "2025-11-24"} | extra


@pytest.fixture
def enqueue() -> Callable[..., list[str]]:
    return enqueue_transactions


@pytest.fixture
def tdata() -> Callable[..., dict[str, Any]]:
    return transaction_data
