"""``kiosk settlement``: list, show, close and verify signed settlement batches."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk_cli.common import add_command, add_group, emit
from kiosk_cli.maint_access import add_login_args, login, opened


def register(sub: Any) -> None:
    group = add_group(sub, "settlement", "Settlement batches (signed, hash-chain anchored).",
                      "kiosk settlement list")
    p = add_command(group, "list", "One line per batch: number, reason, period, totals.",
                    "kiosk settlement list")
    p.set_defaults(func=_list)
    p = add_command(group, "show", "The full batch as uploaded (JSON).",
                    "kiosk settlement show 12")
    p.add_argument("batch_no", type=int)
    p.set_defaults(func=_show)
    p = add_command(group, "close", "Close a batch now (manual) and queue its upload.",
                    "kiosk settlement close --user bob")
    add_login_args(p)
    p.set_defaults(func=_close)
    p = add_command(group, "verify", "Check signature, totals and hash chain of a batch; "
                    "exit 1 on any problem.", "kiosk settlement verify 12")
    p.add_argument("batch_no", type=int)
    p.set_defaults(func=_verify)
    p = add_command(group, "key", "Print the kiosk's public key (register it at the server).",
                    "kiosk settlement key")
    p.set_defaults(func=_key)


def _list(args: argparse.Namespace) -> int:
    with opened(args) as stack:
        for row in stack.settlement.batches():
            emit(row)
    return 0


def _show(args: argparse.Namespace) -> int:
    with opened(args) as stack:
        emit(stack.settlement.get(args.batch_no))
    return 0


def _close(args: argparse.Namespace) -> int:
    with opened(args) as stack:
        login(stack, args)
        batch = stack.maintenance.close_settlement()
        stack.maintenance.logout()
        emit({k: batch[k] for k in ("batch_no", "period_start", "period_end", "totals")})
    return 0


def _verify(args: argparse.Namespace) -> int:
    with opened(args) as stack:
        problems = stack.settlement.verify(args.batch_no)
        emit({"batch_no": args.batch_no, "ok": not problems, "problems": problems})
    return 0 if not problems else 1


def _key(args: argparse.Namespace) -> int:
    with opened(args) as stack:
        emit({"kiosk_id": stack.settlement.kiosk_id, "public_key": stack.key.public_key_hex})
    return 0
