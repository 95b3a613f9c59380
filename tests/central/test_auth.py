"""Every kiosk request is signed; each way of getting it wrong is a 401 with a reason."""

from __future__ import annotations

import requests


def test_signed_request_is_accepted(client):
    r = client.get("/v1/billers")
    assert r.status_code == 200, r.text
    assert {b["code"] for b in r.json()["billers"]} >= {"STATE_GRID", "CITY_WATER"}


def test_missing_headers(server):
    url, _ = server
    r = requests.get(url + "/v1/billers", timeout=5)
    assert r.status_code == 401 and r.json()["error"] == "missing_auth"


def test_bad_signature(client):
    r = client.get("/v1/billers", secret=b"wrong")
    assert r.status_code == 401 and r.json()["error"] == "bad_signature"


def test_signature_covers_body(client):
    body = b'{"records": []}'
    headers = client.sign("POST", "/v1/transactions", body)
    r = client.session.post(client.base_url + "/v1/transactions", data=b'{"records": [1]}',
                            headers=headers, timeout=5)
    assert r.status_code == 401 and r.json()["error"] == "bad_signature"


def test_signature_covers_query(client):
    path = "/v1/kiosks/K0001/commands?wait=0"
    headers = client.sign("GET", "/v1/kiosks/K0001/commands", b"")
    r = client.session.get(client.base_url + path, headers=headers, timeout=5)
    assert r.status_code == 401
    assert client.get(path).status_code == 200


def test_unknown_kiosk(client):
    r = client.get("/v1/billers", kiosk_id="K9999")
    assert r.status_code == 401 and r.json()["error"] == "unknown_kiosk"


def test_clock_skew(client, clock):
    assert client.get("/v1/billers", ts=int(clock.now) - 300).status_code == 200
    r = client.get("/v1/billers", ts=int(clock.now) - 301)
    assert r.status_code == 401 and r.json()["error"] == "clock_skew"
    r = client.get("/v1/billers", ts=int(clock.now) + 301)
    assert r.status_code == 401 and r.json()["error"] == "clock_skew"
    r = client.get("/v1/billers", ts="yesterday")
    assert r.status_code == 401 and r.json()["error"] == "bad_timestamp"


def test_reused_nonce(client):
    assert client.get("/v1/billers", nonce="abc").status_code == 200
    r = client.get("/v1/billers", nonce="abc")
    assert r.status_code == 401 and r.json()["error"] == "reused_nonce"


def test_other_kiosks_paths_are_forbidden(client, server):
    server[1].add_kiosk("K0002")
    r = client.post("/v1/kiosks/K0002/heartbeat", {"version": "1"})
    assert r.status_code == 403 and r.json()["error"] == "wrong_kiosk"
