"""Every kiosk request is signed; every way of getting it wrong is the same 401."""

from __future__ import annotations

import socket
import time

import requests


def unauthorized(r: requests.Response) -> bool:
    """The one 401 body: no hint which check failed (kiosk ids cannot be enumerated)."""
    body = r.json()
    return (r.status_code == 401 and body["error"] == "unauthorized"
            and body["detail"] == "authentication failed" and set(body) == {
                "error", "detail", "server_time"})


def test_signed_request_is_accepted(client):
    r = client.get("/v1/billers")
    assert r.status_code == 200, r.text
    assert {b["code"] for b in r.json()["billers"]} >= {"STATE_GRID", "CITY_WATER"}


def test_missing_headers(server):
    url, _ = server
    assert unauthorized(requests.get(url + "/v1/billers", timeout=5))


def test_bad_signature(client):
    assert unauthorized(client.get("/v1/billers", secret=b"wrong"))


def test_signature_covers_body(client):
    body = b'{"records": []}'
    headers = client.sign("POST", "/v1/transactions", body)
    r = client.session.post(client.base_url + "/v1/transactions", data=b'{"records": [1]}',
                            headers=headers, timeout=5)
    assert unauthorized(r)


def test_signature_covers_query(client):
    path = "/v1/kiosks/K0001/commands?wait=0"
    headers = client.sign("GET", "/v1/kiosks/K0001/commands", b"")
    r = client.session.get(client.base_url + path, headers=headers, timeout=5)
    assert unauthorized(r)
    assert client.get(path).status_code == 200


def test_unknown_kiosk_looks_like_a_bad_signature(client):
    unknown = client.get("/v1/billers", kiosk_id="K9999")
    wrong = client.get("/v1/billers", secret=b"wrong")
    assert unauthorized(unknown) and unauthorized(wrong)
    assert unknown.json().keys() == wrong.json().keys()


def test_clock_skew(client, clock):
    assert client.get("/v1/billers", ts=int(clock.now) - 300).status_code == 200
    r = client.get("/v1/billers", ts=int(clock.now) - 301)
    assert unauthorized(r) and r.json()["server_time"] == int(clock.now)
    assert unauthorized(client.get("/v1/billers", ts=int(clock.now) + 301))
    assert unauthorized(client.get("/v1/billers", ts="yesterday"))


def test_reused_nonce(client):
    assert client.get("/v1/billers", nonce="abc").status_code == 200
    assert unauthorized(client.get("/v1/billers", nonce="abc"))


def test_nonces_are_per_kiosk(client, server):
    other = bytes.fromhex(server[1].add_kiosk("K0002"))
    assert client.get("/v1/billers", nonce="same-nonce").status_code == 200
    assert client.get("/v1/billers", nonce="same-nonce", kiosk_id="K0002",
                      secret=other).status_code == 200


def test_malformed_headers_are_the_same_401(client):
    for kw in ({"nonce": "x" * 129}, {"nonce": "a b"}, {"kiosk_id": "K\xe91"},
               {"kiosk_id": "K" * 65}):
        assert unauthorized(client.get("/v1/billers", **kw)), kw


def test_other_kiosks_paths_are_forbidden(client, server):
    server[1].add_kiosk("K0002")
    r = client.post("/v1/kiosks/K0002/heartbeat", {"version": "1"})
    assert r.status_code == 403 and r.json()["error"] == "wrong_kiosk"


def test_headers_are_checked_before_the_body_is_read(server):
    """An unknown kiosk announcing 2 MiB gets its 401 without sending a byte of body."""
    url, _ = server
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(b"POST /v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n"
                  b"X-Kiosk-Id: K9999\r\nX-Timestamp: " + str(int(time.time())).encode()
                  + b"\r\nX-Nonce: abcdefgh\r\nX-Signature: " + b"0" * 64 + b"\r\n\r\n")
        reply = s.recv(4096)
    assert reply.startswith(b"HTTP/1.1 401"), reply


def test_api_docs_are_off_by_default(server):
    url, _ = server
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert requests.get(url + path, timeout=5).status_code == 404, path
