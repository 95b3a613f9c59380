"""Fault class 6: only an authentic, per-record reply acknowledges a record.

A captive portal, a proxy or anything that is not our server may answer 200. The worker
counts a record as delivered only when the reply carries a valid ``X-Reply-Signature``
(HMAC with the kiosk's secret over the nonce it sent, the status and the body) and a
result for that record; anything else is a failed attempt that changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac

import pytest

from offline_queue import HmacAuth, reply_signature


def drain(worker, store) -> None:
    for _ in range(20):
        if not store.status().pending:
            return
        worker.sync_once()
    raise AssertionError(store.status())


def assert_exactly_once(admin, ids) -> None:
    assert sorted(admin.record_ids("K0001")) == sorted(ids)
    assert len(admin.transactions("K0001", limit=100000)) == len(ids)


@pytest.mark.parametrize("fault", ["portal", "forged", "unsigned", "signed_empty"])
def test_inauthentic_or_incomplete_200_acknowledges_nothing(store, central, proxy,
                                                            make_worker, enqueue, fault):
    _, admin, _ = central
    ids = enqueue(store, 30)
    worker = make_worker(proxy.url)
    proxy.push(fault)
    assert worker.sync_once() == 0
    st = store.status()
    assert (st.pending, st.sent, st.dead_letters) == (30, 0, 0)
    assert worker.failures == 1 and st.last_error
    drain(worker, store)  # the next, authentic attempt delivers everything once
    assert_exactly_once(admin, ids)


def test_inauthentic_4xx_dead_letters_nothing(store, central, make_worker, enqueue):
    """A portal's 404/422 is not the server refusing a record: retried, not dead-lettered."""
    enqueue(store, 3)
    worker = make_worker(central[0] + "/portal-prefix")  # the real server answers 404 here
    assert worker.sync_once() == 0
    st = store.status()
    assert (st.pending, st.dead_letters) == (3, 0)


def test_settlement_uploads_go_the_same_path(store, central, proxy, make_worker):
    with store.atomic() as tx:
        tx.enqueue("settlement", "batch-1", {"batch_no": 1}, endpoint="/v1/settlements")
    worker = make_worker(proxy.url)
    proxy.push("portal")
    assert worker.sync_once() == 0
    assert store.status().pending == 1


def test_reply_signature_matches_the_contract():
    """hex(HMAC-SHA256(secret, "REPLY\\n" + nonce + "\\n" + status + "\\n" + sha256_hex(body)))."""
    secret, nonce, body = b"k" * 32, "abc123", b'{"results": []}'
    want = hmac.new(secret, b"REPLY\nabc123\n200\n" + hashlib.sha256(body).hexdigest().encode(),
                    hashlib.sha256).hexdigest()
    assert reply_signature(secret, nonce, 200, body) == want
    auth = HmacAuth("K0001", secret)
    assert auth.reply_is_authentic(nonce, 200, body, want)
    assert not auth.reply_is_authentic(nonce, 201, body, want)
    assert not auth.reply_is_authentic("other", 200, body, want)
    assert not auth.reply_is_authentic(nonce, 200, body, "")
