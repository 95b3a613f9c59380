"""``kiosk users``: maintenance users (technician, collector, admin)."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.staff.users import Role
from kiosk_cli.common import add_command, add_group, emit, fail
from kiosk_cli.maint_access import PinReader, opened


def register(sub: Any) -> None:
    group = add_group(sub, "users", "Maintenance users and their roles.",
                      "kiosk users add --role admin alice")
    add = add_command(group, "add", "Add a user; the first admin needs no login, later users "
                      "are added by an admin (--as).",
                      "kiosk users add --role technician --as alice bob")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--as", dest="as_user", metavar="ADMIN",
                     help="admin adding the user (required once an admin exists)")
    add.add_argument("--pin-stdin", action="store_true",
                     help="read PINs from stdin: the admin's (with --as), then the new one")
    add.set_defaults(func=_add)
    lst = add_command(group, "list", "List users, roles and lockouts (never PINs).",
                      "kiosk users list")
    lst.set_defaults(func=_list)


def _add(args: argparse.Namespace) -> int:
    pins = PinReader(args.pin_stdin)
    with opened(args) as stack:
        role = Role(args.role)
        if args.as_user:
            stack.maintenance.login(args.as_user, pins.read(f"PIN for {args.as_user}: "))
        elif stack.users.has_admin():
            fail("an admin exists: add users with --as ADMIN", code=2)
        elif role is not Role.ADMIN:
            fail("the first user must be an admin (--role admin)", code=2)
        pin = pins.read(f"new PIN for {args.name} (6-12 digits): ")
        if not args.pin_stdin and pin != pins.read("repeat the PIN: "):
            fail("the PINs do not match", code=2)
        if args.as_user:
            user = stack.maintenance.add_user(args.name, role, pin)
            stack.maintenance.logout()
        else:
            user = stack.users.add(args.name, role, pin)
        emit({"added": user.name, "staff_no": user.staff_no, "role": user.role.value})
    return 0


def _list(args: argparse.Namespace) -> int:
    with opened(args) as stack:
        for row in stack.users.list():
            emit(row)
    return 0
