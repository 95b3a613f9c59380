"""Command channel (long-poll), results and heartbeats."""

from __future__ import annotations

import threading
import time


def test_command_round_trip(client, server):
    _, admin = server
    cid = admin.send_command("K0001", "force-sync", {"reason": "test"})
    r = client.get("/v1/kiosks/K0001/commands?wait=0")
    assert r.json() == {"commands": [{"id": cid, "command": "force-sync",
                                      "args": {"reason": "test"}}]}
    assert client.get("/v1/kiosks/K0001/commands?wait=0").json()["commands"] == []
    r = client.post(f"/v1/kiosks/K0001/commands/{cid}/result", {"ok": True, "detail": "3 sent"})
    assert r.status_code == 200
    row = admin.commands("K0001")[0]
    assert row["result_ok"] == 1 and row["result_detail"] == "3 sent"
    r = client.post("/v1/kiosks/K0001/commands/nope/result", {"ok": True})
    assert r.status_code == 404
    r = client.post(f"/v1/kiosks/K0001/commands/{cid}/result", {"ok": "yes"})
    assert r.status_code == 422


def test_long_poll_returns_when_a_command_arrives(client, server):
    _, admin = server
    sent = threading.Event()

    def later() -> None:
        sent.wait(5)
        admin.send_command("K0001", "out-of-service")

    t = threading.Thread(target=later)
    t.start()
    start = time.monotonic()
    sent.set()
    r = client.get("/v1/kiosks/K0001/commands?wait=10")
    t.join(5)
    assert r.json()["commands"][0]["command"] == "out-of-service"
    assert time.monotonic() - start < 5


def test_long_poll_times_out_empty(client):
    start = time.monotonic()
    assert client.get("/v1/kiosks/K0001/commands?wait=1").json() == {"commands": []}
    assert 0.9 <= time.monotonic() - start < 5


def test_bad_wait_is_422(client):
    assert client.get("/v1/kiosks/K0001/commands?wait=31").status_code == 422
    r = client.get("/v1/kiosks/K0001/commands?wait=abc")
    assert r.status_code == 422 and r.json()["error"] == "invalid_request"


def test_heartbeat(client, server):
    _, admin = server
    admin.send_command("K0001", "reload-config")
    r = client.post("/v1/kiosks/K0001/heartbeat", {"version": "0.1", "queue": {"pending": 3}})
    assert r.status_code == 200 and r.json()["pending_commands"] == 1
    k = admin.kiosks()[0]
    assert k["last_heartbeat"]["queue"] == {"pending": 3}
    assert client.post("/v1/kiosks/K0001/heartbeat", [1, 2]).status_code == 422
