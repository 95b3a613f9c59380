"""Dynamic QR (native orders): notifications before/after the kiosk's query, expiry,
late payment after close -> automatic refund, forged notifications."""

from __future__ import annotations

import json
import uuid
from typing import Any

import requests

from central.payments import wechat_sign


def order(client: Any, tid: str, amount: int = 5000) -> Any:
    return client.post("/v1/qr/orders", {"transaction_id": tid, "amount": amount,
                                         "description": "电费 STATE_GRID"})


def no(tid: str) -> str:
    return tid.replace("-", "")


def test_order_shows_a_code_url_with_countdown(client: Any) -> None:
    tid = str(uuid.uuid4())
    body = order(client, tid).json()
    assert body["state"] == "awaiting" and body["next_step"] == "scan_with_phone"
    assert body["code_url"].startswith("weixin://wxpay/bizpayurl?pr=")
    assert body["expires_in"] == 120
    again = order(client, tid).json()  # a retry returns the same order
    assert again["code_url"] == body["code_url"]


def test_notification_before_the_kiosk_query(client: Any, provider: Any) -> None:
    tid = str(uuid.uuid4())
    order(client, tid)
    provider.book.customer_pays(no(tid))
    assert provider.deliver() == [204]
    assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "paid"
    assert provider.book.trades[no(tid)].queries == 0  # the notification was enough


def test_notification_after_the_kiosk_query(client: Any, provider: Any, clock: Any) -> None:
    tid = str(uuid.uuid4())
    order(client, tid)
    provider.book.customer_pays(no(tid))
    clock.now += 3  # the kiosk polls; the server queries (the notification is late)
    assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "paid"
    assert provider.deliver() == [204]  # then it arrives: accepted, nothing changes
    assert provider.deliver() == []
    assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "paid"


def test_resent_notification_is_applied_once(client: Any, provider: Any, qr: Any) -> None:
    tid = str(uuid.uuid4())
    order(client, tid)
    provider.book.customer_pays(no(tid))
    provider.outbox.append(dict(provider.outbox[0]))
    assert provider.deliver() == [204, 204]
    assert len(qr.db.query("SELECT * FROM qr_notifications")) == 1


def test_expired_order_is_closed(client: Any, clock: Any, provider: Any) -> None:
    tid = str(uuid.uuid4())
    order(client, tid)
    clock.now += 121
    body = client.get(f"/v1/qr/payments/{tid}").json()
    assert body["state"] == "closed" and body["reason"] == "expired"
    assert provider.book.trades[no(tid)].state == "CLOSED"


def test_late_payment_after_close_is_refunded(client: Any, clock: Any, provider: Any) -> None:
    tid = str(uuid.uuid4())
    order(client, tid)
    clock.now += 121
    assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "closed"
    provider.book.customer_pays(no(tid), even_if_closed=True)
    assert provider.deliver() == [204]
    body = client.get(f"/v1/qr/payments/{tid}").json()
    assert body["state"] == "refunded" and body["reason"] == "paid_after_close"
    assert body["refunded"] == 5000
    assert provider.book.trades[no(tid)].state == "REFUND"


def test_paid_at_the_moment_of_close_counts_as_paid(client: Any, clock: Any,
                                                    provider: Any) -> None:
    tid = str(uuid.uuid4())
    order(client, tid)
    provider.book.customer_pays(no(tid))  # notification not delivered yet
    clock.now += 121
    assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "paid"  # ORDERPAID


def test_customer_cancel_closes_the_order(client: Any, provider: Any) -> None:
    tid = str(uuid.uuid4())
    order(client, tid)
    body = client.post(f"/v1/qr/payments/{tid}/cancel", {"reason": "customer"}).json()
    assert body["state"] == "closed"
    assert provider.book.trades[no(tid)].state == "CLOSED"


def test_forged_or_stale_notification_is_refused(server: Any, provider: Any, clock: Any,
                                                 client: Any) -> None:
    url = f"{server[0]}/v1/qr/notify/wechat"
    tid = str(uuid.uuid4())
    order(client, tid)
    provider.book.customer_pays(no(tid))
    item = provider.outbox.pop()
    body = item["body"]
    good = wechat_sign.signed_headers(provider.platform_key, provider.platform_serial, body,
                                      int(clock()))
    tampered = body.replace('"summary": "支付成功"', '"summary": "x"')
    assert requests.post(url, data=tampered.encode(), headers=good, timeout=5).status_code == 401
    stale = wechat_sign.signed_headers(provider.platform_key, provider.platform_serial, body,
                                       int(clock()) - 600)
    reply = requests.post(url, data=body.encode(), headers=stale, timeout=5)
    assert reply.status_code == 401 and reply.json()["code"] == "FAIL"
    envelope = json.loads(body)
    envelope["resource"]["ciphertext"] = envelope["resource"]["ciphertext"][:-4] + "AAAA"
    forged = json.dumps(envelope)
    headers = wechat_sign.signed_headers(provider.platform_key, provider.platform_serial,
                                         forged, int(clock()))
    assert requests.post(url, data=forged.encode(), headers=headers,
                         timeout=5).status_code == 401
    assert requests.post(url, data=b"not json", headers={}, timeout=5).status_code == 401
    assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "awaiting"
