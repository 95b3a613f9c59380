"""The signed offline allowance, and settlement records parked instead of stalling the queue."""

from __future__ import annotations

import hashlib
import hmac
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from central import refusals
from tests.central.test_settlements import make_batch


def test_the_grant_is_signed_for_this_kiosk_and_follows_the_policy(client, server, clock):
    _, admin = server
    r = client.get("/v1/kiosks/K0001/allowance")
    assert r.status_code == 200, r.text
    grant = r.json()
    a = grant["allowance"]
    message = b"ALLOWANCE\n" + json.dumps(a, sort_keys=True, separators=(",", ":"),
                                          ensure_ascii=False).encode()
    assert grant["signature"] == hmac.new(client.secret, message, hashlib.sha256).hexdigest()
    assert a["kiosk_id"] == "K0001" and a["issued_at"] == int(clock.now)
    assert a["expires_at"] == a["issued_at"] + 86400
    assert {k: a[k] for k in ("per_transaction", "total", "count", "max_age_s")} == {
        "per_transaction": 50000, "total": 200000, "count": 20, "max_age_s": 86400}
    allowances = admin.app.state.allowances
    allowances.set_policy("*", count=5)
    allowances.set_policy("K0001", per_transaction=10000, credit_within_s=7200, valid_s=600)
    a = client.get("/v1/kiosks/K0001/allowance").json()["allowance"]
    assert (a["per_transaction"], a["count"], a["credit_within_s"]) == (10000, 20, 7200)
    assert a["expires_at"] == int(clock.now) + 600
    assert allowances.current("K0001") == a
    assert client.get("/v1/kiosks/K0002/allowance").status_code == 403


def test_a_settlement_without_a_registered_key_is_parked_and_alarmed(client, server):
    """Refused per record with code 422 (the kiosk parks it), listed until it goes through."""
    _, admin = server
    key = Ed25519PrivateKey.generate()
    envelope = {"records": [{"id": "B1", "type": "settlement", "data": make_batch(key, 1, [])}]}
    r = client.post("/v1/settlements", envelope)
    assert r.status_code == 422
    res = r.json()["results"][0]
    assert (res["status"], res["code"], res["reason"]) == ("refused", 422, "no_public_key")
    db = admin.app.state.db
    [alarm] = refusals.open_refusals(db, "K0001")
    assert (alarm["record_id"], alarm["error"], alarm["times"]) == ("B1", "no_public_key", 1)
    gap = {"records": [{"id": "B2", "type": "settlement",
                        "data": make_batch(key, 2, [], prev="1".zfill(64))}]}
    assert client.post("/v1/settlements", gap).json()["results"][0]["status"] == "refused"
    admin.set_key("K0001", key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex())
    assert client.post("/v1/settlements", envelope).json()["results"][0]["status"] == "stored"
    assert [a["record_id"] for a in refusals.open_refusals(db)] == ["B2"]
    assert client.post("/v1/settlements", gap).json()["results"][0]["status"] == "stored"
    assert refusals.open_refusals(db) == []
