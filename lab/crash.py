"""Crash injection: random customer sessions, SIGKILL at chosen steps, restart, reconcile.

One run (seed ``s``) = a fresh kiosk (own data dir, own kiosk id at the shared server,
own validator emulator) living 1-2 lives that are SIGKILLed at a kill point
(``lab.killpoints.POINTS``) or at a random moment, then a last life that recovers,
serves a few more customers, drains the outbox and closes a settlement batch. Then
``lab.invariants.check`` compares device, journal and server.

Reproducible: run ``i`` of ``--seed S`` uses seed ``S + i``; ``--runs 1 --seed S+i``
replays its plan (kill points, hit counts, sessions, notes). Thread timing is real, so
a replay hits the same step, not necessarily the same microsecond.
"""

from __future__ import annotations

import itertools
import random
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from devices.emulators.ccnet import CcnetEmulator
from devices.emulators.id003 import Id003Emulator
from devices.emulators.validator_emulator import ValidatorEmulator
from kiosk.settlement.keys import SigningKey
from lab.central_proc import CentralProcess
from lab.invariants import check, kiosk_facts
from lab.killpoints import POINTS
from lab.worker_proc import WorkerProc

LIFE_TIMEOUT_S = 90.0
ALL_POINTS = (*POINTS, "random")


class DeviceClock:
    """The emulator's clock: real time plus the time the lab lets pass after a run."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset


def device_after_run(emu: ValidatorEmulator, clock: DeviceClock) -> tuple[list[int], bool, int]:
    """(notes stacked, a note still in escrow, notes the device returned on its timer).

    Why the timer: a note can reach escrow after the last kiosk life stopped polling (the
    customer's hand raced the shutdown, or a killed life's customer inserted it). Nobody
    answers it, and a real validator then returns it on its escrow timeout (see
    ``ValidatorEmulator.expire_escrow``): the lab lets that time pass before it reads
    the ground truth. A note the kiosk had bound to a row cannot hide this way: its row
    stays escrowed/unresolved, or its credit has no stacked note to match.
    """
    emu.draw_in()
    clock.offset += emu.escrow_timeout_s
    timed_out = emu.expire_escrow()
    with emu.lock:
        return list(emu.notes_stacked), emu.model.escrow is not None, int(timed_out)


@dataclass
class RunResult:
    seed: int
    kills: list[str] = field(default_factory=list)  # point, or "point:not-reached"
    failures: list[str] = field(default_factory=list)
    sessions: int = 0
    notes_stacked: int = 0
    cash: int = 0
    escrow_timeouts: int = 0  # notes nobody answered, returned by the device's timer
    seconds: float = 0.0


def _plan(rng: random.Random, point: str, sessions: int) -> tuple[list[str], str]:
    """Extra worker arguments for one killed life and the point it aims at."""
    args = ["--sessions", str(sessions)]
    if point == "random":
        return args, point
    hits = {"escrow": 2 * sessions, "stacked": 2 * sessions, "journal": 10 * sessions,
            "finalize": sessions, "sync": 3, "settle": 1}[point]
    if point == "settle":
        args += ["--settle-every", str(rng.randint(1, sessions))]
    return [*args, "--kill-point", point, "--kill-at", str(rng.randint(1, hits))], point


class CrashLab:
    """One server for many runs; ``run(seed)`` is one reproducible crash scenario."""

    def __init__(self, workdir: Path, *, protocol: str = "ccnet", keep: bool = False,
                 points: tuple[str, ...] = ALL_POINTS) -> None:
        self.points = points
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.protocol = protocol
        self.keep = keep
        self.central = CentralProcess(self.workdir / "central.db")
        self._ids = itertools.count(1)

    def __enter__(self) -> CrashLab:
        self.central.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.central.stop()

    def _emulator(self, clock: DeviceClock) -> ValidatorEmulator:
        kind = CcnetEmulator if self.protocol == "ccnet" else Id003Emulator
        return kind(clock=clock)

    def run(self, seed: int, *, point: str | None = None, kill_at: int | None = None
            ) -> RunResult:
        """One scenario; ``point``/``kill_at`` pin the first life's kill (tests, replays)."""
        t0 = time.monotonic()
        rng = random.Random(seed)
        result = RunResult(seed)
        kid = f"LAB-{seed}-{next(self._ids)}-{int(time.time() * 1000) % 100000}"
        data = self.workdir / kid
        key = SigningKey.load_or_create(data)
        (data / "secret").write_text(self.central.add_kiosk(kid, key.public_key_hex))
        clock = DeviceClock()
        emu = self._emulator(clock)
        port = emu.start()
        base = ["--data", str(data), "--port", port, "--protocol", self.protocol,
                "--url", self.central.url, "--kiosk-id", kid]
        try:
            for life in range(rng.randint(1, 2)):
                aim = rng.choice(self.points)
                extra, aim = _plan(rng, aim, rng.randint(2, 5))
                if life == 0 and point is not None:
                    extra, aim = ["--sessions", "2", "--settle-every", "1"], point
                    if point != "random":
                        extra += ["--kill-point", point, "--kill-at", str(kill_at or 1)]
                w = WorkerProc(emu, [*base, "--seed", str(rng.randrange(2**31)), *extra],
                               stderr=data / "worker.log")
                if aim == "random":
                    delay = rng.uniform(0.0, 1.5)
                    if w.ready.wait(30):
                        threading.Event().wait(delay)  # the crash moment, chosen by the seed
                    w.kill()
                code = w.wait(LIFE_TIMEOUT_S)
                result.sessions += w.sessions
                if code is None:
                    result.failures.append(f"worker hung in a life aimed at {aim}")
                result.kills.append(aim if code is not None and code < 0
                                    else f"{aim}:not-reached")
            last = WorkerProc(emu, [*base, "--seed", str(rng.randrange(2**31)), "--sessions",
                                    str(rng.randint(0, 2)), "--drain", "--settle"],
                              stderr=data / "worker.log")
            code = last.wait(LIFE_TIMEOUT_S)
            result.sessions += last.sessions
            if code != 0 or last.done is None:
                result.failures.append(f"recovery life exited with {code}")
            elif not last.done.get("drained"):
                result.failures.append("outbox did not drain to the server")
            stacked, escrow_left, result.escrow_timeouts = device_after_run(emu, clock)
            kiosk = kiosk_facts(data / "kiosk.db")
            result.failures += check(stacked, escrow_left, kiosk, self.central.holdings(kid))
            result.notes_stacked, result.cash = len(stacked), sum(stacked)
        except Exception as exc:  # the harness must report, not die, on one bad run
            result.failures.append(f"harness error: {type(exc).__name__}: {exc}")
        finally:
            emu.stop()
        result.seconds = round(time.monotonic() - t0, 2)
        if not result.failures and not self.keep:
            shutil.rmtree(data, ignore_errors=True)
        return result


