"""Every bad input of issue 16's list: a 4xx with a stable error code, nothing stored."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest


def _bad_record(client: Any, server: Any, rec: dict[str, Any]) -> dict[str, Any]:
    r = client.post("/v1/transactions", {"records": [rec]})
    assert r.status_code == 422, r.text
    [res] = r.json()["results"]
    assert res["status"] == "invalid" and res["code"] == 422
    assert server[1].record_count() == 0 and server[1].transactions() == []
    return dict(res)


@pytest.mark.parametrize("field,value,why", [
    ("total", 10**15, "between"), ("gross", 10**15, "between"),
    ("currency", "XXX", "ISO 4217"), ("currency", "C" * 200, "ISO 4217"),
    ("currency", None, "ISO 4217"),
    ("completed_at", "yesterday", "RFC 3339"), ("completed_at", "2025-11-24 10:00", "RFC 3339"),
    ("completed_at", "2025-11-24T10:00:00", "RFC 3339"),  # no zone
    ("completed_at", "２０２５-11-24T10:00:00Z", "RFC 3339"),  # fullwidth digits
    ("business_date", "2025-02-30", "calendar"), ("account", "１３８００１３８０００", "allowed"),
    ("card_info", {"masked_pan": "6222020000001234567"}, "card number"),
    ("seq", 1.5, "integer"), ("notes", {"abc": 1}, "denominations"),
])
def test_bad_transaction_fields(client, server, record, txn, field, value, why):
    data = txn("t-1")
    data[field] = value
    assert why in _bad_record(client, server, record("t-1", data))["error"]


@pytest.mark.parametrize("over,why", [
    ({"total": 10001}, "gross + fee"),                       # total != gross + fee
    ({"cash": 5000}, "cover the total"),                     # parts short of the total
    ({"cash": 20000}, "voucher"),                            # overpaid, no change voucher
    ({"commission": 20000}, "commission"),
    ({"status": "cancelled"}, "no amounts"),
    ({"status": "reversed"}, "sold nothing"),
    ({"status": "credited", "gross": 0, "total": 100, "cash": 10000}, "credit covers"),
])
def test_money_that_does_not_add_up(client, server, record, txn, over, why):
    data = {**txn("t-1"), **over}
    assert why in _bad_record(client, server, record("t-1", data))["error"]


def test_unknown_type_and_empty_status_record(client, server, record):
    assert "unknown record type" in _bad_record(client, server, record("r-1", {}, "gift"))[
        "error"]
    assert "transaction_id" in _bad_record(client, server,
                                           record("r-2", {}, "transaction_status"))["error"]


@pytest.mark.parametrize("rid", ["a" * 129, "", "t 1", "t/1", "ｔ1"])
def test_bad_ids(client, server, record, txn, rid):
    res = _bad_record(client, server, record(rid, txn(rid)))
    assert res["id"] is None  # a malformed id is never echoed back


@pytest.mark.parametrize("raw", [
    b"[" * 100_000 + b"]" * 100_000,                             # RecursionError before
    b'{"records": [{"id": "\\ud800", "type": "audit", "data": {}}]}',   # lone surrogate id
    b'{"records": [{"id": "a", "type": "audit", "data": {"x": "\\udfff"}}]}',
    b'{"records": [{"id": "a\\u0000", "type": "audit", "data": {}}]}',  # NUL
    b'{"records": [{"id": "a\\u202e", "type": "audit", "data": {}}]}',  # RTL override
    b'{"records": [{"id": "a", "type": "audit", "data": ' + b'{"a": ' * 40 + b"1"
    + b"}" * 40 + b"}]}",
])
def test_hostile_json_is_400_malformed(client, server, raw):
    r = client.post("/v1/transactions", raw=raw)
    assert r.status_code == 400 and r.json()["error"] == "malformed_json", r.text
    assert server[1].record_count() == 0


JSON_ENDPOINTS = ["/v1/kiosks/K0001/heartbeat", "/v1/kiosks/K0001/commands/x/result",
                  "/v1/settlements", "/v1/vouchers/balance", "/v1/vouchers/reserve",
                  "/v1/vouchers/redeem",
                  "/v1/vouchers/release", "/v1/qr/charges", "/v1/qr/orders",
                  "/v1/qr/payments/t-1/cancel", "/v1/kiosks/K0001/update-report"]


def test_every_json_endpoint_answers_hostile_json_with_400(client, server):
    """Deep nesting (a RecursionError in json.loads), lone surrogates, NaN, bad UTF-8: a
    clear 400 ``malformed_json`` on every endpoint that takes a JSON body, never a 500."""
    hostile = (b'{"ok": true, "detail": "\\ud800"}', b"[" * 50_000 + b"]" * 50_000,
               b'{"code": ' + b'{"a": ' * 40 + b"1" + b"}" * 40 + b"}", b'{"amount": NaN}',
               b'{"code": "\xff"}')
    for path in JSON_ENDPOINTS:
        for raw in hostile:
            r = client.post(path, raw=raw)
            assert r.status_code == 400, (path, raw[:20], r.status_code, r.text)
            assert r.json()["error"] == "malformed_json", (path, r.text)
    assert server[1].record_count() == 0


def test_heartbeat_cannot_set_the_servers_time(client, server, clock):
    r = client.post("/v1/kiosks/K0001/heartbeat", {"at": 1, "version": "1"})
    assert r.status_code == 200
    [k] = server[1].kiosks()
    assert k["last_heartbeat"]["at"] == clock.now and k["last_heartbeat"]["kiosk_at"] == 1
    assert client.post("/v1/kiosks/K0001/heartbeat",
                       {"x": "y" * 70_000}).status_code == 413


@pytest.mark.parametrize("path", ["/v1/mobile/１３８００１３８０００",
                                  "/v1/bills/CITY_WATER/２０２６０００１"])
def test_fullwidth_digits_are_not_digits(client, path):
    r = client.get(quote(path))  # signed as sent: percent-encoded UTF-8
    assert r.status_code == 422 and r.json()["error"] in ("invalid_msisdn", "invalid_account")


def test_a_valid_record_of_each_kind_is_stored(client, server, record, txn):
    """The strict checks still take what the kiosk really sends."""
    recs = [record("t-1", txn("t-1")),
            record("t-2", txn("t-2", total=8000, cash=10000, voucher_code="V-0001-AB")),
            record("t-3", txn("t-3", total=0, status="cancelled", cash=0, notes={})),
            record("t-4", {**txn("t-4", cash=3000), "gross": 0, "total": 3000,
                           "status": "credited"}),
            record("s-1", {"transaction_id": "t-1", "status": "paying", "detail": "",
                           "at": "2025-11-24T10:00:00Z"}, "transaction_status"),
            record("a-1", {"user": "tech", "role": "technician", "action": "cash.collect",
                           "detail": {"n": 1.5}, "at": "2025-11-24T10:00:00.123456Z"}, "audit"),
            record("c-1", {"collection_id": "c-1", "expected": {"10000": 2},
                           "counted": {"10000": 2}, "expected_total": 20000,
                           "counted_total": 20000, "difference": 0, "batch_no": 3,
                           "at": "2025-11-24T10:00:00+08:00"}, "cash_collection")]
    r = client.post("/v1/transactions", {"records": recs})
    assert r.status_code == 200, r.text
    assert server[1].record_count() == len(recs)


def test_json_of_every_record_is_echoed_only_when_clean(client, record, txn):
    """An invalid record's reply never carries the hostile text back."""
    data = txn("t-1", account="x" * 65)
    r = client.post("/v1/transactions", {"records": [record("t-1", data)]})
    assert "x" * 65 not in json.dumps(r.json())
