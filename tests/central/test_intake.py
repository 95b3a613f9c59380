"""POST /v1/transactions: at most once per id, per-item results, JSON errors for junk."""

from __future__ import annotations

import json

import pytest


def test_store_then_duplicate_then_conflict(client, server, record, txn):
    _, admin = server
    rec = record("t-1", txn("t-1"))
    r = client.post("/v1/transactions", {"records": [rec]})
    assert r.status_code == 200, r.text
    first = r.json()["results"][0]
    assert first["status"] == "stored" and first["code"] == 200
    again = client.post("/v1/transactions", {"records": [{**rec, "created_at": "later"}]})
    assert again.status_code == 200
    assert again.json()["results"][0]["status"] == "duplicate"
    assert again.json()["results"][0]["received_at"] == first["received_at"]
    changed = record("t-1", txn("t-1", total=5000))
    r = client.post("/v1/transactions", {"records": [changed]})
    assert r.status_code == 422 and r.json()["results"][0]["status"] == "conflict"
    assert admin.record_count() == 1
    assert admin.transactions()[0]["total"] == 10000


def test_mixed_batch_is_207_with_per_item_codes(client, record, txn):
    client.post("/v1/transactions", {"records": [record("a", txn("a"))]})
    batch = [record("a", txn("a", total=1)), record("b", txn("b")),
             record("c", {"user": "x"}, rtype="audit"), record("d", txn("x"))]
    r = client.post("/v1/transactions", {"records": batch})
    assert r.status_code == 207
    got = {x["id"]: (x["status"], x["code"]) for x in r.json()["results"]}
    assert got == {"a": ("conflict", 422), "b": ("stored", 200), "c": ("stored", 200),
                   "d": ("invalid", 422)}


def test_ids_are_per_kiosk(client, server, kiosk_client, record, txn):
    """K0002 using K0001's id first neither blocks K0001 nor learns its received_at."""
    admin = server[1]
    other = kiosk_client("K0002")
    r = other.post("/v1/transactions", {"records": [record("t-1", txn("t-1", total=1),
                                                           kiosk_id="K0002")]})
    assert r.json()["results"][0]["status"] == "stored"
    mine = client.post("/v1/transactions", {"records": [record("t-1", txn("t-1"))]})
    assert mine.status_code == 200 and mine.json()["results"][0]["status"] == "stored"
    again = other.post("/v1/transactions", {"records": [record("t-1", txn("t-1", total=1),
                                                               kiosk_id="K0002")]})
    assert again.json()["results"][0]["status"] == "duplicate"
    assert {(t["kiosk_id"], t["total"]) for t in admin.transactions()} == {
        ("K0001", 10000), ("K0002", 1)}


def test_the_same_id_twice_in_one_batch_is_stored_once(client, server, record, txn):
    rec = record("t-2", txn("t-2"))
    r = client.post("/v1/transactions", {"records": [rec, rec]})
    assert [x["status"] for x in r.json()["results"]] == ["stored", "duplicate"]
    assert server[1].record_count() == 1


def test_record_for_another_kiosk_is_forbidden(client, record, txn):
    r = client.post("/v1/transactions", {"records": [record("z", txn("z"), kiosk_id="K2")]})
    assert r.status_code == 403 and r.json()["results"][0]["status"] == "forbidden"


@pytest.mark.parametrize("field,value", [
    ("total", 100.5), ("total", "100"), ("total", True), ("total", -1), ("status", "paid"),
    ("gross", None), ("method", "bitcoin")])
def test_wrong_types_are_invalid_items(client, field, value, record, txn):
    data = txn("w")
    data[field] = value
    r = client.post("/v1/transactions", {"records": [record("w", data)]})
    assert r.status_code == 422
    res = r.json()["results"][0]
    assert res["status"] == "invalid" and field in res["error"]


@pytest.mark.parametrize("raw,code,error", [
    (b"{not json", 400, "malformed_json"),
    (b"\xff\xfe", 400, "malformed_json"),
    (b'{"records": NaN}', 400, "malformed_json"),
    (b"[]", 422, "invalid_field"),
    (b'{"records": "x"}', 422, "invalid_body"),
    (b'{"records": []}', 422, "invalid_body"),
    (b'{"records": [1, null, "x"]}', 422, None),
    (b"", 400, "malformed_json"),
])
def test_malformed_bodies_are_json_4xx(client, raw, code, error):
    r = client.post("/v1/transactions", raw=raw)
    assert r.status_code == code, r.text
    body = r.json()
    if error:
        assert body["error"] == error
    else:
        assert all(x["status"] == "invalid" for x in body["results"])


def test_oversized_body_is_413(client, record, txn):
    big = json.dumps({"records": [record("b", txn("b", account="9" * 3_000_000))]}).encode()
    r = client.post("/v1/transactions", raw=big)
    assert r.status_code == 413 and r.json()["error"] == "body_too_large"


def test_too_many_records(client):
    recs = [{"id": str(i), "type": "audit", "data": {}} for i in range(1001)]
    r = client.post("/v1/transactions", {"records": recs})
    assert r.status_code == 413


def test_unknown_route_and_method_are_json(client):
    r = client.get("/v1/nothing")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    r = client.session.delete(client.base_url + "/v1/billers", timeout=5)
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"