def crash_test(runs: int, seed: int, workdir: Path, *, protocol: str = "ccnet",
               keep: bool = False, stop_on_failure: bool = False,
               points: tuple[str, ...] = ALL_POINTS,
               progress: Callable[[RunResult], None] | None = None) -> dict[str, Any]:
    """Run ``runs`` scenarios (seeds ``seed .. seed+runs-1``); returns the summary."""
    t0 = time.monotonic()
    results: list[RunResult] = []
    with CrashLab(workdir, protocol=protocol, keep=keep, points=points) as lab:
        for i in range(runs):
            r = lab.run(seed + i)
            results.append(r)
            if progress is not None:
                progress(r)
            if r.failures and stop_on_failure:
                break
    failed = [r for r in results if r.failures]
    kills: dict[str, int] = {}
    for r in results:
        for k in r.kills:
            kills[k] = kills.get(k, 0) + 1
    return {"runs": len(results), "failures": len(failed),
            "first_failing_seed": failed[0].seed if failed else None,
            "first_failure": asdict(failed[0]) if failed else None,
            "kills": dict(sorted(kills.items())),
            "sessions": sum(r.sessions for r in results),
            "notes_stacked": sum(r.notes_stacked for r in results),
            "cash": sum(r.cash for r in results),
            "escrow_timeouts": sum(r.escrow_timeouts for r in results),
            "seconds": round(time.monotonic() - t0, 1), "protocol": protocol,
            "points": list(points),
            "workdir": str(workdir)}
