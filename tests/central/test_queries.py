"""Billers, bills and mobile look-ups from the seeded demo data."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from central import catalog


def test_biller_fields(client):
    body = client.get("/v1/billers").json()
    assert body["version"]
    grid = next(b for b in body["billers"] if b["code"] == "STATE_GRID")
    assert grid["account_length"] == 10 and grid["check_digit"] == "luhn"
    water = next(b for b in body["billers"] if b["code"] == "CITY_WATER")
    assert water["allow_offline_cash"] is True and water["check_digit"] is None
    for b in body["billers"]:
        assert isinstance(b["fee"]["value"], int) and isinstance(b["commission_bp"], int)


def test_bill_lookup(client):
    r = client.get("/v1/bills/STATE_GRID/1000000016")
    assert r.status_code == 200, r.text
    bill = r.json()
    assert bill["amount_due"] == 12850 and bill["currency"] == "CNY"
    assert "*" in bill["customer_name_masked"]
    assert client.get("/v1/bills/STATE_GRID/1000000017").json()["error"] == "invalid_account"
    assert client.get("/v1/bills/STATE_GRID/1000000040").status_code == 404  # valid, unknown
    assert client.get("/v1/bills/NOPE/123").json()["error"] == "unknown_biller"
    assert client.get("/v1/bills/CITY_WATER/123").status_code == 422


def test_mobile_lookup(client):
    assert client.get("/v1/mobile/13800138000").json()["operator"] == "China Mobile"
    assert client.get("/v1/mobile/18600001111").json()["operator"] == "China Unicom"
    assert client.get("/v1/mobile/18912345678").json()["operator"] == "China Telecom"
    assert client.get("/v1/mobile/13800000000").json()["topup_allowed"] is False
    assert client.get("/v1/mobile/12345678901").status_code == 404
    r = client.get("/v1/mobile/138")
    assert r.status_code == 422 and r.json()["error"] == "invalid_msisdn"


def test_luhn_known_values():
    assert catalog.luhn_ok("79927398713")
    assert not catalog.luhn_ok("79927398710")


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_luhn_check_digit_always_validates(digits):
    assert catalog.luhn_ok(digits + catalog.luhn_check_digit(digits))


def test_operator_prefixes_match_the_kiosk(client):
    """Every prefix the kiosk sells is known to the server with the same operator."""
    from central.catalog import OPERATOR_PREFIXES as SERVER
    from kiosk.rules.catalog import OPERATOR_PREFIXES as KIOSK
    assert {op: sorted(p) for op, p in SERVER.items()} == \
        {op: sorted(p) for op, p in KIOSK.items()}
    for number, operator in (("17212345678", "China Mobile"), ("19512345678", "China Mobile"),
                             ("19712345678", "China Mobile"), ("17112345678", "China Unicom"),
                             ("19612345678", "China Unicom"), ("19012345678", "China Telecom"),
                             ("19112345678", "China Telecom"), ("19312345678", "China Telecom")):
        r = client.get(f"/v1/mobile/{number}")
        assert r.status_code == 200 and r.json()["operator"] == operator, (number, r.text)
    assert client.get("/v1/mobile/19212345678").status_code == 404  # Broadnet: not sold
