"""Two server instances on one database behave like one: no per-process state decides.

Two apps (as two workers would be) share the test's database; requests race through both.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
import requests

from central.testing import run_server
from tests.central.conftest import Client, item, make_batch


@pytest.fixture
def second(db_target, clock, server) -> Any:
    with run_server(db_target, clock=clock) as (url, admin):
        yield url, admin


def _race(calls: list[Any]) -> list[Any]:
    out: list[Any] = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(i: int) -> None:
        start.wait(5)
        out[i] = calls[i]()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return out


def test_the_same_records_through_two_workers_are_stored_once(client, second, server, record,
                                                             txn):
    other = Client(second[0], "K0001", client.secret, client.clock, requests.Session())
    recs = {"records": [record(f"t-{i}", txn(f"t-{i}")) for i in range(20)]}
    replies = _race([lambda c=c: c.post("/v1/transactions", recs)
                     for c in (client, other, client, other)])
    assert all(r.status_code == 200 for r in replies), [r.text for r in replies]
    statuses = Counter(x["status"] for r in replies for x in r.json()["results"])
    assert statuses == {"stored": 20, "duplicate": 60}
    assert server[1].record_count() == 20 and len(server[1].transactions()) == 20


def test_one_settlement_through_two_workers(signed_client, second, key):
    other = Client(second[0], "K0001", signed_client.secret, signed_client.clock,
                   requests.Session())
    batch = make_batch(key, 1, [item("a")])
    replies = _race([lambda c=c: c.post("/v1/settlements", batch)
                     for c in (signed_client, other)])
    assert sorted(r.json()["status"] for r in replies) == ["duplicate", "stored"]


def test_a_command_queued_on_one_worker_wakes_a_poll_on_the_other(client, second, server,
                                                                 db_engine):
    if db_engine == "sqlite":
        pytest.skip("SQLite is served by one process; its wake-up is in-process")
    other = Client(second[0], "K0001", client.secret, client.clock, requests.Session())
    got: list[Any] = []
    parked = threading.Thread(target=lambda: got.append(
        other.get("/v1/kiosks/K0001/commands?wait=20")))
    parked.start()
    board = second[1].app.state.board
    while board.parked() == 0 and parked.is_alive():
        threading.Event().wait(0.01)
    cid = server[1].send_command("K0001", "force-sync")
    parked.join(10)
    assert not parked.is_alive() and got[0].json()["commands"][0]["id"] == cid
