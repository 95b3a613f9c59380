"""POST /v1/settlements: signature, gap-free numbers, chain continuity, reconciliation."""

from __future__ import annotations

import copy

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.central.conftest import ZERO, canonical, item, make_batch


def test_reconciliation_report(signed_client, key, server, record, txn):
    c = signed_client
    recs = [record(t, txn(t, total=tot)) for t, tot in
            (("t1", 10000), ("t2", 5000), ("t4", 2000))]
    recs.append(record("t5", txn("t5", completed_at="2025-11-23T10:00:00Z")))  # out of period
    assert c.post("/v1/transactions", {"records": recs}).status_code == 200
    batch = make_batch(key, 1, [item("t1"), item("t2", 5500), item("t3")])
    r = c.post("/v1/settlements", batch)
    assert r.status_code == 200, r.text
    rep = r.json()["report"]
    assert rep["matched"] == ["t1"]
    assert rep["missing_on_server"] == ["t3"]
    assert rep["missing_on_kiosk"] == ["t4"]
    assert rep["amount_mismatch"] == [{"id": "t2", "gross": {"kiosk": 5500, "server": 5000},
                                       "total": {"kiosk": 5500, "server": 5000}}]
    assert not rep["balanced"]
    # the claimed totals are compared with the server's rows (t1 + t2 + t4), not the batch
    assert rep["totals_differences"]["total"] == [25500, 17000]
    assert rep["recomputed_totals"]["count"] == 3
    # t3 arrives late: a fresh reconciliation moves it to matched.
    c.post("/v1/transactions", {"records": [record("t3", txn("t3"))]})
    fresh = server[1].reconcile("K0001", "2025-11-24")[0]
    assert sorted(fresh["matched"]) == ["t1", "t3"] and fresh["missing_on_server"] == []


def test_idempotent_upload_and_conflict(signed_client, key):
    batch = make_batch(key, 1, [item("a")])
    first = signed_client.post("/v1/settlements", batch).json()
    again = signed_client.post("/v1/settlements", batch).json()
    assert first["status"] == "stored" and again["status"] == "duplicate"
    assert again["report"] == first["report"]
    other = make_batch(key, 1, [item("b")])
    r = signed_client.post("/v1/settlements", other)
    assert r.status_code == 422 and r.json()["error"] == "conflict"


def test_gap_and_chain(signed_client, key):
    b1 = make_batch(key, 1, [], head="aa" * 32)
    assert signed_client.post("/v1/settlements", b1).status_code == 200
    r = signed_client.post("/v1/settlements", make_batch(key, 3, [], prev="aa" * 32))
    assert r.status_code == 409 and r.json()["expected"] == 2
    r = signed_client.post("/v1/settlements", make_batch(key, 2, [], prev=ZERO))
    assert r.status_code == 422 and r.json()["error"] == "chain_break"
    r = signed_client.post("/v1/settlements", make_batch(key, 2, [], prev="AA" * 32))
    assert r.status_code == 200


def test_signature_and_key_checks(signed_client, client, key, server):
    batch = make_batch(key, 1, [item("a")])
    tampered = copy.deepcopy(batch)
    tampered["transactions"][0]["total"] = 1
    r = signed_client.post("/v1/settlements", tampered)
    assert r.status_code == 422 and r.json()["error"] == "bad_signature"
    stranger = Ed25519PrivateKey.generate()
    r = signed_client.post("/v1/settlements", make_batch(stranger, 1, []))
    assert r.status_code == 403 and r.json()["error"] == "public_key_mismatch"
    r = signed_client.post("/v1/settlements", make_batch(key, 1, [], kiosk_id="K0002"))
    assert r.status_code == 403


def test_no_key_registered(client, key):
    r = client.post("/v1/settlements", make_batch(key, 1, []))
    assert r.status_code == 403 and r.json()["error"] == "no_public_key"


@pytest.mark.parametrize("field,value", [("batch_no", "1"), ("batch_no", 0),
                                         ("period_start", "yesterday"), ("transactions", {}),
                                         ("chain_head", "zz"), ("totals", [])])
def test_malformed_batch_is_422(signed_client, key, field, value):
    batch = make_batch(key, 1, [])
    batch[field] = value
    del batch["signature"]
    batch["signature"] = key.sign(canonical(batch)).hex()
    r = signed_client.post("/v1/settlements", batch)
    assert r.status_code == 422 and field in r.json()["detail"]


def test_envelope_from_the_outbox(signed_client, key):
    batch = make_batch(key, 1, [item("a")])
    body = {"records": [{"id": "s-1", "type": "settlement", "kiosk_id": "K0001",
                         "created_at": "x", "data": batch}]}
    r = signed_client.post("/v1/settlements", body)
    assert r.status_code == 200
    res = r.json()["results"][0]
    assert res["id"] == "s-1" and res["status"] == "stored" and res["code"] == 200
    r = signed_client.post("/v1/settlements", body)
    assert r.json()["results"][0]["status"] == "duplicate"
