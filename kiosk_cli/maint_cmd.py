"""``kiosk maint``: maintenance actions from a shell, with the same roles as the screens.

Each command logs in with ``--user`` and a PIN (prompt or ``--pin-stdin``), runs one
action through ``MaintenanceService`` (role check + audit) and logs out. Device ports
belong to the running kiosk, and so do its service state and cassette: every command but
``login`` asks it over its control socket (``kiosk.runtime.control_socket``; the kiosk
checks the PIN and role), so out-of-service reaches its tiles and heartbeat at once and a
collection is refused while a customer pays. With no kiosk running the command works on
the store itself (``diagnostics`` says so on stderr and shows no devices); a device test
then needs the kiosk started.
Times are printed in local ISO 8601 with the UTC offset.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.runtime.control_ops import DEVICE_TEST_TIMEOUT_S
from kiosk.staff.device_tests import TEST_ACTIONS
from kiosk_cli.common import add_command, add_group, emit, fail, note
from kiosk_cli.maint_access import add_login_args, ask_kiosk, login, opened, read_pin, readable

TESTS = ", ".join(f"{device} {'|'.join(actions)}" for device, actions in TEST_ACTIONS.items())


def register(sub: Any) -> None:
    group = add_group(sub, "maint", "Maintenance mode: diagnostics, device tests, "
                      "out-of-service, cash collection.", "kiosk maint diagnostics --user bob")
    p = add_command(group, "login", "Check a user's PIN and show the role (audited).",
                    "kiosk maint login --user bob")
    add_login_args(p)
    p.set_defaults(func=_login)
    p = add_command(group, "diagnostics", "Devices (asked of the running kiosk), service "
                    "state, queue, server, disk, cassette.", "kiosk maint diagnostics --user bob")
    add_login_args(p)
    p.set_defaults(func=_diagnostics)
    p = add_command(group, "test", "Run one device test in the running kiosk, as on the "
                    f"technician's test screen ({TESTS}).",
                    "kiosk maint test printer paper --user bob")
    add_login_args(p)
    p.add_argument("device", choices=sorted(TEST_ACTIONS), help="the device to test")
    p.add_argument("action", help="the test: " + TESTS)
    p.set_defaults(func=_test)
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
    pin = read_pin(args)
    live = ask_kiosk(args, "diagnostics", pin)
    if live is not None:
        emit({"source": "running kiosk", **readable(live["diagnostics"])})
        return 0
    with opened(args) as stack:
        login(stack, args, pin)
        report = stack.maintenance.diagnostics()
        stack.maintenance.logout()
    note("no running kiosk: showing the store only (service state, queue, disk, cassette); "
         "device details need the running kiosk (sudo systemctl start kiosk)")
    emit({"source": "store (kiosk not running)", **readable(report)})
    return 0


def _test(args: argparse.Namespace) -> int:
    if args.action not in TEST_ACTIONS[args.device]:
        fail(f"unknown test {args.device} {args.action}; "
             f"{args.device} has: {', '.join(TEST_ACTIONS[args.device])}", code=2)
    pin = read_pin(args)
    live = ask_kiosk(args, "device_test", pin, timeout_s=DEVICE_TEST_TIMEOUT_S,
                     device=args.device, action=args.action)
    if live is None:
        fail("no running kiosk: device tests need the running kiosk, which owns the "
             "device ports (sudo systemctl start kiosk); for a stopped kiosk's ports see "
             "`kiosk device --help`", code=1)
        raise AssertionError  # unreachable
    result = live["result"]
    emit({"device": args.device, "test": args.action, **result})
    return 0 if result.get("ok") else 1


def _oos(args: argparse.Namespace) -> int:
    pin = read_pin(args)
    live = ask_kiosk(args, "out_of_service", pin, reason=args.reason)
    if live is not None:
        emit(live["service"])
        return 0
    with opened(args) as stack:
        login(stack, args, pin)
        stack.maintenance.set_out_of_service(args.reason)
        emit(stack.service_state.as_dict())
        stack.maintenance.logout()
    return 0


def _ins(args: argparse.Namespace) -> int:
    pin = read_pin(args)
    live = ask_kiosk(args, "in_service", pin)
    if live is not None:
        emit(live["service"])
        return 0
    with opened(args) as stack:
        login(stack, args, pin)
        stack.maintenance.clear_out_of_service()
        emit(stack.service_state.as_dict())
        stack.maintenance.logout()
    return 0


def _expected(args: argparse.Namespace) -> int:
    pin = read_pin(args)
    live = ask_kiosk(args, "expected_cash", pin)
    if live is not None:
        emit({"expected": live["expected"]})
        return 0
    with opened(args) as stack:
        login(stack, args, pin)
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
    pin = read_pin(args)
    live = ask_kiosk(args, "collect", pin, counted=None if args.as_expected else counted)
    if live is not None:
        record, report = live["record"], [str(line) for line in live["report"]]
    else:
        with opened(args) as stack:
            login(stack, args, pin)
            if args.as_expected:
                counted = stack.maintenance.expected_cash()
            result = stack.maintenance.collect(counted)
            stack.maintenance.logout()
            record, report = result.record, [result.report.title, *result.report.lines]
    emit(record)
    for line in report:
        print(line)
    return 0
