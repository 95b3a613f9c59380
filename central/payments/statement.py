"""The provider's daily trade statement (bill_type ALL), parsed into items.

Layout (public WeChat Pay documentation): a header line, detail lines whose fields
each start with a backtick, then a summary header and one summary line. Amounts are
yuan with two decimals and are turned into integer fen here by string arithmetic,
never floats. A line that does not parse is reported, not skipped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_YUAN = re.compile(r"^(-?)(\d+)(?:\.(\d{1,2}))?$")
FIELDS = {"time": "交易时间", "provider_id": "微信订单号", "out_trade_no": "商户订单号",
          "state": "交易状态", "amount": "应结订单金额", "refund_no": "商户退款单号",
          "refund": "退款金额", "fee": "手续费"}


class StatementError(ValueError):
    """The file is not a trade statement (no header, missing columns)."""


@dataclass(frozen=True)
class StatementItem:
    out_trade_no: str
    kind: str  # "payment" or "refund"
    amount: int  # fen: paid amount, or refunded amount for a refund line
    provider_id: str
    time: str
    fee: int = 0
    refund_no: str = ""


def fen(text: str) -> int:
    """``"80.00"`` -> 8000; raises ``ValueError`` for anything else."""
    m = _YUAN.match(text.strip())
    if not m:
        raise ValueError(f"not an amount: {text!r}")
    value = int(m.group(2)) * 100 + int((m.group(3) or "0").ljust(2, "0"))
    return -value if m.group(1) else value


def parse(text: str) -> tuple[list[StatementItem], list[str]]:
    """Items and the lines that could not be read."""
    lines = [ln for ln in text.lstrip("\ufeff").splitlines() if ln.strip()]
    if not lines or "商户订单号" not in lines[0]:
        raise StatementError("no statement header")
    header = lines[0].split(",")
    try:
        col = {key: header.index(name) for key, name in FIELDS.items()}
    except ValueError as exc:
        raise StatementError(f"statement lacks a column: {exc}") from None
    items: list[StatementItem] = []
    bad: list[str] = []
    for line in lines[1:]:
        if line.startswith("总交易单数"):
            break  # summary header: details are over
        fields = [f.lstrip("`") for f in line.split(",")]
        try:
            state = fields[col["state"]]
            refund = state == "REFUND"
            items.append(StatementItem(
                out_trade_no=fields[col["out_trade_no"]], kind="refund" if refund else
                "payment", amount=fen(fields[col["refund" if refund else "amount"]]),
                provider_id=fields[col["provider_id"]], time=fields[col["time"]],
                fee=fen(fields[col["fee"]]),
                refund_no=fields[col["refund_no"]] if refund else ""))
        except (IndexError, ValueError):
            bad.append(line[:200])
    return items, bad
