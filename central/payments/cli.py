"""``kiosk-central qr ...`` and the QR part of ``kiosk-central reconcile``.

Registered from ``central.cli`` with one call each, so the server's CLI module stays
the central helper's. The provider comes from ``--qr-config`` or
``$KIOSK_CENTRAL_QR_CONFIG`` (key files outside the repository).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from central.payments import keys, reconcile
from central.payments.keys import load_config
from central.payments.routes import CONFIG_ENV
from central.payments.service import QrPayments
from central.payments.wechat import WechatPayV3


def add_reconcile_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--qr-statement", metavar="FILE",
                        help="also reconcile QR payments against this provider statement")
    parser.add_argument("--qr-fetch", action="store_true",
                        help="download the provider statement for --date and reconcile")
    parser.add_argument("--qr-config", default=os.environ.get(CONFIG_ENV),
                        help="payments TOML (default $KIOSK_CENTRAL_QR_CONFIG)")


def _provider(args: argparse.Namespace) -> WechatPayV3:
    if not args.qr_config:
        raise SystemExit("kiosk-central: error: no payments config (--qr-config)")
    return WechatPayV3(load_config(args.qr_config))


def reconcile_qr(args: argparse.Namespace, db: Any) -> bool | None:
    """Print the three-way report if asked for; True/False = balanced, None = not asked."""
    if not (args.qr_statement or args.qr_fetch):
        return None
    if not args.date:
        raise SystemExit("kiosk-central: error: --qr-statement/--qr-fetch need --date")
    text = Path(args.qr_statement).read_text("utf-8") if args.qr_statement else \
        _provider(args).statement(args.date)
    report = reconcile.three_way(db, args.date, text, args.kiosk)
    if args.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    else:
        reconcile.print_report(report)
    return bool(report["balanced"])


def register(sub: Any, command: Any, common: argparse.ArgumentParser) -> None:
    """``qr sweep`` and ``qr statement``; ``command`` is central.cli's ``_cmd``."""
    group = sub.add_parser("qr", help="QR payments: open payments, provider statements.")
    qsub = group.add_subparsers(dest="qr_command", metavar="SUBCOMMAND", required=True)
    p = command(qsub, "sweep", "Advance open QR payments (query, reverse, close, refund).",
                "kiosk-central qr sweep --db central.db", common)
    p.add_argument("--qr-config", default=os.environ.get(CONFIG_ENV))
    p.set_defaults(func=_sweep)
    p = command(qsub, "statement", "Download the provider's daily statement to stdout.",
                "kiosk-central qr statement --date 2026-11-25 > wechat-2026-11-25.csv", common)
    p.add_argument("--date", required=True)
    p.add_argument("--qr-config", default=os.environ.get(CONFIG_ENV))
    p.set_defaults(func=_statement)
    p = command(qsub, "emulator", "Run the payment-provider emulator (WeChat Pay v3 style).",
                "kiosk-central qr emulator --keys /tmp/qr-keys --config-out /tmp/payments.toml"
                " --notify-url http://127.0.0.1:8700/v1/qr/notify/wechat", common)
    p.add_argument("--keys", required=True, help="directory for the generated demo keys")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--config-out", required=True, help="write the server's payments TOML here")
    p.add_argument("--notify-url", required=True, help="the server's notification endpoint")
    p.set_defaults(func=_emulator)


def _emulator(args: argparse.Namespace, admin: Any) -> int:
    """Keys, config for the server, then serve until Ctrl-C; stdin takes commands."""
    from central.payments.emulator_app import ProviderEmulator

    admin.close()
    paths = keys.generate(args.keys)
    emulator = ProviderEmulator(paths)
    with emulator.serve(auto_deliver_s=0.2, port=args.port) as url:
        keys.write_config(args.config_out, paths, base_url=url, notify_url=args.notify_url)
        print(json.dumps({"event": "ready", "url": url, "config": args.config_out}),
              flush=True)
        try:
            for line in sys.stdin:
                if line.strip():
                    print(json.dumps({"event": "reply", "text": emulator.command(line)},
                                     ensure_ascii=False), flush=True)
            threading.Event().wait()  # stdin closed: keep serving until Ctrl-C
        except KeyboardInterrupt:
            pass
    return 0


def _sweep(args: argparse.Namespace, admin: Any) -> int:
    service = QrPayments(admin.db, _provider(args), clock=time.time)
    print(json.dumps({"advanced": service.sweep()}))
    return 0


def _statement(args: argparse.Namespace, admin: Any) -> int:
    sys.stdout.write(_provider(args).statement(args.date))
    return 0
