"""``kiosk update``: signed releases on this kiosk (docs/operations.md, section 10).

The running kiosk checks and switches by itself; these commands are the technician's
view and hands. ``check`` and ``install`` verify and stage a release but never switch:
only the running kiosk knows whether a customer is paying, so it switches at its next
check (or at once on the server's ``update-check``). ``rollback`` points ``current`` at
the previous slot; restart the kiosk to run it. An update operation of the running
kiosk and of this command never overlap (a lock in the data directory).
"""

from __future__ import annotations

import argparse
import getpass
import time
from pathlib import Path
from typing import Any

from kiosk_cli.common import add_command, add_group, emit, fail, load_config


class _ShellGate:
    """A shell cannot see the customer screen: switching is left to the running kiosk."""

    def hold_for_switch(self) -> str | None:
        return "switching is left to the running kiosk (at its next check)"

    def release_hold(self) -> None:
        pass


def register(sub: Any) -> None:
    group = add_group(sub, "update", "Signed software updates: check, status, install, "
                      "rollback, self-test.", "kiosk update status")
    p = add_command(group, "check", "Ask the server now; verify and stage a newer release "
                    "(the running kiosk switches when idle).", "kiosk update check")
    p.set_defaults(func=_check)
    p = add_command(group, "status", "Running and previous release, staged release, trial, "
                    "unsent reports, last check.", "kiosk update status")
    p.set_defaults(func=_status)
    p = add_command(group, "install", "Verify one release with TUF and stage it (also one "
                    "that says rollback is impossible, with --allow-no-rollback).",
                    "kiosk update install 1.4.0")
    p.add_argument("version")
    p.add_argument("--allow-no-rollback", action="store_true",
                   help="install even though the release says the previous one cannot run "
                   "on the migrated data")
    p.set_defaults(func=_install)
    p = add_command(group, "rollback", "Point current back at the previous slot (marks the "
                    "running release bad); then restart the kiosk.",
                    "kiosk update rollback --reason 'receipt cut off' && "
                    "sudo systemctl restart kiosk")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=_rollback)
    p = add_command(group, "self-test", "Run the post-switch self-test of a release on "
                    "trial (store and server checks; the kiosk itself adds devices and UI).",
                    "kiosk update self-test")
    p.set_defaults(func=_self_test)


def _updater(args: argparse.Namespace) -> Any:
    from kiosk.errors import KioskError
    from kiosk.runtime.runtime import read_secret
    from kiosk.staff.setup import open_store
    from kiosk.update import selftest
    from kiosk.update.fetch import ReleaseFetcher
    from kiosk.update.server import ReleaseServer
    from kiosk.update.updater import Settings, Updater
    from offline_queue import HmacAuth

    config = load_config(args)
    root = str(config["update.root"])
    if not root:
        fail("updates are off on this kiosk: set update.root in kiosk.toml")
    try:
        auth = HmacAuth(str(config["kiosk_id"]), read_secret(config))
    except KioskError as exc:
        fail(str(exc))
        raise
    store = open_store(config)
    url = str(config["server.url"])
    trusted = Path(str(config["update.trusted_root"])).expanduser()
    return Updater(
        Settings(Path(root).expanduser(), max_boots=int(config["update.max_boots"]),
                 quiet_hours=str(config["update.quiet_hours"])), config.data_dir,
        fetcher=ReleaseFetcher(url, config.data_dir, trusted, auth),
        server=ReleaseServer(url, str(config["kiosk_id"]), auth), gate=_ShellGate(),
        restart=lambda _reason: None, data_schema=lambda: selftest.store_schema(store)), store


def _check(args: argparse.Namespace) -> int:
    updater, store = _updater(args)
    with store:
        out = updater.check()
    emit(out)
    return 1 if out.get("result") == "error" else 0


def _status(args: argparse.Namespace) -> int:
    updater, store = _updater(args)
    with store:
        emit(updater.status())
    return 0


def _install(args: argparse.Namespace) -> int:
    from kiosk.update.errors import UpdateError

    updater, store = _updater(args)
    with store:
        try:
            path = updater.install(args.version, allow_no_rollback=args.allow_no_rollback)
        except UpdateError as exc:
            fail(str(exc))
        emit({"staged": args.version, "slot": str(path),
              "next": "the running kiosk switches when idle (or: kiosk-central command send"
                      " <kiosk> update-check)"})
    return 0


def _rollback(args: argparse.Namespace) -> int:
    updater, store = _updater(args)
    with store:
        if updater.slots.current() is None:
            fail("the factory install is running: there is nothing to roll back to")
        back = updater.rollback(f"by technician {getpass.getuser()}: {args.reason}")
        updater.send_reports()
    emit({"current": back, "next": "sudo systemctl restart kiosk"})
    return 0


def _self_test(args: argparse.Namespace) -> int:
    from kiosk.update import selftest, trial
    from kiosk.update.boot import server_reachable

    updater, store = _updater(args)
    with store:
        url = str(load_config(args)["server.url"])
        checks = {"server": selftest.flag_check(server_reachable(url), "server not reachable")}
        result = trial.after_switch(updater.slots, updater.state, store, checks, time.time())
    if result is None:
        emit({"self_test": None, "detail": "no release on trial"})
        return 0
    emit({"self_test": {"passed": result.passed, "failures": result.failures}})
    return 0 if result.passed else 3
