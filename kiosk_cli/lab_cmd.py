"""``kiosk lab``: crash injection, network faults and soak against emulators + a real server.

Each command starts the reference server as a subprocess, emulators in this process and
the kiosk in a child process (see ``lab``), prints one JSON line per run or a
summary, and exits 1 if any money invariant broke.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from kiosk_cli.common import add_command, add_group, emit


def register(sub: Any) -> None:
    group = add_group(sub, "lab", "Prove money safety under crashes, network faults and load.",
                      "kiosk lab crash-test --runs 20 --seed 1")
    p = add_command(group, "crash-test",
                    "SIGKILL the kiosk at random steps, restart, reconcile device, journal and "
                    "server; prints runs, failures and the first failing seed.",
                    "kiosk lab crash-test --runs 1000 --seed 1")
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--seed", type=int, default=1, help="run i uses seed SEED+i")
    p.add_argument("--protocol", default="ccnet", choices=("ccnet", "id003"))
    p.add_argument("--points", help="comma-separated kill points (default: all + random)")
    p.add_argument("--stop-on-failure", action="store_true")
    _common(p)
    p.set_defaults(func=_crash)
    p = add_command(group, "netfault",
                    "Serve customers through a fault-injecting proxy (drops, delays, resets, "
                    "partial writes, server restarts); report exactly-once delivery.",
                    "kiosk lab netfault --cycles 3 --seed 3")
    p.add_argument("--cycles", type=int, default=2, help="rounds through every fault phase")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--phase-s", type=float, default=1.0, help="length of one fault phase")
    p.add_argument("--batch", type=int, default=5, help="sync batch size")
    _common(p)
    p.set_defaults(func=_netfault)
    p = add_command(group, "soak", "Serve many emulated customers in one kiosk process; report "
                    "RSS, fds, threads, journal size and the kiosk's own overhead.",
                    "kiosk lab soak --sessions 10000")
    p.add_argument("--sessions", type=int, default=10000)
    p.add_argument("--seed", type=int, default=1)
    _common(p)
    p.set_defaults(func=_soak)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workdir", help="keep data here (default: a temp dir, removed if clean)")
    p.add_argument("--results", help="also write the JSON summary to this file")


def _workdir(args: argparse.Namespace) -> tuple[Path, bool]:
    if args.workdir:
        return Path(args.workdir), False
    return Path(tempfile.mkdtemp(prefix="kiosk-lab-")), True


def _finish(args: argparse.Namespace, summary: dict[str, Any], workdir: Path, temp: bool,
            ok: bool) -> int:
    if args.results:
        Path(args.results).parent.mkdir(parents=True, exist_ok=True)
        Path(args.results).write_text(json.dumps(summary, indent=1) + "\n")
    if ok and temp:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


def _crash(args: argparse.Namespace) -> int:
    from lab.crash import ALL_POINTS, crash_test

    points = tuple(x for x in (args.points or "").split(",") if x) or ALL_POINTS
    workdir, temp = _workdir(args)
    summary = crash_test(args.runs, args.seed, workdir, protocol=args.protocol,
                         stop_on_failure=args.stop_on_failure, points=points,
                         progress=lambda r: emit({"run": r.seed, "kills": r.kills,
                                                  "ok": not r.failures,
                                                  "failures": r.failures, "faults": r.faults,
                                                  "seconds": r.seconds}))
    emit({"summary": summary})
    return _finish(args, summary, workdir, temp, summary["failures"] == 0)


def _netfault(args: argparse.Namespace) -> int:
    from lab.netfault_lab import netfault_run

    workdir, temp = _workdir(args)
    result = netfault_run(workdir, cycles=args.cycles, seed=args.seed,
                          phase_s=args.phase_s, batch=args.batch)
    emit(result)
    return _finish(args, result, workdir, temp, not result["failures"])


def _soak(args: argparse.Namespace) -> int:
    from lab.soak import soak_run

    workdir, temp = _workdir(args)
    result = soak_run(workdir, sessions=args.sessions, seed=args.seed)
    emit(result)
    return _finish(args, result, workdir, temp, not result["failures"])
