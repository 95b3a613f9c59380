"""A real central server on a free 127.0.0.1 port, plus an independent request signer.

Every test that uses ``db_target`` (and so ``server`` and ``client``) runs twice: on an
SQLite file and on a fresh database in a real PostgreSQL cluster, started once per test
session in a temp directory (``central.pgcluster``). The signer is written here from the
contract (not imported from offline_queue) so a shared mistake cannot pass both sides.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from central.app import create_app
from central.pgcluster import ThrowawayCluster
from central.testing import run_server


class Clock:
    def __init__(self, now: float = 1_764_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass
class Client:
    base_url: str
    kiosk_id: str
    secret: bytes
    clock: Callable[[], float]
    session: requests.Session
    counter: Any = None

    def sign(self, method: str, path: str, body: bytes, *, ts: int | None = None,
             nonce: str | None = None, secret: bytes | None = None,
             kiosk_id: str | None = None) -> dict[str, str]:
        if self.counter is None:
            self.counter = itertools.count()
        ts = int(self.clock()) if ts is None else ts
        nonce = nonce or f"n{next(self.counter)}-{time.monotonic_ns()}"
        msg = f"{method}\n{path}\n{ts}\n{nonce}\n{hashlib.sha256(body).hexdigest()}".encode()
        sig = hmac.new(secret or self.secret, msg, hashlib.sha256).hexdigest()
        return {"X-Kiosk-Id": kiosk_id or self.kiosk_id, "X-Timestamp": str(ts),
                "X-Nonce": nonce, "X-Signature": sig, "Content-Type": "application/json"}

    def request(self, method: str, path: str, body: Any = None, *, raw: bytes | None = None,
                **sign_kw: Any) -> requests.Response:
        data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        headers = self.sign(method, path, data, **sign_kw)
        return self.session.request(method, self.base_url + path, data=data, headers=headers,
                                    timeout=10)

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> requests.Response:
        return self.request("POST", path, body, **kw)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every server a central test starts hashes operator passwords with the explicit
    test-only argon2id profile (central.backoffice.config.test_fast_kdf): ~1 ms instead
    of ~0.15 s per hash, which each server start and each login pays. Production cost
    is tested on its own (backoffice/test_accounts.py)."""
    monkeypatch.setenv("KIOSK_BACKOFFICE_TEST_FAST_KDF", "1")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[ThrowawayCluster]:
    with ThrowawayCluster() as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", "postgresql"])
