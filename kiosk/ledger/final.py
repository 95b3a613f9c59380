"""How a transaction ends: the pure decision and the ``transaction`` record for the server.

Kept pure (rows in, numbers out) so the same rules serve a live session, crash recovery
and the property tests; see ``kiosk.ledger.ledger`` for the rules in words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from kiosk.ledger.states import TxnStatus
from kiosk.rules.fees import FeeRule, quote_total
from kiosk.rules.money import Money


@dataclass(frozen=True)
class Decision:
    status: TxnStatus
    gross: int
    fee: int
    commission: int
    total: int
    method: str
    voucher_amount: int


@dataclass(frozen=True)
class Outcome:
    """How a transaction ended; ``record`` is the exact ``transaction`` record synced."""

    transaction_id: str
    seq: int
    status: TxnStatus
    gross: int
    fee: int
    commission: int
    total: int
    cash: int
    card: int
    voucher_in: int
    voucher_code: str | None
    voucher_amount: int
    detail: str
    record: dict[str, Any] = field(repr=False)


def _method(cash: int, vin: int, card: int, chosen: str, qr: int = 0) -> str:
    if qr:
        return "qr" if not (cash or vin or card) else "mixed"
    if card:
        return "card" if not (cash or vin) else "mixed"
    if cash and vin:
        return "mixed"
    if vin:
        return "voucher"
    return "cash" if cash else chosen


def decide(row: dict[str, Any], cash: int, vin: int, forced: TxnStatus | None,
           reason: str) -> Decision:
    """The final numbers for a transaction row given what was actually paid."""
    cur = str(row["currency"])
    rule = FeeRule(**{"kind": json.loads(row["fee_rule"])["type"],
                      "value": json.loads(row["fee_rule"])["value"],
                      "commission_bp": json.loads(row["fee_rule"])["commission_bp"]})
    card = int(row["card"])
    qr = int(row.get("qr") or 0)  # wallet money the server confirmed (QR payments)
    method = _method(cash, vin, card, str(row["method"]), qr)
    paid = cash + vin + card + qr
    if forced in (TxnStatus.REVERSED, TxnStatus.FAILED):
        # The card (or wallet) money is not taken (reversed, refunded to the wallet) or not
        # known to be; cash/vouchers, if any, still become a voucher.
        return Decision(forced, 0, 0, 0, cash + vin, method, cash + vin)
    if forced == TxnStatus.CREDITED:
        return Decision(TxnStatus.CREDITED, 0, 0, 0, paid, method, paid)
    if paid == 0:
        return Decision(TxnStatus.CANCELLED, 0, 0, 0, 0, method, 0)
    due = row["due"]
    if due is None or paid >= int(due) or row["partial_ok"]:
        taken = paid if due is None or paid <= int(due) or row["overpay_ok"] else int(due)
        q = quote_total(rule, Money(taken, cur))
        if q.gross.minor > 0:
            return Decision(TxnStatus.COMPLETED, q.gross.minor, q.fee.minor, q.commission.minor,
                            taken, method, paid - taken)
    return Decision(TxnStatus.CREDITED, 0, 0, 0, paid, method, paid)


def final_record(row: dict[str, Any], cash: int, vin: int, notes: dict[str, int],
                 voucher_amount: int) -> Outcome:
    """The contract's ``transaction`` record (contracts.md section 3) for a final row."""
    card_info = json.loads(row["card_info"]) if row["card_info"] else None
    record = {
        "transaction_id": row["id"], "seq": int(row["seq"]), "service": row["service"],
        "biller": row["biller"], "account": row["account"], "currency": row["currency"],
        "gross": int(row["gross"]), "fee": int(row["fee"]), "commission": int(row["commission"]),
        "total": int(row["total"]), "method": row["method"], "cash": cash,
        "card": int(row["card"]) if row["status"] == TxnStatus.COMPLETED else 0, "voucher": vin,
        "status": row["status"], "notes": notes, "card_info": card_info,
        "voucher_code": row["voucher_code"], "created_at": row["created_at"],
        "completed_at": row["completed_at"], "business_date": row["business_date"],
    }
    if row.get("origin"):  # a supplementary credit (late note) of that transaction
        record["origin"] = row["origin"]
    return Outcome(
        transaction_id=row["id"], seq=int(row["seq"]), status=TxnStatus(row["status"]),
        gross=record["gross"], fee=record["fee"], commission=record["commission"],
        total=record["total"], cash=cash, card=record["card"], voucher_in=vin,
        voucher_code=row["voucher_code"], voucher_amount=voucher_amount,
        detail=str(row["detail"]), record=record)


def reversal_record(row: dict[str, Any], attempted: dict[str, Any], reason: str,
                    at: str) -> dict[str, Any]:
    """The ``transaction_reversal`` record undoing an attempted ``completed`` card record."""
    info = json.loads(row["card_info"]) if row["card_info"] else {}
    receipt = info.get("receipt_no")
    return {"transaction_id": row["id"], "receipt_no": int(receipt) if receipt is not None
            else None, "reason": reason, "at": at, "amount": int(attempted.get("card") or 0)}
