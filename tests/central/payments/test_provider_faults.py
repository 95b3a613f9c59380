"""The provider misbehaves: lost replies, forged replies, outages. Never charged twice,
never assumed paid, never assumed failed."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from central.payments import keys, wechat_sign

PAY = "134567890123456780"
PAYING = "134567890123456786"


def charge(client: Any, code: str, tid: str) -> Any:
    return client.post("/v1/qr/charges", {"transaction_id": tid, "amount": 8000,
                                          "code": code, "description": "top-up"})


@pytest.mark.parametrize("fault", ["lost_reply", "bad_signature"])
def test_charged_but_reply_lost_is_found_by_query(client: Any, provider: Any, clock: Any,
                                                  fault: str) -> None:
    tid = str(uuid.uuid4())
    provider.inject(fault)
    assert charge(client, PAY, tid).json()["state"] == "unknown"  # not paid, not failed
    clock.now += 3
    assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "paid"
    assert len(provider.book.trades) == 1


def test_kiosk_retry_after_an_outage_continues_the_same_order(client: Any, provider: Any,
                                                              clock: Any) -> None:
    tid = str(uuid.uuid4())
    provider.inject("down")
    assert charge(client, PAY, tid).json()["state"] == "unknown"
    assert provider.book.trades == {}  # refused before processing: nothing taken
    provider.inject("down", 2)  # the retry (order again, then query) fails too
    assert charge(client, PAY, tid).json()["state"] == "unknown"
    assert charge(client, PAY, tid).json()["state"] == "paid"  # the same order
    assert len(provider.book.trades) == 1 and tid.replace("-", "") in provider.book.trades


def test_outage_until_the_deadline_ends_not_charged(client: Any, provider: Any,
                                                    clock: Any) -> None:
    tid = str(uuid.uuid4())
    provider.inject("down", 100)
    assert charge(client, PAY, tid).json()["state"] == "unknown"
    for _ in range(15):
        clock.now += 3
        assert client.get(f"/v1/qr/payments/{tid}").json()["state"] in ("unknown",
                                                                          "reversing")
    provider.inject("", 0)
    clock.now += 3
    body = client.get(f"/v1/qr/payments/{tid}").json()
    assert body["state"] == "failed" and body["reason"] == "timeout"  # reverse: no order
    assert provider.book.trades == {}


def test_reversal_during_an_outage_is_retried(client: Any, provider: Any, clock: Any) -> None:
    tid = str(uuid.uuid4())
    provider.book.script[PAYING] = "paying_forever"
    charge(client, PAYING, tid)
    clock.now += 46
    provider.inject("down", 2)  # the query and the first reversal fail
    assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "reversing"
    clock.now += 3
    assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "reversed"


def test_refund_during_an_outage_is_retried_with_the_same_refund_number(
        client: Any, provider: Any, clock: Any) -> None:
    tid = str(uuid.uuid4())
    charge(client, PAY, tid)
    provider.inject("lost_reply")  # refund done at the provider, reply lost
    body = client.post(f"/v1/qr/payments/{tid}/cancel", {"reason": "topup_failed"}).json()
    assert body["state"] == "refund_pending"
    clock.now += 3
    assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "refunded"
    assert len(provider.book.refunds) == 1


def test_sweep_moves_abandoned_payments(client: Any, provider: Any, clock: Any,
                                        qr: Any) -> None:
    tid = str(uuid.uuid4())
    provider.book.script[PAYING] = "paying_forever"
    charge(client, PAYING, tid)  # and the kiosk never asks again
    clock.now += 46
    assert qr.sweep() == 1
    assert qr.row(tid)["state"] == "reversed"


def test_signatures_and_resources(key_paths: dict[str, Path]) -> None:
    key = keys.private_key(key_paths["platform_key"])
    public = keys.public_key(key_paths["platform_public_key"])
    headers = wechat_sign.signed_headers(key, "S1", "{}", 1000)
    wechat_sign.verify_headers(public, "S1", headers, "{}", 1000)
    for body, serial, now in (("{ }", "S1", 1000), ("{}", "S2", 1000), ("{}", "S1", 1301)):
        with pytest.raises(wechat_sign.SignatureError):
            wechat_sign.verify_headers(public, serial, headers, body, now)
    api = keys.apiv3_key(key_paths["apiv3_key"])
    resource = wechat_sign.encrypt_resource(api, '{"a": 1}', "transaction")
    assert wechat_sign.decrypt_resource(api, resource) == '{"a": 1}'
    for change in ({"associated_data": "x"}, {"nonce": "000000000000"},
                   {"algorithm": "AES"}, {"ciphertext": "!!"}):
        with pytest.raises(wechat_sign.SignatureError):
            wechat_sign.decrypt_resource(api, {**resource, **change})


def test_key_files_are_checked(tmp_path: Path, key_paths: dict[str, Path]) -> None:
    (tmp_path / "short.key").write_text("abc")
    for call, path in ((keys.apiv3_key, tmp_path / "short.key"),
                       (keys.private_key, key_paths["platform_public_key"]),
                       (keys.public_key, tmp_path / "missing.pem")):
        with pytest.raises(keys.KeyFileError):
            call(path)
    with pytest.raises(keys.KeyFileError):
        keys.load_config(tmp_path / "short.key")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False)
    | st.text(max_size=24),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3), max_leaves=12)
bodies = st.fixed_dictionaries({}, optional={
    "transaction_id": json_values | st.uuids().map(str), "amount": json_values,
    "code": json_values | st.from_regex(r"1[0-5]\d{16}", fullmatch=True),
    "description": json_values, "reason": json_values})


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/v1/qr/charges", "/v1/qr/orders",
                             "/v1/qr/payments/x/cancel"]), body=bodies | json_values)
def test_any_body_is_a_clear_answer_never_a_500(client: Any, path: str, body: Any) -> None:
    reply = client.post(path, raw=json.dumps(body).encode())
    assert reply.status_code < 500 or reply.json().get("error") == "provider_unavailable"
    assert isinstance(reply.json(), dict)


def test_kiosk_record_without_delivery_refunds_the_paid_payment(
        client: Any, qr: Any, provider: Any, record: Any, txn: Any) -> None:
    kept, dropped = str(uuid.uuid4()), str(uuid.uuid4())
    charge(client, PAY, kept)
    charge(client, "134567890123456781", dropped)
    records = [record(kept, txn(kept, 8000, method="qr", cash=0)),
               record(dropped, txn(dropped, 0, method="qr", cash=0, status="cancelled"))]
    reply = client.post("/v1/transactions", {"records": records})
    assert [r["status"] for r in reply.json()["results"]] == ["stored", "stored"]
    assert qr.sweep() == 1
    assert qr.row(kept)["state"] == "paid"
    assert qr.row(dropped)["state"] == "refunded"
    assert qr.row(dropped)["reason"] == "not_delivered:cancelled"
    assert qr.sweep() == 0
