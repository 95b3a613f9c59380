"""Sync worker against the real reference server, directly and through a fault proxy."""

from __future__ import annotations

import json
import random
import threading
import time

import pytest

from lab.central_proc import free_port
from offline_queue import SyncStatus


def drain(worker, store, deadline_s: float = 30.0) -> None:
    """Run passes (ignoring backoff timing) until nothing is pending."""
    deadline = time.monotonic() + deadline_s
    while store.status().pending:
        assert time.monotonic() < deadline, store.status()
        worker.sync_once()


def assert_exactly_once(admin, ids):
    got = admin.record_ids("K0001")
    assert sorted(got) == sorted(ids)  # records table is keyed by id: no duplicates possible
    assert len(got) == len(set(got)) == len(ids)
    assert len(admin.transactions("K0001", limit=100000)) == len(ids)


def test_delivers_in_order(store, central, make_worker, enqueue):
    _, admin, _ = central
    ids = enqueue(store, 230)
    worker = make_worker()
    assert worker.sync_once() == 230
    assert admin.record_ids("K0001") == ids
    st = store.status()
    assert (st.pending, st.sent, st.dead_letters, st.last_error) == (0, 230, 0, None)
    assert st.last_success is not None
    assert worker.sync_once() == 0


@pytest.mark.parametrize("fault", ["drop", "drop_response", "reset_mid_response", "delay:3",
                                   "500", "429:0"])
def test_each_fault_then_exactly_once(store, central, proxy, make_worker, enqueue, fault):
    _, admin, _ = central
    ids = enqueue(store, 120)
    worker = make_worker(proxy.url, read_timeout=1.0)
    proxy.push("pass", fault, fault)
    drain(worker, store)
    assert_exactly_once(admin, ids)
    assert proxy.applied[fault] == 2
    assert store.status().dead_letters == 0


def test_random_faults_with_background_thread(store, central, proxy, make_worker, enqueue):
    _, admin, _ = central
    rng = random.Random(1234)
    faults = ["pass"] * 6 + ["drop", "drop_response", "reset_mid_response", "500", "429:0",
                             "delay:2"]
    proxy.chooser = lambda: rng.choice(faults)
    ids = enqueue(store, 300)
    done = threading.Event()
    worker = make_worker(proxy.url, read_timeout=1.0, batch_size=25)
    worker.add_listener(lambda st: done.set() if st.pending == 0 else None)
    worker.start()
    assert done.wait(60), store.status()
    assert worker.stop(10)
    assert_exactly_once(admin, ids)
    assert sum(v for k, v in proxy.applied.items() if k != "pass") > 0


def test_retry_after_is_a_floor_for_the_next_attempt(store, central, proxy, make_worker,
                                                      enqueue):
    now = [100.0]
    enqueue(store, 3)
    worker = make_worker(proxy.url, clock=lambda: now[0], backoff_cap=1.0)
    proxy.push("429:7")
    assert worker.sync_once() == 0
    assert 107.0 <= worker.next_attempt_at <= 108.0
    assert "429" in store.status().last_error
    proxy.push("500")
    worker.sync_once()
    assert 100.0 <= worker.next_attempt_at <= 101.0  # plain backoff, capped at 1 s
    assert worker.failures == 2
    assert worker.sync_once() == 3
    assert worker.failures == 0 and worker.next_attempt_at is None


def test_conflict_goes_to_dead_letters_and_queue_moves_on(store, central, make_worker,
                                                          enqueue, tdata):
    _, admin, _ = central
    with store.atomic() as tx:
        tx.enqueue("transaction", "dup", tdata("dup", 0, total=500))
    worker = make_worker()
    worker.sync_once()
    # A second kiosk store reusing the id with another payload (a bug we must surface).
    store._writer.execute("UPDATE outbox SET state = 'pending', data = ? WHERE record_id = 'dup'",
                          (json.dumps(tdata("dup", 0, total=1)),))
    ids = enqueue(store, 5)
    worker.sync_once()
    dead = store.dead_letters()
    assert [(d["record_id"], d["status_code"]) for d in dead] == [("dup", 422)]
    assert "different payload" in dead[0]["reason"]
    assert set(ids) <= set(admin.record_ids())
    assert store.status().pending == 0 and store.status().dead_letters == 1


