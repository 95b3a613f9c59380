"""A card confirmation that reached the server but whose reply was lost, end to end.

The kiosk cannot tell "never arrived" from "arrived, reply lost", so it reverses the card
payment. The server must end with the transaction reversed (not a completed sale the
customer never paid for), the outbox must drain without dead letters (never a second
payload under the transaction id), and the settlement batch must reconcile.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from central.catalog import luhn_check_digit
from central.testing import run_server
from devices.card_terminal import CardResult
from kiosk.config import load
from kiosk.errors import ServerUnavailable
from kiosk.payment.core import KioskCore
from kiosk.remote.server_client import ServerClient
from kiosk.settlement.batches import Settlement
from kiosk.settlement.keys import SigningKey
from offline_queue import HmacAuth, Store, SyncWorker

KIOSK = "K0001"
ACCOUNT = "100000001" + luhn_check_digit("100000001")  # STATE_GRID, 128.50 due


class Tick:
    """Wall clock near real time (HMAC skew) that moves 1 s per read."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


class ReplyLost(ServerClient):
    """The confirmation is delivered and stored, then the reply 'times out'."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.delivered: list[dict[str, Any]] = []

    def confirm_transaction(self, record: dict[str, Any], created_at: str) -> None:
        super().confirm_transaction(record, created_at)
        self.delivered.append(record)
        raise ServerUnavailable("POST /v1/transactions: ReadTimeout")


@pytest.fixture
def rig(tmp_path: Any, fake_terminal: Any) -> Iterator[dict[str, Any]]:
    with run_server(tmp_path / "central.db") as (url, admin):
        key = SigningKey.load_or_create(tmp_path / "data")
        secret = admin.add_kiosk(KIOSK, key.public_key_hex)
        clock = Tick()
        store = Store(tmp_path / "kiosk.db", clock=clock)
        auth = HmacAuth(KIOSK, bytes.fromhex(secret))
        client = ReplyLost(url, auth, kiosk_id=KIOSK, connect_timeout=1.0, read_timeout=5.0)
        assert client.probe()
        core = KioskCore(load(None, env={}), store, terminal=fake_terminal, server=client,
                         wall_clock=clock, run_async=lambda fn: fn())
        core.start(device_wait_s=0)
        core.refresh_catalog()
        worker = SyncWorker(store, url, auth)
        settlement = Settlement(store, key, kiosk_id=KIOSK, currency="CNY", clock=clock)
        try:
            yield {"core": core, "admin": admin, "store": store, "worker": worker,
                   "client": client, "settlement": settlement}
        finally:
            core.close()
            store.close()


def _dead_letters(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM dead_letters")


def test_lost_confirm_reply_ends_reversed_everywhere(rig: dict[str, Any],
                                                      fake_terminal: Any) -> None:
    core, admin, store, worker = rig["core"], rig["admin"], rig["store"], rig["worker"]
    fake_terminal.approve_next(12850)
    s = core.start_bill("STATE_GRID", ACCOUNT)
    core.pay_card()
    assert s.outcome is not None and s.outcome.status == "reversed"
    assert fake_terminal.reversed == [101]
    [sent] = rig["client"].delivered
    [early] = admin.transactions(KIOSK)
    assert early["status"] == "completed"  # the server did get the confirmation

    worker.sync_once()
    assert _dead_letters(store) == []
    assert store.status().pending == 0
    [txn] = admin.transactions(KIOSK)
    assert txn["transaction_id"] == s.txn_id and txn["status"] == "reversed"
    # the only payload under the transaction id is the one the confirmation sent
    row = store.query("SELECT data FROM outbox WHERE record_id = ?", (s.txn_id,))
    assert len(row) == 1 and sent["status"] == "completed"
    assert store.query("SELECT status FROM kiosk_transactions")[0]["status"] == "reversed"

    batch = rig["settlement"].close("manual")
    [item] = batch["transactions"]
    assert item["id"] == s.txn_id and item["status"] == "reversed"
    assert batch["totals"]["count"] == 0 and batch["totals"]["total"] == 0
    worker.sync_once()
    [result] = admin.settlements(KIOSK)
    assert result["report"]["balanced"], result["report"]
    assert result["report"]["matched"] == [s.txn_id]
    assert _dead_letters(store) == []


def test_lost_confirm_reply_and_failed_reversal_is_flagged_not_conflicting(
        rig: dict[str, Any], fake_terminal: Any) -> None:
    core, admin, store, worker = rig["core"], rig["admin"], rig["store"], rig["worker"]
    fake_terminal.approve_next(12850)
    fake_terminal.reverse_results.append(CardResult("error", reason="link down"))
    s = core.start_bill("STATE_GRID", ACCOUNT)
    core.pay_card()
    assert s.outcome is not None and s.outcome.status == "failed"
    worker.sync_once()
    assert _dead_letters(store) == [] and store.status().pending == 0
    # the card money was taken and not given back: the server keeps the sale, and the
    # kiosk's "failed" shows up in reconciliation for the back office
    [txn] = admin.transactions(KIOSK)
    assert txn["status"] == "completed"
    rig["settlement"].close("manual")
    worker.sync_once()
    [result] = admin.settlements(KIOSK)
    report = result["report"]
    assert not report["balanced"]
    [diff] = report["amount_mismatch"]
    assert diff["id"] == s.txn_id
    assert diff["status"] == {"kiosk": "failed", "server": "completed"}
