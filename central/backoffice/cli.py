"""``kiosk-central operator ...``: back-office accounts from the command line.

The first admin has to come from somewhere: ``operator add`` creates accounts (password
asked twice on a terminal, or one line on stdin with ``--password-stdin`` for scripts;
never as an argument, where ``ps`` and shell history would show it).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from central.backoffice.accounts import ROLES, Accounts
from central.backoffice.audit import Audit
from central.backoffice.config import BackofficeConfig
from central.backoffice.errors import BackofficeError
from central.backoffice.schema import ensure_schema
from central.backoffice.store import Store
from central.errors import ApiError

Make = Callable[..., argparse.ArgumentParser]


def add_commands(sub: Any, common: argparse.ArgumentParser, make: Make) -> None:
    """Register ``operator add|list|unlock`` on the kiosk-central parser."""
    op = sub.add_parser("operator", help="Back-office operator accounts.")
    osub = op.add_subparsers(dest="operator_command", metavar="SUBCOMMAND", required=True)
    p = make(osub, "add", f"Create a back-office operator ({', '.join(ROLES)}).",
             "kiosk-central operator add alice --role admin --db central.db", common)
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--name", default="", help="display name (default: the user name)")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of stdin")
    p.set_defaults(func=_add)
    p = make(osub, "list", "List operators, roles and lockout state (JSON lines).",
             "kiosk-central operator list --db central.db", common)
    p.set_defaults(func=_list)
    p = make(osub, "unlock", "Clear an operator's failed logins and lockout.",
             "kiosk-central operator unlock alice --db central.db", common)
    p.add_argument("username")
    p.set_defaults(func=_unlock)


def _services(admin: Any) -> tuple[Accounts, Audit]:
    store = Store(admin.db)
    ensure_schema(store)
    return Accounts(store, BackofficeConfig(), time.time), Audit(store, time.time)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise ApiError(2, "password_mismatch", "the two passwords differ")
    return first


def _add(args: argparse.Namespace, admin: Any) -> int:
    accounts, audit = _services(admin)
    try:
        op = accounts.add(args.username, args.role, _password(args), args.name)
    except BackofficeError as exc:
        raise ApiError(1, "operator", exc.message) from exc
    audit.record(None, None, "operator.add", op.username, {"role": op.role, "via": "cli"})
    print(json.dumps({"username": op.username, "role": op.role}))
    return 0


def _list(args: argparse.Namespace, admin: Any) -> int:
    for row in _services(admin)[0].list():
        print(json.dumps(row, ensure_ascii=False))
    return 0


def _unlock(args: argparse.Namespace, admin: Any) -> int:
    accounts, audit = _services(admin)
    try:
        accounts.unlock(args.username)
    except BackofficeError as exc:
        raise ApiError(1, "operator", exc.message) from exc
    audit.record(None, None, "operator.unlock", args.username, {"via": "cli"})
    return 0
