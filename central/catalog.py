"""Seeded demo data for queries: billers, open bills, mobile number ranges.

Static on purpose: the reference server exists so the kiosk can be exercised end to end;
the values (Luhn-checked electricity accounts, number prefixes of the three Chinese
operators) are realistic enough to drive validation paths on the kiosk.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from central.errors import ApiError
from protocol.mobile import OPERATOR_BY_PREFIX, OPERATOR_PREFIXES  # noqa: F401 (re-export)
from protocol.vouchers import luhn_digit as luhn_check_digit  # the same Luhn digit

CATALOG_VERSION = "2026.11-demo"


def luhn_ok(number: str) -> bool:
    return (len(number) > 1 and number.isascii() and number.isdigit()
            and luhn_check_digit(number[:-1]) == number[-1])


BILLERS: list[dict[str, Any]] = [
    {"code": "STATE_GRID", "name_zh": "国家电网", "name_en": "State Grid Electricity",
     "account_pattern": r"^\d{10}$", "account_length": 10, "check_digit": "luhn",
     "allow_overpay": True, "allow_offline_cash": False,
     "fee": {"type": "fixed", "value": 0}, "commission_bp": 30},
    {"code": "CITY_WATER", "name_zh": "市自来水公司", "name_en": "City Water",
     "account_pattern": r"^\d{8}$", "account_length": 8, "check_digit": None,
     "allow_overpay": False, "allow_offline_cash": True,
     "fee": {"type": "fixed", "value": 100}, "commission_bp": 50},
    {"code": "CHINA_MOBILE_BB", "name_zh": "中国移动宽带", "name_en": "China Mobile Broadband",
     "account_pattern": r"^\d{12}$", "account_length": 12, "check_digit": None,
     "allow_overpay": False, "allow_offline_cash": False,
     "fee": {"type": "percent", "value": 100}, "commission_bp": 80},
    {"code": "CITY_GAS", "name_zh": "城市燃气", "name_en": "City Gas",
     "account_pattern": r"^\d{9}$", "account_length": 9, "check_digit": None,
     "allow_overpay": True, "allow_offline_cash": False,
     "fee": {"type": "fixed", "value": 0}, "commission_bp": 40},
]
BILLERS_BY_CODE = {b["code"]: b for b in BILLERS}


def _grid(base: str) -> str:
    return base + luhn_check_digit(base)


# (biller, account) -> (masked customer name, amount due in fen, due date)
BILLS: dict[tuple[str, str], tuple[str, int, str]] = {
    ("STATE_GRID", _grid("100000001")): ("张*", 12850, "2026-12-15"),
    ("STATE_GRID", _grid("100000002")): ("李*明", 30000, "2026-12-15"),
    ("STATE_GRID", _grid("200000003")): ("王**", 0, "2026-12-20"),
    ("CITY_WATER", "20260001"): ("赵*", 4560, "2026-12-10"),
    ("CITY_WATER", "20260002"): ("钱*华", 8800, "2026-12-10"),
    ("CHINA_MOBILE_BB", "550000000001"): ("孙*", 9900, "2026-12-05"),
    ("CITY_GAS", "300000001"): ("周*", 6420, "2026-12-18"),
    ("CITY_GAS", "300000002"): ("吴*强", 15075, "2026-12-18"),
}


def billers() -> dict[str, Any]:
    return {"version": CATALOG_VERSION, "billers": BILLERS}


def bill(biller: str, account: str) -> dict[str, Any]:
    """The open bill; 404 unknown biller/account, 422 when the account fails validation."""
    spec = BILLERS_BY_CODE.get(biller)
    if spec is None:
        raise ApiError(404, "unknown_biller", f"no biller {biller!r}")
    if not re.fullmatch(spec["account_pattern"], account, re.ASCII):
        raise ApiError(422, "invalid_account",
                       f"{biller} accounts have {spec['account_length']} digits")
    if spec["check_digit"] == "luhn" and not luhn_ok(account):
        raise ApiError(422, "invalid_account", "check digit does not match")
    found = BILLS.get((biller, account))
    if found is None:
        raise ApiError(404, "unknown_account", f"no open bill for {biller} account {account}")
    name, due, due_date = found
    return {"biller": biller, "account": account, "customer_name_masked": name,
            "amount_due": due, "currency": "CNY", "due_date": due_date,
            "bill_id": f"B-{biller}-{account}-{due_date.replace('-', '')}"}


def mobile(msisdn: str) -> dict[str, Any]:
    """Operator lookup by prefix; numbers ending in 0000 are demo suspended lines."""
    if not re.fullmatch(r"1[0-9]{10}", msisdn):
        raise ApiError(422, "invalid_msisdn", "a mainland mobile number has 11 digits, "
                                              "starting with 1")
    operator = OPERATOR_BY_PREFIX.get(msisdn[:3])
    if operator is None:
        raise ApiError(404, "unknown_operator", f"no operator for prefix {msisdn[:3]}")
    balance = int.from_bytes(hashlib.sha256(msisdn.encode()).digest()[:2], "big") % 10000
    return {"msisdn": msisdn, "operator": operator,
            "topup_allowed": not msisdn.endswith("0000"), "balance": balance}
