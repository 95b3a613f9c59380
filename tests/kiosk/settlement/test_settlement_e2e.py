"""End to end: real ledger, real sync worker, real reference server; reconciled to the fen."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
import requests

from central.testing import run_server
from kiosk.ledger.ledger import Ledger, TxnSpec
from kiosk.rules.fees import FeeRule
from kiosk.settlement.batches import Settlement
from kiosk.settlement.keys import SigningKey
from offline_queue import HmacAuth, Store, SyncWorker


class Tick:
    """Kiosk wall clock near real time (the server checks HMAC skew) that moves 1 s a read,
    so every fact has its own instant and half-open periods are unambiguous."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture
def server(tmp_path) -> Iterator[tuple[str, object]]:
    with run_server(tmp_path / "central.db") as (url, admin):
        yield url, admin


@pytest.fixture
def kiosk(tmp_path, server):
    url, admin = server
    key = SigningKey.load_or_create(tmp_path / "data")
    secret = admin.add_kiosk("K0001", key.public_key_hex)
    clock = Tick(time.time())
    store = Store(tmp_path / "kiosk.db", clock=clock)
    auth = HmacAuth("K0001", bytes.fromhex(secret))
    worker = SyncWorker(store, url, auth)
    ledger = Ledger(store, kiosk_id="K0001", clock=clock)
    settlement = Settlement(store, key, kiosk_id="K0001", currency="CNY", clock=clock)
    yield ledger, settlement, worker, admin, url, auth
    worker.stop()
    store.close()


def pay(ledger, notes, service="topup", biller=None, fee=0):
    spec = TxnSpec(service=service, account="13800138000", currency="CNY",
                   fee_rule=FeeRule("fixed", fee), biller=biller, partial_ok=service == "topup",
                   due=None if service == "topup" else sum(notes))
    tid, _ = ledger.open(spec)
    for n in notes:
        ledger.record_note(tid, n, "stacked")
    return ledger.finalize(tid, "paid")


def test_batch_reconciles_to_the_fen(kiosk) -> None:
    ledger, settlement, worker, admin, _url, _auth = kiosk
    pay(ledger, [10000, 5000])
    pay(ledger, [2000, 1000, 1000], fee=100)
    pay(ledger, [10000, 10000], service="bill", biller="STATE_GRID")
    batch = settlement.close("manual")
    assert batch["totals"]["count"] == 3
    worker.sync_once()
    [result] = admin.settlements("K0001")
    report = result["report"]
    assert result["status"] == "stored" and report["balanced"], report
    assert report["summary"] == {"matched": 3, "missing_on_server": 0, "missing_on_kiosk": 0,
                                 "amount_mismatch": 0, "duplicate_in_batch": 0,
                                 "already_settled": 0, "undated_on_server": 0,
                                 "period_problems": 0}
    assert report["recomputed_totals"]["total"] == batch["totals"]["total"]
    assert report["recomputed_totals"]["by_service"] == batch["totals"]["by_service"]
    # second batch chains on the first; a re-upload is a duplicate, not an error
    pay(ledger, [5000])
    settlement.close("cutover")
    settlement.request_upload([1])
    worker.sync_once()
    stored = admin.settlements("K0001")
    assert [s["batch_no"] for s in stored] == [1, 2]
    assert all(s["report"]["balanced"] for s in stored)
    assert worker.store.status().dead_letters == 0 and worker.store.status().pending == 0


def test_server_rejects_a_tampered_batch(kiosk) -> None:
    ledger, settlement, _worker, _admin, url, auth = kiosk
    pay(ledger, [10000])
    batch = json.loads(json.dumps(settlement.close()))
    batch["totals"]["total"] += 1
    batch["transactions"][0]["total"] += 1
    resp = requests.post(url + "/v1/settlements", data=json.dumps(batch), auth=auth,
                         headers={"Content-Type": "application/json"}, timeout=10)
    assert resp.status_code == 422 and resp.json()["error"] == "bad_signature"
