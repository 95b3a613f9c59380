"""HmacAuth against the contract string, and backoff timing properties."""

from __future__ import annotations

import hashlib
import hmac
import random
from email.utils import formatdate

import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from offline_queue import HmacAuth
from offline_queue.backoff import full_jitter, next_delay, parse_retry_after


def test_signature_matches_contract():
    auth = HmacAuth("K0001", b"s3cret", clock=lambda: 1700000000.9, nonce=lambda: "abcd")
    req = requests.Request("POST", "http://h:1/v1/kiosks/K0001/commands?wait=25",
                           data=b'{"a":1}').prepare()
    auth(req)
    msg = ("POST\n/v1/kiosks/K0001/commands?wait=25\n1700000000\nabcd\n"
           + hashlib.sha256(b'{"a":1}').hexdigest()).encode()
    assert req.headers["X-Signature"] == hmac.new(b"s3cret", msg, hashlib.sha256).hexdigest()
    assert req.headers["X-Timestamp"] == "1700000000"
    assert req.headers["X-Kiosk-Id"] == "K0001" and req.headers["X-Nonce"] == "abcd"
    assert "s3cret" not in repr(auth)


def test_empty_body_and_fresh_nonces():
    auth = HmacAuth("K", b"k")
    a = auth(requests.Request("GET", "http://h/v1/billers").prepare())
    b = auth(requests.Request("GET", "http://h/v1/billers").prepare())
    assert a.headers["X-Nonce"] != b.headers["X-Nonce"]


def test_signed_by_worker_accepted_by_server(central):
    url, _, secret = central
    with requests.Session() as s:
        r = s.get(url + "/v1/mobile/13800138000", auth=HmacAuth("K0001", secret), timeout=5)
    assert r.status_code == 200 and r.json()["operator"] == "China Mobile"


@settings(max_examples=200, deadline=None)
@given(attempt=st.integers(1, 100), base=st.floats(0.001, 10), cap=st.floats(0.001, 600),
       seed=st.integers(0, 2**32))
def test_full_jitter_bounds(attempt, base, cap, seed):
    delay = full_jitter(attempt, base, cap, random.Random(seed))
    assert 0.0 <= delay <= min(cap, base * 2 ** (attempt - 1)) + 1e-9


def test_jitter_spreads():
    rng = random.Random(1)
    delays = {round(full_jitter(5, 1.0, 60.0, rng), 3) for _ in range(50)}
    assert len(delays) > 40 and max(delays) <= 16.0


def test_retry_after_parsing():
    now = lambda: 1_000_000.0  # noqa: E731
    assert parse_retry_after("7", now) == 7.0
    assert parse_retry_after(" 0 ", now) == 0.0
    assert parse_retry_after("-5", now) == 0.0
    assert parse_retry_after("99999999", now) == 3600.0
    assert parse_retry_after(formatdate(1_000_030.0, usegmt=True), now) == 30.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after("nan", now) is None
    assert parse_retry_after(None, now) is None
    assert next_delay(1, 0.5, 60.0, random.Random(0), 10.0) == 10.0
