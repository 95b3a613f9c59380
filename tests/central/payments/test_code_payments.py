"""Scanned payment codes (micropay) through the real server and the provider emulator."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

PAY = "134567890123456780"        # last digit 0: success
PAYING = "134567890123456786"     # 6: user paying, then success
FOREVER = "134567890123456787"    # 7: user paying until reversed
POOR = "134567890123456788"       # 8: NOTENOUGH
UNSURE = "134567890123456789"     # 9: SYSTEMERROR, then success


def charge(client: Any, code: str, amount: int = 8000, tid: str | None = None) -> Any:
    return client.post("/v1/qr/charges", {"transaction_id": tid or str(uuid.uuid4()),
                                          "amount": amount, "code": code,
                                          "description": "话费充值 138****8000"})


def test_success(client: Any, provider: Any) -> None:
    reply = charge(client, PAY)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["state"] == "paid" and body["wallet"] == "wechat" and body["amount"] == 8000
    assert PAY not in reply.text
    trade = next(iter(provider.book.trades.values()))
    assert trade.amount == 8000 and len(trade.out_trade_no) == 32


def test_user_paying_then_success(client: Any, clock: Any) -> None:
    tid = str(uuid.uuid4())
    first = charge(client, PAYING, tid=tid).json()
    assert first["state"] == "user_paying" and first["next_step"] == "confirm_on_phone"
    assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "user_paying"  # too soon
    clock.now += 3
    assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "user_paying"
    clock.now += 3
    assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "paid"


def test_user_paying_then_timeout_is_reversed(client: Any, clock: Any, provider: Any) -> None:
    tid = str(uuid.uuid4())
    assert charge(client, FOREVER, tid=tid).json()["state"] == "user_paying"
    for _ in range(14):
        clock.now += 3
        assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "user_paying"
    clock.now += 4  # 45 s after the charge
    body = client.get(f"/v1/qr/payments/{tid}").json()
    assert body["state"] == "reversed" and body["reason"] == "timeout"
    assert next(iter(provider.book.trades.values())).state == "REVOKED"


def test_decline_says_why_and_what_next(client: Any) -> None:
    body = charge(client, POOR).json()
    assert body["state"] == "failed" and body["reason"] == "insufficient_balance"
    assert body["next_step"] == "try_another_method"


def test_unknown_outcome_is_queried_not_assumed(client: Any, clock: Any) -> None:
    tid = str(uuid.uuid4())
    assert charge(client, UNSURE, tid=tid).json()["state"] == "unknown"
    clock.now += 3
    assert client.get(f"/v1/qr/payments/{tid}").json()["state"] == "paid"


def test_same_code_scanned_twice_is_refused_before_the_provider(client: Any,
                                                                provider: Any) -> None:
    assert charge(client, PAY).json()["state"] == "paid"
    again = charge(client, PAY)
    assert again.status_code == 409 and again.json()["error"] == "code_used"
    assert len(provider.book.trades) == 1


def test_retry_of_the_same_charge_never_charges_twice(client: Any, provider: Any) -> None:
    tid = str(uuid.uuid4())
    assert charge(client, PAY, tid=tid).json()["state"] == "paid"
    assert charge(client, PAY, tid=tid).json()["state"] == "paid"
    assert len(provider.book.trades) == 1 and len(provider.book.used_codes) == 1
    other = charge(client, PAY, amount=9000, tid=tid)
    assert other.status_code == 409 and other.json()["error"] == "conflict"


def test_a_code_already_used_at_the_provider_fails_with_refresh_advice(
        client: Any, provider: Any) -> None:
    provider.book.used_codes.add(PAY)  # used at another merchant a moment ago
    body = charge(client, PAY).json()
    assert body["state"] == "failed" and body["reason"] == "code_used"


@pytest.mark.parametrize(("field", "value", "error"), [
    ("code", "281234567890123456", "wallet_not_accepted"),   # Alipay, not configured
    ("code", "12ab", "invalid_field"),
    ("amount", 12.5, "invalid_field"),
    ("amount", 0, "invalid_field"),
    ("transaction_id", "x" * 40, "invalid_field"),
])
def test_bad_input_is_a_clear_error(client: Any, field: str, value: Any, error: str) -> None:
    body = {"transaction_id": str(uuid.uuid4()), "amount": 100, "code": PAY}
    body[field] = value
    reply = client.post("/v1/qr/charges", body)
    assert reply.status_code == 422 and reply.json()["error"] == error


def test_another_kiosk_sees_nothing(client: Any, server: Any) -> None:
    tid = str(uuid.uuid4())
    charge(client, PAY, tid=tid)
    secret = bytes.fromhex(server[1].add_kiosk("K0002"))
    reply = client.get(f"/v1/qr/payments/{tid}", secret=secret, kiosk_id="K0002")
    assert reply.status_code == 403


def test_paid_but_undeliverable_is_refunded_to_the_wallet(client: Any, provider: Any) -> None:
    tid = str(uuid.uuid4())
    charge(client, PAY, tid=tid)
    body = client.post(f"/v1/qr/payments/{tid}/cancel", {"reason": "topup_failed"}).json()
    assert body["state"] == "refunded" and body["refunded"] == 8000
    again = client.post(f"/v1/qr/payments/{tid}/cancel", {"reason": "topup_failed"}).json()
    assert again["state"] == "refunded" and len(provider.book.refunds) == 1


def test_code_is_logged_masked_only(client: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    charge(client, PAY)
    assert PAY not in caplog.text and "13************6780" in caplog.text