def db_engine(request) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file with every table the server creates (all registered migrations and
    every module's own schema), made once: each test starts from a copy of it, as the
    PostgreSQL tests start from the session database emptied of rows."""
    path = tmp_path_factory.mktemp("central-template") / "central.db"
    app = create_app(path)
    app.state.board.close()
    app.state.db.close()  # the last connection: the WAL is checkpointed into the file
    return path


@pytest.fixture
def db_target(db_engine, tmp_path, request) -> Iterator[str]:
    """An empty database: an SQLite path or a PostgreSQL conninfo."""
    if db_engine == "sqlite":
        target = tmp_path / "central.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        yield str(target)
        return
    cluster: ThrowawayCluster = request.getfixturevalue("pg_cluster")
    url = request.getfixturevalue("pg_database")
    cluster.empty_tables(url)
    yield url


@pytest.fixture(scope="session")
def pg_database(pg_cluster) -> str:
    """One database for the session, emptied before each test (TRUNCATE is ~100x faster
    than CREATE DATABASE); tables of every registered migration are kept."""
    return pg_cluster.create_database("central_test")


@pytest.fixture
def server(db_target, clock) -> Iterator[tuple[str, Any]]:
    with run_server(db_target, clock=clock) as (url, admin):
        yield url, admin


@pytest.fixture
def client(server, clock) -> Iterator[Client]:
    url, admin = server
    secret = bytes.fromhex(admin.add_kiosk("K0001"))
    with requests.Session() as session:
        yield Client(url, "K0001", secret, clock, session)


@pytest.fixture
def kiosk_client(server, clock) -> Iterator[Callable[[str], Client]]:
    """Registers another kiosk and returns a signing client for it."""
    url, admin = server
    with requests.Session() as session:
        yield lambda kiosk_id: Client(url, kiosk_id, bytes.fromhex(admin.add_kiosk(kiosk_id)),
                                      clock, session)


def make_txn(tid: str, total: int = 10000, *, status: str = "completed", method: str = "cash",
        completed_at: str = "2025-11-24T10:00:00Z", **extra: Any) -> dict[str, Any]:
    data = {"transaction_id": tid, "seq": 1, "service": "topup", "biller": None,
            "account": "13800138000", "currency": "CNY", "gross": total, "fee": 0,
            "commission": 0, "total": total, "method": method, "cash": total, "card": 0,
            "voucher": 0, "status": status, "notes": {"10000": 1}, "card_info": None,
            "voucher_code": None, "created_at": completed_at, "completed_at": completed_at,
            "business_date": completed_at[:10]}
    data.update(extra)
    return data


def make_record(rid: str, data: dict[str, Any], rtype: str = "transaction",
           kiosk_id: str = "K0001") -> dict[str, Any]:
    return {"id": rid, "type": rtype, "kiosk_id": kiosk_id, "created_at": "2025-11-24T10:00:00Z",
            "data": data}


@pytest.fixture
def txn() -> Callable[..., dict[str, Any]]:
    """Builds a contract-shaped `transaction` data payload."""
    return make_txn


@pytest.fixture
def record() -> Callable[..., dict[str, Any]]:
    """Builds a record envelope as the kiosk's sync worker sends it."""
    return make_record


@pytest.fixture
def client_factory(clock) -> Iterator[Callable[[str, Any, str], Client]]:
    """Clients for kiosks registered on a server the test started itself."""
    sessions: list[requests.Session] = []

    def make(url: str, admin: Any, kiosk_id: str) -> Client:
        session = requests.Session()
        sessions.append(session)
        return Client(url, kiosk_id, bytes.fromhex(admin.add_kiosk(kiosk_id)), time.time,
                      session)

    yield make
    for session in sessions:
        session.close()


ZERO = "0" * 64


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@pytest.fixture
def key():
    return Ed25519PrivateKey.generate()


@pytest.fixture
def signed_client(client, server, key):
    pub = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    server[1].set_key("K0001", pub)
    return client


def make_batch(key, batch_no, items, prev=ZERO, head=None, **over):
    pub = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    counted = [i for i in items if i["status"] in ("completed", "credited")]
    total = sum(i["total"] for i in counted)
    batch = {"kiosk_id": "K0001", "batch_no": batch_no, "reason": "cutover",
             "period_start": "2025-11-24T00:00:00Z", "period_end": "2025-11-25T00:00:00Z",
             "currency": "CNY", "transactions": items,
             "totals": {"count": len(counted), "gross": sum(i["gross"] for i in counted),
                        "fee": sum(i["fee"] for i in counted), "total": total,
                        "by_method": {"cash": {"count": len(counted), "amount": total}}
                        if counted else {},
                        "by_service": {"topup": {"count": len(counted), "amount": total}}
                        if counted else {},
                        "by_denomination": {}, "vouchers_issued": {"count": 0, "amount": 0},
                        "vouchers_redeemed": {"count": 0, "amount": 0}},
             "journal_seq": 10 * batch_no, "chain_head": head or f"{batch_no:064x}",
             "prev_chain_head": prev, "public_key": pub}
    batch.update(over)
    batch["signature"] = key.sign(canonical(batch)).hex()
    return batch


def item(tid, total=10000, status="completed", **extra):
    """A settlement batch item as the kiosk lists it."""
    return {"id": tid, "method": "cash", "service": "topup", "biller": None, "gross": total,
            "fee": 0, "total": total, "status": status, **extra}
