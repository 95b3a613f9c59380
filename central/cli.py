"""``kiosk-central``: run the reference server and do its back-office chores.

Admin commands open the database directly (SQLite WAL file or PostgreSQL), so they work
while ``serve`` runs.
Output: ``kiosk add`` prints only the secret (for ``$(...)``); listings print one JSON
object per line; ``reconcile`` prints a readable summary, or JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from central.admin import COMMANDS, Admin
from central.backoffice.cli import add_commands as add_operator_commands
from central.errors import ApiError, CentralError
from central.payments import cli as qr_cli
from central.releases import cli as release_cli

DEFAULT_DB = os.environ.get("KIOSK_CENTRAL_DB", "central.db")


def _emit(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _emit_all(rows: list[dict[str, Any]]) -> int:
    for row in rows:
        _emit(row)
    return 0


def _cmd(sub: Any, name: str, help_text: str, example: str, common: argparse.ArgumentParser
         ) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help_text, parents=[common],
        description=f"{help_text}\n\nExample:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    return parser


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=DEFAULT_DB,
                        help="SQLite file or postgresql:// URL (default $KIOSK_CENTRAL_DB "
                             "or central.db)")
    parser = argparse.ArgumentParser(prog="kiosk-central",
                                     description="Reference central server for the kiosks.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = _cmd(sub, "serve", "Run the HTTP server.",
             "kiosk-central serve --db central.db --port 8080", common)
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--releases", default=os.environ.get(release_cli.REPO_ENV, ""),
                   help="TUF release repository to serve (kiosk-central release init)")
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes (PostgreSQL only; SQLite is single-process)")
    p.add_argument("--api-docs", action="store_true", help="serve /docs and /openapi.json")
    p.set_defaults(func=_serve)

    kiosk = sub.add_parser("kiosk", help="Register kiosks and their keys.")
    ksub = kiosk.add_subparsers(dest="kiosk_command", metavar="SUBCOMMAND", required=True)
    p = _cmd(ksub, "add", "Register a kiosk and print its new HMAC secret (hex).",
             "kiosk-central kiosk add K0001 --db central.db > /etc/kiosk/secret", common)
    p.add_argument("kiosk_id")
    p.add_argument("--public-key", help="raw Ed25519 public key, hex (settlement signatures)")
    p.set_defaults(func=lambda a, adm: print(adm.add_kiosk(a.kiosk_id, a.public_key)) or 0)
    p = _cmd(ksub, "set-key", "Register or replace a kiosk's Ed25519 public key.",
             "kiosk-central kiosk set-key K0001 3b6a27bc...", common)
    p.add_argument("kiosk_id")
    p.add_argument("public_key")
    p.set_defaults(func=lambda a, adm: adm.set_key(a.kiosk_id, a.public_key) or 0)
    p = _cmd(ksub, "list", "List kiosks with their last heartbeat.",
             "kiosk-central kiosk list", common)
    p.set_defaults(func=lambda a, adm: _emit_all(adm.kiosks()))

    command = sub.add_parser("command", help="Queue commands for kiosks.")
    csub = command.add_subparsers(dest="command_command", metavar="SUBCOMMAND", required=True)
    p = _cmd(csub, "send", f"Queue a command ({', '.join(COMMANDS)}).",
             "kiosk-central command send K0001 force-sync --arg reason=test", common)
    p.add_argument("kiosk_id")
    p.add_argument("cmd", choices=COMMANDS)
    p.add_argument("--arg", action="append", default=[], metavar="KEY=VALUE")
    p.set_defaults(func=_send)
    p = _cmd(csub, "list", "Show a kiosk's commands and results.",
             "kiosk-central command list K0001", common)
    p.add_argument("kiosk_id")
    p.set_defaults(func=lambda a, adm: _emit_all(adm.commands(a.kiosk_id)))

    p = _cmd(sub, "reconcile", "Reconcile settlement batches against received transactions.",
             "kiosk-central reconcile --kiosk K0001 --date 2026-11-25", common)
    p.add_argument("--kiosk", required=True)
    p.add_argument("--date", help="business date YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="full reports as JSON lines")
    qr_cli.add_reconcile_options(p)
    p.set_defaults(func=_reconcile)
    qr_cli.register(sub, _cmd, common)

    txns = sub.add_parser("transactions", help="Inspect received transactions.")
    tsub = txns.add_subparsers(dest="transactions_command", metavar="SUBCOMMAND", required=True)
    p = _cmd(tsub, "list", "List received transactions (projection), one JSON per line.",
             "kiosk-central transactions list --kiosk K0001 --date 2026-11-25", common)
    p.add_argument("--kiosk")
    p.add_argument("--date")
    p.add_argument("--limit", type=int, default=1000)
    p.set_defaults(func=lambda a, adm: _emit_all(adm.transactions(
        a.kiosk, a.date, a.limit)))
    release_cli.add_commands(sub, common, _cmd)
    add_operator_commands(sub, common, _cmd)
    return parser


def _serve(args: argparse.Namespace, admin: Admin) -> int:
    import uvicorn

    from central import serving
    from central.app import create_app
    from central.db import is_postgres_url

    admin.close()
    if args.workers > 1:
        if not is_postgres_url(args.db):
            raise ApiError(2, "bad_arg", "--workers > 1 needs a PostgreSQL --db: an SQLite "
                                         "file is served by one process")
        os.environ["KIOSK_CENTRAL_DB"] = args.db
        os.environ["KIOSK_CENTRAL_API_DOCS"] = "1" if args.api_docs else "0"
        if args.releases:
            os.environ[release_cli.REPO_ENV] = args.releases
        uvicorn.run("central.asgi:build", factory=True, workers=args.workers, host=args.host,
                    port=args.port, log_level="info", http=serving.HeaderTimeoutProtocol,
                    h11_max_incomplete_event_size=serving.MAX_HEADER_BYTES,
                    timeout_keep_alive=serving.KEEP_ALIVE_S)
        return 0
    app = create_app(args.db, api_docs=args.api_docs, release_repo=args.releases or None)
    server = uvicorn.Server(serving.config(app, host=args.host, port=args.port,
                                           log_level="info"))
    server.run()
    return 0


def _send(args: argparse.Namespace, admin: Admin) -> int:
    kv: dict[str, str] = {}
    for item in args.arg:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ApiError(2, "bad_arg", f"--arg expects KEY=VALUE, got {item!r}")
        kv[key] = value
    _emit({"command_id": admin.send_command(args.kiosk_id, args.cmd, kv),
           "kiosk_id": args.kiosk_id, "command": args.cmd, "args": kv})
    return 0


def _reconcile(args: argparse.Namespace, admin: Admin) -> int:
    reports = admin.reconcile(args.kiosk, args.date)
    qr_balanced = qr_cli.reconcile_qr(args, admin.db)
    if qr_balanced is False:
        return 3
    if not reports and qr_balanced:
        return 0
    if not reports:
        sys.stderr.write(f"kiosk-central: no settlement batches for {args.kiosk}\n")
        return 1
    for r in reports:
        if args.json:
            _emit(r)
            continue
        s = r["summary"]
        title = f"batch {r['batch_no']}" if r["batch_no"] is not None else r.get("note", "")
        print(f"{r['kiosk_id']} {title}: "
              f"{'BALANCED' if r['balanced'] else 'DIFFERENCES'}")
        print(f"  matched            {s['matched']}")
        for key in ("missing_on_server", "missing_on_kiosk", "amount_mismatch"):
            print(f"  {key.replace('_', ' '):<18} {s[key]}")
            for item in r[key]:
                print(f"    {item if isinstance(item, str) else json.dumps(item)}")
        if r.get("totals_differences"):
            print(f"  totals differ      {json.dumps(r['totals_differences'])}")
    return 0 if all(r["balanced"] for r in reports) else 3


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        admin = Admin(args.db)
    except Exception as exc:  # unopenable path, not a database...
        sys.stderr.write(f"kiosk-central: error: cannot open {args.db}: {exc}\n")
        return 1
    try:
        return int(args.func(args, admin) or 0)
    except ApiError as exc:
        sys.stderr.write(f"kiosk-central: error: {exc.detail}\n")
        return 2 if exc.status == 2 else 1
    except CentralError as exc:
        sys.stderr.write(f"kiosk-central: error: {exc}\n")
        return 1
    finally:
        if args.func is not _serve:
            admin.close()


if __name__ == "__main__":
    raise SystemExit(main())
