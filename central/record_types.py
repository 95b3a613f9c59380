"""What each record type sent to ``POST /v1/transactions`` must hold.

Only a known type is stored: an unknown one is ``invalid``, never acknowledged and then
ignored. Another module adds its type with ``RECORD_TYPES["name"] = checker`` (a function
``(record_id, data, path) -> None`` raising ``validation.invalid``).

Money in a ``transaction`` record, by status (the kiosk's own rules, kiosk/ledger_final):

- ``completed``: ``total = gross + fee``, ``gross >= 1``, ``commission <= gross``; the parts
  paid (``cash + card + voucher``) cover the total, and any excess was issued as change
  voucher, so an excess needs a ``voucher_code``; with method ``qr`` the wallet pays the
  rest (its amount is in ``qr_payments``, checked by the three-way reconciliation);
- ``credited`` / ``reversed`` / ``failed``: nothing sold (``gross = fee = commission = 0``);
  ``total`` is the credit issued, at least the cash and vouchers paid in, and no card money
  is counted (``card = 0``);
- ``cancelled``: nothing paid, every amount 0.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from central import validation as v

Checker = Callable[[str, dict[str, Any], str], None]

TXN_STATUSES = frozenset({"completed", "credited", "reversed", "failed", "cancelled"})
METHODS = frozenset({"cash", "card", "voucher", "mixed", "qr"})  # qr: central/payments
PARTS = ("cash", "card", "voucher")
ACCOUNT = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)
DENOMINATION = re.compile(r"[1-9][0-9]{0,9}", re.ASCII)
PAN_LIKE = re.compile(r"[0-9]{13,}", re.ASCII)
VOUCHER_CODE = re.compile(r"[A-Za-z0-9-]{4,64}", re.ASCII)


def transaction(rid: str, d: dict[str, Any], path: str) -> None:
    if d.get("transaction_id") != rid:
        raise v.invalid(f"{path}.transaction_id", "must equal the record id")
    status = v.code_field(d, "status", path, choices=TXN_STATUSES)
    gross, fee, total = (v.money(d, k, path) for k in ("gross", "fee", "total"))
    commission = v.money(d, "commission", path, required=False)
    parts = {k: v.money(d, k, path, required=False) for k in PARTS}
    paid = sum(parts.values())
    v.int_field(d, "seq", path, required=False, maximum=2**53)
    v.currency_field(d, "currency", path)
    v.code_field(d, "method", path, required=False, choices=METHODS)
    v.code_field(d, "service", path, required=False)
    v.code_field(d, "biller", path, required=False)
    v.str_field(d, "account", path, required=False, max_len=64, pattern=ACCOUNT)
    code = v.str_field(d, "voucher_code", path, required=False, pattern=VOUCHER_CODE)
    v.date_field(d, "business_date", path, required=False)
    v.time_field(d, "created_at", path, required=False)
    v.time_field(d, "completed_at", path, required=status != "cancelled")
    _notes(d.get("notes"), f"{path}.notes")
    _card_info(d.get("card_info"), f"{path}.card_info")
    if status == "completed":
        if total != gross + fee:
            raise v.invalid(f"{path}.total", "must equal gross + fee")
        if gross < 1:
            raise v.invalid(f"{path}.gross", "a completed sale has a gross amount")
        if commission > gross:
            raise v.invalid(f"{path}.commission", "cannot exceed gross")
        if paid < total and d.get("method") != "qr":  # a wallet pays what the parts don't
            raise v.invalid(f"{path}.cash", "cash + card + voucher must cover the total")
        if paid > total and not code:
            raise v.invalid(f"{path}.voucher_code", "an overpayment is issued as a voucher")
    elif status == "cancelled":
        if gross or fee or commission or total or paid:
            raise v.invalid(f"{path}.total", "a cancelled transaction has no amounts")
    else:
        if gross or fee or commission:
            raise v.invalid(f"{path}.gross", f"a {status} transaction sold nothing")
        if parts["card"]:
            raise v.invalid(f"{path}.card", f"no card money is taken when {status}")
        if total < paid:
            raise v.invalid(f"{path}.total", "the credit covers what was paid in")


def _notes(notes: Any, path: str) -> None:
    if notes is None:
        return
    if not isinstance(notes, dict) or len(notes) > 32:
        raise v.invalid(path, "must be an object of at most 32 denominations")
    for denom, count in notes.items():
        if not DENOMINATION.fullmatch(denom):
            raise v.invalid(path, "denominations are positive integers in minor units")
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 10_000:
            raise v.invalid(f"{path}.{denom}", "must be a count between 0 and 10000")


def _card_info(info: Any, path: str) -> None:
    """Masked card details only: a value that could be a full card number is refused."""
    if info is None:
        return
    if not isinstance(info, dict) or len(info) > 16:
        raise v.invalid(path, "must be an object of at most 16 fields")
    for key, value in info.items():
        if not v.CODE.fullmatch(key):
            raise v.invalid(path, "field names are [A-Za-z0-9_]")
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str) or len(value) > 64 or not v.clean_text(value):
            raise v.invalid(f"{path}.{key}", "must be short clean text")
        if PAN_LIKE.search(value.replace(" ", "").replace("-", "")):
            raise v.invalid(f"{path}.{key}", "looks like a full card number")


def transaction_reversal(_: str, d: dict[str, Any], path: str) -> None:
    v.id_field(d, "transaction_id", path)
    v.money(d, "amount", path)
    v.int_field(d, "receipt_no", path, required=False, maximum=2**53)
    v.str_field(d, "reason", path, required=False, max_len=1024)
    v.time_field(d, "at", path, required=False)


def transaction_status(_: str, d: dict[str, Any], path: str) -> None:
    v.id_field(d, "transaction_id", path)
    v.code_field(d, "status", path)
    v.time_field(d, "at", path)
    v.str_field(d, "detail", path, required=False, max_len=1024)


def voucher(_: str, d: dict[str, Any], path: str) -> None:
    v.str_field(d, "code", path, pattern=VOUCHER_CODE)
    v.money(d, "amount", path)
    v.currency_field(d, "currency", path)
    v.code_field(d, "status", path)
    v.id_field(d, "transaction_id", path, required=False)
    v.time_field(d, "at", path)


def audit(_: str, d: dict[str, Any], path: str) -> None:
    v.str_field(d, "user", path, required=False, max_len=128)
    v.code_field(d, "role", path, required=False)
    v.str_field(d, "action", path, required=False, max_len=128)
    v.time_field(d, "at", path, required=False)


def cash_collection(_: str, d: dict[str, Any], path: str) -> None:
    v.id_field(d, "collection_id", path)
    for key in ("expected", "counted"):
        _notes(d.get(key), f"{path}.{key}")
    for key in ("expected_total", "counted_total"):
        v.money(d, key, path)
    v.int_field(d, "difference", path, minimum=-v.MAX_AMOUNT)
    v.int_field(d, "batch_no", path, required=False, maximum=2**53)
    v.time_field(d, "at", path)


RECORD_TYPES: dict[str, Checker] = {
    "transaction": transaction, "transaction_reversal": transaction_reversal,
    "transaction_status": transaction_status, "voucher": voucher, "audit": audit,
    "cash_collection": cash_collection,
}
