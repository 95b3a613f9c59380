"""``kiosk device pay|reverse|end-of-day|print-test``: card terminal and printer checks.

For technicians at a kiosk or against the emulators; every line printed is one JSON
object. Card data never appears: results carry the masked card only.
"""

from __future__ import annotations

import argparse
import dataclasses
import threading
from datetime import datetime
from typing import Any

from devices.card_terminal import CardResult
from devices.escpos import open_printer
from devices.zvt import ZvtError, open_card_terminal
from kiosk.payment.receipts import ReceiptData, build_receipt
from kiosk.rules.money import Money, MoneyError
from kiosk_cli.common import add_command, emit, fail


def register(group: Any) -> None:
    pay = add_command(group, "pay", "Run one card payment on a ZVT terminal.",
                      "kiosk device pay --port /dev/pts/7 --amount 100.00")
    _terminal_args(pay)
    pay.add_argument("--amount", required=True, help="major units, e.g. 100.00")
    pay.add_argument("--currency", default="CNY")
    pay.add_argument("--reference", default="technician-test")
    pay.set_defaults(func=_pay)
    rev = add_command(group, "reverse", "Reverse a card payment by terminal receipt number.",
                      "kiosk device reverse --port /dev/pts/7 --receipt 12")
    _terminal_args(rev)
    rev.add_argument("--receipt", type=int, required=True)
    rev.set_defaults(func=_reverse)
    eod = add_command(group, "end-of-day", "Close the card terminal's batch (ZVT 06 50).",
                      "kiosk device end-of-day --port /dev/pts/7")
    _terminal_args(eod)
    eod.set_defaults(func=_end_of_day)
    test = add_command(group, "print-test", "Check paper and print a sample receipt.",
                       "kiosk device print-test --port /dev/pts/8 --locale en")
    test.add_argument("--port", required=True, help="device path or pyserial URL")
    test.add_argument("--locale", default="zh_CN", choices=("zh_CN", "en"))
    test.add_argument("--status-timeout", type=float, default=1.0)
    test.set_defaults(func=_print_test)


def _terminal_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", required=True, help="device path or pyserial URL")
    parser.add_argument("--password", default="000000", help="ZVT password (6 digits)")
    parser.add_argument("--timeout", type=float, default=180.0, help="payment timeout, s")


def _open(args: argparse.Namespace) -> Any:
    try:
        return open_card_terminal(args.port, password=args.password,
                                  payment_timeout=args.timeout)
    except (ZvtError, ValueError) as exc:
        fail(f"card terminal not ready on {args.port}: {exc}")


def _emit_result(result: CardResult) -> int:
    emit({"event": "result", **dataclasses.asdict(result)})
    return 0 if result.approved else 1


def _pay(args: argparse.Namespace) -> int:
    try:
        amount = Money.parse(args.amount, args.currency)
    except MoneyError as exc:
        fail(str(exc), code=2)
    terminal = _open(args)
    box: list[CardResult] = []

    def run() -> None:
        box.append(terminal.pay(amount.minor, amount.currency, args.reference,
                                lambda text: emit({"event": "progress", "text": text})))

    worker = threading.Thread(target=run, name="card-pay")
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.2)
    except KeyboardInterrupt:
        emit({"event": "abort_requested"})
        terminal.abort()
        worker.join()
    terminal.close()
    return _emit_result(box[0])


def _reverse(args: argparse.Namespace) -> int:
    terminal = _open(args)
    try:
        return _emit_result(terminal.reverse(args.receipt))
    finally:
        terminal.close()


def _end_of_day(args: argparse.Namespace) -> int:
    terminal = _open(args)
    try:
        return _emit_result(terminal.end_of_day())
    finally:
        terminal.close()


def _print_test(args: argparse.Namespace) -> int:
    try:
        printer = open_printer(args.port, status_timeout=args.status_timeout,
                               on_event=lambda e: emit({"event": "paper",
                                                        "state": e.state.value}))
    except Exception as exc:
        fail(f"printer not ready on {args.port}: {exc}")
        raise
    sample = ReceiptData(brand="自助缴费 Self-service", kiosk_id="TEST", location="维护测试",
                         when=datetime.now(), transaction_id="TEST-0000",
                         service="打印测试 print test", account="13800000000",
                         amount=Money(100), fee=Money(0), payment_method="cash")
    try:
        result = printer.print_receipt(build_receipt(sample, args.locale))
    finally:
        printer.close()
    emit({"event": "printed", "ok": result.ok, "paper": result.paper.value,
          "reason": result.reason})
    return 0 if result.ok else 1