def test_invalid_record_is_dead_lettered_with_server_reason(store, central, make_worker, tdata):
    bad = tdata("bad", 0)
    bad["total"] = 12.5
    with store.atomic() as tx:
        tx.enqueue("transaction", "bad", bad)
        tx.enqueue("transaction", "good", tdata("good", 1))
    make_worker().sync_once()
    dead = store.dead_letters()
    assert len(dead) == 1 and "total" in dead[0]["reason"]
    assert central[1].record_ids() == ["good"]


def test_batch_level_4xx_is_bisected(tmp_path, store, make_worker, tdata):
    from central.testing import run_server

    with run_server(tmp_path / "small.db", max_body=20_000) as (url, admin):
        secret = bytes.fromhex(admin.add_kiosk("K0001"))
        with store.atomic() as tx:
            tx.enqueue("transaction", "a", tdata("a", 0))
            tx.enqueue("transaction", "huge", tdata("huge", 1, account="9" * 30_000))
            tx.enqueue("transaction", "c", tdata("c", 2))
        make_worker(url, secret).sync_once()
        assert admin.record_ids() == ["a", "c"]
        # The body limit answers before authentication, so its 413 is unsigned: not the
        # server's word on the record (a proxy could say the same). The oversized record
        # stays pending (visible in the status), never silently dead-lettered.
        assert store.dead_letters() == []
        st = store.status()
        assert st.pending == 1 and "413" in (st.last_error or "")


def test_auth_rejection_is_retried_not_dead_lettered(store, central, make_worker, enqueue):
    enqueue(store, 2)
    worker = make_worker(secret=b"wrong secret")
    assert worker.sync_once() == 0
    st = store.status()
    assert st.pending == 2 and st.dead_letters == 0
    assert "unauthorized" in st.last_error  # the server's one 401 for every auth failure
    assert worker.failures == 1


def test_server_down_keeps_records_pending(store, make_worker, enqueue):
    port = free_port()
    enqueue(store, 2)
    worker = make_worker(f"http://127.0.0.1:{port}")
    assert worker.sync_once() == 0
    st = worker.status()
    assert st.pending == 2 and "ConnectionError" in st.last_error
    assert st.extra["consecutive_failures"] == 1


def test_kick_syncs_now_and_listeners_see_status(store, central, make_worker, enqueue):
    seen: list[SyncStatus] = []
    delivered = threading.Event()

    def listener(st: SyncStatus) -> None:
        seen.append(st)
        if st.sent == 4:
            delivered.set()

    worker = make_worker(idle_interval=60.0)
    worker.add_listener(listener)
    worker.start()
    enqueue(store, 4)
    worker.kick()
    assert delivered.wait(10)
    assert seen[-1].pending == 0 and seen[-1].oldest_pending_age_s is None
    assert worker.stop(5)


def test_settlement_travels_through_the_outbox_after_its_transactions(store, central,
                                                                      make_worker, enqueue):
    import json as _json

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from offline_queue import canonical_json

    _, admin, _ = central
    key = Ed25519PrivateKey.generate()
    pub = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    admin.set_key("K0001", pub)
    ids = enqueue(store, 3)
    head_seq, head = store.chain_head()
    batch = {"kiosk_id": "K0001", "batch_no": 1, "reason": "cutover",
             "period_start": "2025-11-24T00:00:00Z", "period_end": "2025-11-25T00:00:00Z",
             "currency": "CNY",
             "transactions": [{"id": t, "method": "cash", "service": "topup", "biller": None,
                               "gross": 10000, "fee": 0, "total": 10000,
                               "status": "completed"} for t in ids],
             "totals": {"count": 3, "gross": 30000, "fee": 0, "total": 30000},
             "journal_seq": head_seq, "chain_head": head, "prev_chain_head": "0" * 64,
             "public_key": pub}
    batch["signature"] = key.sign(canonical_json(batch)).hex()
    with store.atomic() as tx:
        tx.enqueue("settlement", "settlement-K0001-1", batch, endpoint="/v1/settlements")
    worker = make_worker()
    assert worker.sync_once() == 4
    report = admin.settlements("K0001")[0]["report"]
    assert sorted(report["matched"]) == sorted(ids) and report["balanced"], _json.dumps(report)
