"""The command channel against the real reference server: execute, report, back off."""

from __future__ import annotations

import random
import threading
import time

import pytest
import requests

from central.testing import run_server
from kiosk.ledger.audit import Auditor
from kiosk.remote.commands import CommandPoller
from kiosk.settlement.batches import Settlement
from kiosk.settlement.keys import SigningKey
from kiosk.staff.command_handlers import standard_handlers
from kiosk.staff.service_state import ServiceState
from kiosk.staff.users import UserStore
from offline_queue import HmacAuth, Store, SyncWorker


class ServerClock:
    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@pytest.fixture
def env(tmp_path):
    sclock = ServerClock()
    with run_server(tmp_path / "central.db", clock=sclock, poll_interval=0.02) as (url, admin):
        key = SigningKey.load_or_create(tmp_path / "data")
        secret = admin.add_kiosk("K0001", key.public_key_hex)
        store = Store(tmp_path / "kiosk.db")
        auth = HmacAuth("K0001", bytes.fromhex(secret))
        auditor = Auditor(store, time.time)
        UserStore(store, auditor, time.time, scrypt_n=2**10)
        state = ServiceState(store, auditor, time.time)
        settlement = Settlement(store, key, kiosk_id="K0001", currency="CNY", clock=time.time)
        worker = SyncWorker(store, url, auth)
        kicks = []
        handlers = standard_handlers(settlement=settlement, service_state=state,
                                     auditor=auditor, kick_sync=lambda: kicks.append(1))
        poller = CommandPoller(url, "K0001", auth, handlers, wait_s=1, backoff_base=0.01,
                               backoff_cap=0.05, rng=random.Random(7))
        yield {"admin": admin, "poller": poller, "state": state, "settlement": settlement,
               "worker": worker, "kicks": kicks, "store": store, "sclock": sclock}
        poller.stop()
        worker.stop()
        store.close()


def results(admin):
    return {c["command"]: (c["result_ok"], c["result_detail"]) for c in admin.commands("K0001")}


def test_out_of_service_and_back(env) -> None:
    admin, poller, state = env["admin"], env["poller"], env["state"]
    admin.send_command("K0001", "out-of-service", {"reason": "vandalism reported"})
    assert poller.poll_once(wait_s=0) == 1
    assert not state.in_service and state.reasons()[0].source == "server"
    ok, detail = results(admin)["out-of-service"]
    assert ok == 1 and detail["in_service"] is False
    admin.send_command("K0001", "in-service")
    poller.poll_once(wait_s=0)
    assert state.in_service and results(admin)["in-service"][0] == 1


def test_upload_settlement_by_number_and_period(env) -> None:
    admin, poller, settlement, worker = (env["admin"], env["poller"], env["settlement"],
                                         env["worker"])
    batch = settlement.close("manual")
    worker.sync_once()
    admin.send_command("K0001", "upload-settlement", {"batch_no": "1"})  # --arg gives text
    poller.poll_once(wait_s=0)
    assert results(admin)["upload-settlement"] == (1, {"queued": [1]})
    assert env["kicks"] == [1]
    worker.sync_once()
    stored = admin.settlements("K0001")
    assert len(stored) == 1 and env["store"].status().dead_letters == 0
    admin.send_command("K0001", "upload-settlement",
                       {"period_start": batch["period_start"], "period_end": batch["period_end"]})
    poller.poll_once(wait_s=0)
    admin.send_command("K0001", "upload-settlement", {"batch_no": 99})
    poller.poll_once(wait_s=0)
    last = admin.commands("K0001")[-1]
    assert last["result_ok"] == 0 and "no settlement batch 99" in last["result_detail"]


def test_force_sync_and_unsupported_command(env) -> None:
    admin, poller = env["admin"], env["poller"]
    admin.send_command("K0001", "force-sync")
    admin.send_command("K0001", "reload-config")  # no reload handler in this process
    assert poller.poll_once(wait_s=0) == 2
    r = results(admin)
    assert r["force-sync"][0] == 1 and env["kicks"] == [1]
    assert r["reload-config"][0] == 0


def test_background_thread_long_polls(env) -> None:
    admin, poller, state = env["admin"], env["poller"], env["state"]
    changed = threading.Event()
    state.add_listener(lambda ok, reasons: changed.set())
    poller.start()
    admin.send_command("K0001", "out-of-service", {"reason": "remote"})
    assert changed.wait(10)
    deadline = time.monotonic() + 10
    while results(admin).get("out-of-service", (None,))[0] is None:
        assert time.monotonic() < deadline
        changed.wait(0.02)
    assert poller.stop()


def test_redelivered_command_is_not_run_twice(env, monkeypatch) -> None:
    admin, poller, sclock = env["admin"], env["poller"], env["sclock"]
    runs = []
    poller.handlers["force-sync"] = lambda args: runs.append(1) or "ok"
    admin.send_command("K0001", "force-sync")
    real_post = poller._session.post

    def broken(*a, **kw):
        raise requests.ConnectionError("link down")

    monkeypatch.setattr(poller._session, "post", broken)
    with pytest.raises(requests.ConnectionError):
        poller.poll_once(wait_s=0)
    monkeypatch.setattr(poller._session, "post", real_post)
    sclock.offset = 61  # the server redelivers unanswered commands after 60 s
    poller.poll_once(wait_s=0)
    assert runs == [1] and results(admin)["force-sync"][0] == 1


def test_backoff_against_a_dead_server() -> None:
    poller = CommandPoller("http://127.0.0.1:9", "K0001", requests.auth.HTTPBasicAuth("a", "b"),
                           {}, backoff_base=1.0, backoff_cap=8.0, rng=random.Random(1))
    with pytest.raises(requests.ConnectionError):
        poller.poll_once(wait_s=0)
    delays = []
    for failures in range(6):
        poller.failures = failures
        delays.append(poller.next_delay())
    assert all(0.5 * min(8, 2**f) <= d <= min(8, 2**f) for f, d in enumerate(delays))
    assert poller.stop()


def test_stop_does_not_wait_for_a_long_poll_in_flight(env) -> None:
    """Stopping the kiosk must not hang on the server holding a long poll open."""
    poller = env["poller"]
    poller.wait_s = 30
    poller.start()
    deadline = time.monotonic() + 5
    while not poller.polling and time.monotonic() < deadline:
        threading.Event().wait(0.01)
    assert poller.polling
    started = time.monotonic()
    poller.stop(timeout=10)
    assert time.monotonic() - started < 2
