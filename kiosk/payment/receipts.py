"""Customer receipts: one template, two languages, laid out for a 58 mm printer.

Why in ``kiosk/``: the receipt's content (which fields, which labels, how money and
accounts are shown) is an application rule; the printer driver only prints lines. The
same ``ReceiptDocument`` is also shown as an on-screen QR when printing fails. A receipt
with a voucher code prints the code a second time as its own QR (``extra_qr``, after the
receipt's QR, under "scan to use this voucher"): the voucher entry page reads it at the
scanner.

Privacy: the account is masked (``138****1234``) and a card shows its last four digits
only, whatever the caller passes in. A QR payment shows the wallet and the merchant order
number (what the customer finds in the wallet app's bill), nothing of the payer.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from devices.printer import ReceiptDocument
from kiosk.rules.catalog import mask_account
from kiosk.rules.money import Money
from kiosk.rules.vouchers import normalize_code

WIDTH = 32  # columns of a 58 mm printer (a CJK character takes two)

LABELS: dict[str, dict[str, str]] = {
    "zh_CN": {
        "kiosk": "终端", "location": "地点", "time": "时间", "txn": "交易号", "ref": "查询号",
        "service": "业务", "account": "账号", "amount": "金额", "fee": "手续费",
        "total": "合计", "method": "支付方式", "cash": "现金", "card": "银行卡",
        "auth": "授权码", "credit": "找零凭证", "voucher": "凭证码", "thanks": "谢谢惠顾",
        "scan": "扫码查询交易", "voucher_qr": "扫码使用凭证", "pay_voucher": "凭证抵扣",
        "pay_mixed": "组合支付",
        "qr": "扫码支付", "wechat": "微信支付", "alipay": "支付宝", "unionpay": "云闪付",
        "order_no": "商户单号", "msisdn": "手机号", "bill_account": "户号", "operator": "运营商",
        "topup": "手机充值", "bill": "生活缴费",
    },
    "en": {
        "kiosk": "Kiosk", "location": "Location", "time": "Time", "txn": "Txn", "ref": "Reference",
        "service": "Service", "account": "Account", "amount": "Amount", "fee": "Fee",
        "total": "Total", "method": "Payment", "cash": "Cash", "card": "Card",
        "auth": "Auth code", "credit": "Credit", "voucher": "Voucher", "thanks": "Thank you",
        "scan": "Scan to look up this payment", "voucher_qr": "Scan to use this voucher",
        "pay_voucher": "Voucher", "pay_mixed": "Mixed",
        "qr": "QR", "wechat": "WeChat Pay", "alipay": "Alipay", "unionpay": "UnionPay QR",
        "order_no": "Order no.", "msisdn": "Mobile no.", "bill_account": "Account no.",
        "operator": "Operator", "topup": "Mobile top-up", "bill": "Bill payment",
    },
}
#: Operator names on a Chinese receipt (the catalog's names are English).
OPERATORS_ZH = {"China Mobile": "中国移动", "China Unicom": "中国联通",
                "China Telecom": "中国电信"}


@dataclass(frozen=True)
class ReceiptData:
    brand: str
    kiosk_id: str
    location: str
    when: datetime
    transaction_id: str
    service: str
    account: str
    amount: Money
    fee: Money
    payment_method: str  # "cash", "card", "voucher" (redeemed credit) or "mixed"
    masked_card: str = ""
    card_brand: str = ""
    auth_code: str = ""
    credit: Money | None = None  # change kept as credit / voucher value
    voucher_code: str = ""
    qr_payload: str = ""  # defaults to the transaction id
    wallet: str = ""  # QR: "wechat", "alipay", "unionpay"
    qr_order_no: str = ""  # QR: the merchant order number the wallet app shows (商户单号)
    account_kind: str = ""  # "msisdn" (手机号) or "bill_account" (户号); "" = 账号
    operator: str = ""  # top-up: the operator (English catalog name)
    reference: str = ""  # the short reference find my payment takes (the screen's too)

    @property
    def total(self) -> Money:
        return self.amount + self.fee


def card_tail(masked: str) -> str:
    digits = [c for c in masked if c.isdigit()]
    return "****" + "".join(digits[-4:]) if digits else ""


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pair(label: str, value: str, width: int = WIDTH) -> str:
    """``label ...... value`` right-aligned; too long values go on their own line."""
    gap = width - display_width(label) - display_width(value)
    if gap >= 1:
        return label + " " * gap + value
    return f"{label}\n  {value}"


def center(text: str, width: int = WIDTH) -> str:
    pad = max(0, (width - display_width(text)) // 2)
    return " " * pad + text


def build_receipt(data: ReceiptData, locale: str = "zh_CN") -> ReceiptDocument:
    lab = LABELS["en" if locale.startswith("en") else "zh_CN"]
    loc = "en" if locale.startswith("en") else "zh_CN"
    rule = "-" * WIDTH
    rows = [
        pair(lab["kiosk"], data.kiosk_id), pair(lab["location"], data.location),
        pair(lab["time"], data.when.strftime("%Y-%m-%d %H:%M:%S")),
        pair(lab["txn"], data.transaction_id),
        *([pair(lab["ref"], data.reference)] if data.reference else []), rule,
        pair(lab["service"], lab.get(data.service, data.service)),
        pair(lab.get(data.account_kind, lab["account"]), mask_account(data.account)),
        *([pair(lab["operator"], OPERATORS_ZH.get(data.operator, data.operator)
                if loc == "zh_CN" else data.operator)] if data.operator else []),
        pair(lab["amount"], data.amount.format(loc)), pair(lab["fee"], data.fee.format(loc)),
        pair(lab["total"], data.total.format(loc)), rule,
    ]
    if data.payment_method == "card":
        card = " ".join(p for p in (data.card_brand, card_tail(data.masked_card)) if p)
        rows.append(pair(lab["method"], f"{lab['card']} {card}".strip()))
        if data.auth_code:
            rows.append(pair(lab["auth"], data.auth_code))
    elif data.payment_method == "qr":  # the wallet and the order number, no payer data
        rows.append(pair(lab["method"], lab.get(data.wallet, lab["qr"])))
        if data.qr_order_no:  # 32 characters: the whole next line, never cut
            rows += [lab["order_no"], data.qr_order_no[:WIDTH]]
    else:  # an unexpected method is shown as it is, never claimed to be cash
        shown = {"cash": lab["cash"], "voucher": lab["pay_voucher"],
                 "mixed": lab["pay_mixed"]}.get(data.payment_method, data.payment_method)
        rows.append(pair(lab["method"], shown))
    if data.credit is not None and data.credit:
        rows.append(pair(lab["credit"], data.credit.format(loc)))
    if data.voucher_code:
        rows.append(pair(lab["voucher"], data.voucher_code))
    rows += [rule, center(lab["thanks"]), center(lab["scan"])]
    lines = tuple(line for row in rows for line in row.split("\n"))
    voucher = normalize_code(data.voucher_code) if data.voucher_code else None
    return ReceiptDocument(lines=lines, qr_payload=data.qr_payload or data.transaction_id,
                           title=data.brand, extra_qr=voucher or "",
                           extra_qr_caption=lab["voucher_qr"] if voucher else "")

