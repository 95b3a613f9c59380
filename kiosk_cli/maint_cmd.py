"""``kiosk maint``: maintenance actions from a shell, with the same roles as the screens.

Each command logs in with ``--user`` and a PIN (prompt or ``--pin-stdin``), runs one
action through ``MaintenanceService`` (role check + audit) and logs out. Device ports
belong to the running kiosk, so diagnostics here show store, queue, disk, service state
and cassette; device details come from the kiosk's own screen or heartbeat.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk_cli.common import add_command, add_group, emit, fail
from kiosk_cli.maint_access import add_login_args, login, opened


def register(sub: Any) -> None:
    group = add_group(sub, "maint", "Maintenance mode: diagnostics, out-of-service, cash "
                      "collection.", "kiosk maint diagnostics --user bob")
    p = add_command(group, "login", "Check a user's PIN and show the role (audited).",
                    "kiosk maint login --user bob")
    add_login_args(p)
    p.set_defaults(func=_login)
    p = add_command(group, "diagnostics", "Service state, queue, server, disk, cassette.",
                    "kiosk maint diagnostics --user bob")
    add_login_args(p)
    p.set_defaults(func=_diagnostics)
    p = add_command(group, "out-of-service", "Take the kiosk out of service with a reason.",
                    'kiosk maint out-of-service --user bob --reason "validator jammed"')
    add_login_args(p)
    p.add_argument("--reason", required=True)
    p.set_defaults(func=_oos)
    p = add_command(group, "in-service", "Clear the technician/server out-of-service flag.",
                    "kiosk maint in-service --user bob")
    add_login_args(p)
    p.set_defaults(func=_ins)
    p = add_command(group, "expected", "Notes the cassette should hold (collector).",
                    "kiosk maint expected --user carol")
    add_login_args(p)
    p.set_defaults(func=_expected)
    p = add_command(group, "collect", "Record a cash collection with the counted notes "
                    "(denomination in fen = count); closes a settlement batch.",
                    "kiosk maint collect --user carol --count 10000=12 --count 5000=3")
    add_login_args(p)
    p.add_argument("--count", action="append", default=[], metavar="DENOM=N",
                   help="counted notes of one denomination (minor units), repeatable")
    p.add_argument("--as-expected", action="store_true",
                   help="confirm that the count equals the expected contents")
    p.set_defaults(func=_collect)


def _login(args: argparse.Namespace) -> int:
    with opened(args) as stack:
        user = login(stack, args)
        emit({"user": user.name, "role": user.role.value})
        stack.maintenance.logout()
    return 0


def _diagnostics(args: argparse.Namespace) -> int:
    with opened(args) as stack:
        login(stack, args)
        emit(stack.maintenance.diagnostics())
        stack.maintenance.logout()
    return 0


def _oos(args: argparse.Namespace) -> int:
    with opened(args) as stack:
        login(stack, args)
        stack.maintenance.set_out_of_service(args.reason)
        emit(stack.service_state.as_dict())
        stack.maintenance.logout()
    return 0


def _ins(args: argparse.Namespace) -> int:
    with opened(args) as stack:
        login(stack, args)
        stack.maintenance.clear_out_of_service()
        emit(stack.service_state.as_dict())
        stack.maintenance.logout()
    return 0


def _expected(args: argparse.Namespace) -> int:
    with opened(args) as stack:
        login(stack, args)
        emit({"expected": stack.maintenance.expected_cash()})
        stack.maintenance.logout()
    return 0


def _collect(args: argparse.Namespace) -> int:
    counted: dict[str, int] = {}
    for item in args.count:
        denom, _, n = item.partition("=")
        if not n.strip().isdigit():
            fail(f"--count {item!r}: expected DENOM=N, e.g. 10000=12", code=2)
        counted[denom.strip()] = counted.get(denom.strip(), 0) + int(n)
    if bool(counted) == bool(args.as_expected):
        fail("give the counted notes with --count, or --as-expected (not both)", code=2)
    with opened(args) as stack:
        login(stack, args)
        if args.as_expected:
            counted = stack.maintenance.expected_cash()
        result = stack.maintenance.collect(counted)
        stack.maintenance.logout()
        emit(result.record)
        for line in (result.report.title, *result.report.lines):
            print(line)
    return 0
