"""Receipt template: fields, masking, both languages, fits the paper width."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from kiosk.payment.receipts import WIDTH, ReceiptData, build_receipt, display_width, mask_account
from kiosk.rules.money import Money
from kiosk.rules.vouchers import format_code, make_code, voucher_key


def _data(**over):
    base = dict(brand="便民缴费", kiosk_id="K-0042", location="北京朝阳门店",
                when=datetime(2024, 5, 1, 9, 30, 5), transaction_id="TX-20240501-0001",
                service="中国移动话费充值", account="13812341234",
                amount=Money(10000), fee=Money(150), payment_method="card",
                masked_card="622848*********0018", card_brand="UnionPay", auth_code="000101")
    base.update(over)
    return ReceiptData(**base)


def test_zh_receipt_fields():
    doc = build_receipt(_data())
    text = "\n".join(doc.lines)
    assert doc.title == "便民缴费" and doc.qr_payload == "TX-20240501-0001"
    for expected in ("K-0042", "北京朝阳门店", "2024-05-01 09:30:05", "TX-20240501-0001",
                     "中国移动话费充值", "138****1234", "¥100.00", "¥1.50", "¥101.50",
                     "UnionPay ****0018", "000101", "谢谢惠顾"):
        assert expected in text, expected
    assert "13812341234" not in text and "622848" not in text


def test_en_receipt_with_credit_and_voucher():
    doc = build_receipt(_data(payment_method="cash", credit=Money(2000),
                              voucher_code="V-7K3Q", amount=Money(123400),
                              qr_payload="https://k.example/t/1"), "en")
    text = "\n".join(doc.lines)
    assert "Cash" in text and "¥1,234.00" in text and "Credit" in text
    assert "V-7K3Q" in text and "Auth code" not in text
    assert doc.qr_payload == "https://k.example/t/1"


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_lines_fit_paper_and_hold_no_card_number(locale):
    doc = build_receipt(_data(), locale)
    for line in doc.lines:
        assert display_width(line) <= WIDTH or line.startswith("  ")
        assert not re.search(r"\d{13,19}", line)
    assert all(line.encode("gb18030") for line in doc.lines)


def test_mask_account():
    assert mask_account("13812341234") == "138****1234"
    assert mask_account("12345") == "***45"


@pytest.mark.parametrize("method, locale, shown", [
    ("voucher", "zh_CN", "凭证抵扣"),
    ("voucher", "en", "Voucher"),
    ("mixed", "zh_CN", "组合支付"),
    ("mixed", "en", "Mixed"),
    ("cash", "zh_CN", "现金"),
])
def test_voucher_and_mixed_payment_methods_are_named(method, locale, shown):
    doc = build_receipt(_data(payment_method=method, masked_card="", auth_code=""), locale)
    [row] = [line for line in doc.lines if line.startswith(("支付方式", "Payment"))]
    assert row.endswith(shown), row
    if method != "cash":
        assert "现金" not in row and "Cash" not in row  # not claimed as cash any more
    assert all(display_width(line) <= WIDTH for line in doc.lines)


@pytest.mark.parametrize(("locale", "wallet"), [("zh_CN", "微信支付"), ("en", "WeChat Pay")])
def test_qr_receipt_shows_wallet_and_order_number_only(locale, wallet):
    order = "0f8fad5bd9cb469fa16570867728950e"
    doc = build_receipt(_data(payment_method="qr", masked_card="", card_brand="",
                              auth_code="", wallet="wechat", qr_order_no=order), locale)
    text = "\n".join(doc.lines)
    assert wallet in text and order in text
    assert "****" not in text.replace("138****1234", "")  # no card, no payer data
    assert all(display_width(line) <= WIDTH for line in doc.lines)


@pytest.mark.parametrize(("locale", "caption"), [("zh_CN", "扫码使用凭证"),
                                                 ("en", "Scan to use this voucher")])
def test_a_voucher_is_printed_as_its_own_qr_too(locale, caption):
    """The voucher code (as the ledger writes it, grouped) is the second QR, as the 16
    digits the voucher entry page's scanner reads; the receipt's own QR stays first."""
    code = make_code(voucher_key(b"k" * 32), "1234567890")
    doc = build_receipt(_data(payment_method="cash", masked_card="", auth_code="",
                              credit=Money(2000), voucher_code=format_code(code),
                              qr_payload="https://k.example/check?ref=R1.K.T.M"), locale)
    assert doc.qr_payload == "https://k.example/check?ref=R1.K.T.M"
    assert (doc.extra_qr, doc.extra_qr_caption) == (code, caption)
    assert display_width(doc.extra_qr_caption) <= WIDTH
    assert format_code(code) in "\n".join(doc.lines)  # and as text, as before
    plain = build_receipt(_data(), locale)
    assert (plain.extra_qr, plain.extra_qr_caption) == ("", "")
