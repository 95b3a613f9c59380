"""Whatever JSON (or bytes) a client sends, the reply is a JSON 4xx/2xx, never a 500."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=20)
record_like = st.fixed_dictionaries(
    {"id": st.one_of(st.text(max_size=10), st.integers()), "type": st.sampled_from(
        ["transaction", "audit", 3]), "data": st.dictionaries(
        st.sampled_from(["transaction_id", "gross", "fee", "total", "status", "method"]),
        json_values, max_size=6)})
# One server per test is fine: every example sends fresh nonces and ids may repeat.
SHARED_SERVER = [HealthCheck.function_scoped_fixture]
PATHS = ["/v1/transactions", "/v1/settlements", "/v1/kiosks/K0001/heartbeat",
         "/v1/kiosks/K0001/commands/x/result"]


@settings(max_examples=80, deadline=None, suppress_health_check=SHARED_SERVER)
@given(path=st.sampled_from(PATHS), body=st.one_of(
    json_values, st.fixed_dictionaries({"records": st.lists(record_like, max_size=3)})))
def test_json_bodies_never_500(client, path, body):
    r = client.post(path, raw=json.dumps(body).encode())
    assert r.status_code < 500, r.text
    assert isinstance(r.json(), dict)


@settings(max_examples=40, deadline=None, suppress_health_check=SHARED_SERVER)
@given(raw=st.binary(max_size=200))
def test_random_bytes_never_500(client, raw):
    r = client.post("/v1/transactions", raw=raw)
    assert 400 <= r.status_code < 500
    assert "error" in r.json() or "results" in r.json()
