"""The emulator's daily statement file (交易账单, bill_type ALL), from the public layout.

Written here independently of ``statement.py`` (the server's parser), so a shared
misreading of the layout cannot pass both sides. Detail fields carry a leading
backtick; amounts are yuan with two decimals; the day runs 00:00-23:59:59 Beijing time
by payment-success time (payments) and refund-accepted time (refunds).
"""

from __future__ import annotations

import datetime as dt

from central.payments.emulator_book import Book

BEIJING = dt.timezone(dt.timedelta(hours=8))
HEADER = ("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
          "交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,"
          "充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,"
          "费率备注")
SUMMARY = ("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,"
           "申请退款总金额")
FEE_PER_MILLE = 6  # 0.60 %


def yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def _day(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, BEIJING).strftime("%Y-%m-%d")


def _time(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def render(book: Book, bill_date: str, appid: str, mchid: str,
           drop: frozenset[str] = frozenset(), extra: tuple[list[str], ...] = ()) -> str:
    """The statement text; ``drop`` leaves out trades, ``extra`` adds raw detail rows
    (tests: one missing and one extra item)."""
    rows: list[list[str]] = []
    paid_total = refund_total = fee_total = 0
    with book.lock:
        for t in book.trades.values():
            if t.success_time is None or _day(t.success_time) != bill_date or \
                    t.out_trade_no in drop:
                continue
            fee = (t.amount * FEE_PER_MILLE + 500) // 1000
            paid_total, fee_total = paid_total + t.amount, fee_total + fee
            rows.append([_time(t.success_time), appid, mchid, "0", "", t.provider_id,
                         t.out_trade_no, "oEmu", "MICROPAY" if t.kind == "CODEPAY" else
                         "NATIVE", "SUCCESS", "OTHERS", "CNY", yuan(t.amount), "0.00", "0",
                         "0", "0.00", "0.00", "", "", t.description, "", yuan(fee),
                         "0.60%", yuan(t.amount), "0.00", ""])
        for r in book.refunds.values():
            trade = book.trades[r.out_trade_no]
            if _day(r.created_at) != bill_date or r.out_trade_no in drop:
                continue
            refund_total += r.amount
            rows.append([_time(r.created_at), appid, mchid, "0", "", trade.provider_id,
                         r.out_trade_no, "oEmu", "MICROPAY" if trade.kind == "CODEPAY" else
                         "NATIVE", "REFUND", "OTHERS", "CNY", "0.00", "0.00",
                         f"5030{r.out_refund_no[-12:]}", r.out_refund_no, yuan(r.amount),
                         "0.00", "ORIGINAL", "SUCCESS", trade.description, "", "0.00",
                         "0.60%", "0.00", yuan(r.amount), ""])
    rows.extend(list(e) for e in extra)
    lines = [HEADER] + [",".join("`" + f for f in row) for row in rows]
    lines += [SUMMARY, ",".join("`" + f for f in (
        str(len(rows)), yuan(paid_total), yuan(refund_total), "0.00", yuan(fee_total),
        yuan(paid_total), yuan(refund_total)))]
    return "\r\n".join(lines) + "\r\n"
