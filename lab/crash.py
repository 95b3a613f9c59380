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
import os
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
from lab.worker_proc import Hostility, WorkerProc

LIFE_TIMEOUT_S = 90.0
ALL_POINTS = (*POINTS, "random")
#: The kiosk's ``timeouts.escrow_s`` in hostile runs: some notes stack slower than this.
LAB_ESCROW_S = 0.6
#: Failure lines from ``lab.invariants.attribution`` start with one of these.
NOTE_FAILURES = ("lost", "double", "misattributed", "invisible")


@dataclass(frozen=True)
class Adversary:
    """The device, line and disk faults of one run (issue 14), drawn from its seed.

    ``stack_time_s`` (slower than ``LAB_ESCROW_S`` makes late notes), lost ACKs of note
    reports, the link dropped while a note is stacking, the validator unplugged while
    the kiosk restarts (plugged in ``unplug_s`` later), and full-disk faults on the
    stacked commit of a life (``disk_faults`` commits fail).
    """

    stack_time_s: float = 0.0
    lose_ack: float = 0.0
    drop_link: float = 0.0
    drop_s: float = 0.5
    unplug_s: float = 0.0
    disk_faults: int = 0

    @classmethod
    def draw(cls, seed: int) -> Adversary:
        h = random.Random(seed * 7919 + 14)
        return cls(stack_time_s=h.choice((0.0, 0.0, 0.05, 0.2, 0.9)),
                   lose_ack=h.choice((0.0, 0.3)), drop_link=h.choice((0.0, 0.0, 0.25)),
                   drop_s=round(h.uniform(0.2, 0.8), 2),
                   unplug_s=h.choice((0.0, 0.0, round(h.uniform(0.1, 1.5), 2))),
                   disk_faults=h.choice((0, 0, 0, 1, 2)))

    def classes(self) -> list[str]:
        out = []
        if self.stack_time_s > LAB_ESCROW_S:
            out.append("slow_stack")
        elif self.stack_time_s:
            out.append("stacking_time")
        out += [name for name, on in (("lost_ack", self.lose_ack), ("link_drop_stacking",
                self.drop_link), ("unplugged_at_restart", self.unplug_s),
                ("disk_full_stacked", self.disk_faults)) if on]
        return out


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
    faults: list[str] = field(default_factory=list)  # the adversary's classes this run
    acks_lost: int = 0
    links_dropped: int = 0


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
                 points: tuple[str, ...] = ALL_POINTS, hostile: bool = True) -> None:
        self.points = points
        self.hostile = hostile
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

    def _emulator(self, clock: DeviceClock, link: Path) -> ValidatorEmulator:
        kind = CcnetEmulator if self.protocol == "ccnet" else Id003Emulator
        return kind(clock=clock, link=str(link))

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
        emu = self._emulator(clock, data / "validator")
        port = emu.start()
        adv = Adversary.draw(seed) if self.hostile else Adversary()
        result.faults = adv.classes()
        emu.stack_time_s = adv.stack_time_s
        hostility = Hostility(adv.lose_ack, adv.drop_link, adv.drop_s, seed)
        base = ["--data", str(data), "--port", port, "--protocol", self.protocol,
                "--url", self.central.url, "--kiosk-id", kid]
        if self.hostile:
            base += ["--escrow-s", str(LAB_ESCROW_S)]
        workers: list[WorkerProc] = []
        timers: list[threading.Timer] = []

        def life_args(extra: list[str], life: int) -> list[str]:
            if adv.unplug_s and life > 0:  # unplugged while the kiosk restarts
                emu.unplug()
                timers.append(threading.Timer(adv.unplug_s, emu.plug))
                timers[-1].start()
            disk = ["--disk-fault", str(adv.disk_faults)] if adv.disk_faults and \
                rng.random() < 0.5 else []
            return [*base, "--seed", str(rng.randrange(2**31)), *extra, *disk]

        try:
            for life in range(rng.randint(1, 2)):
                aim = rng.choice(self.points)
                extra, aim = _plan(rng, aim, rng.randint(2, 5))
                if life == 0 and point is not None:
                    extra, aim = ["--sessions", "2", "--settle-every", "1"], point
                    if point != "random":
                        extra += ["--kill-point", point, "--kill-at", str(kill_at or 1)]
                w = WorkerProc(emu, life_args(extra, life), stderr=data / "worker.log",
                               hostility=hostility)
                workers.append(w)
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
            last = WorkerProc(emu, life_args(["--sessions", str(rng.randint(0, 2)), "--drain",
                                              "--settle"], len(workers)),
                              stderr=data / "worker.log", hostility=hostility)
            workers.append(last)
            code = last.wait(LIFE_TIMEOUT_S)
            result.sessions += last.sessions
            if code != 0 or last.done is None:
                result.failures.append(f"recovery life exited with {code}")
            elif not last.done.get("drained"):
                result.failures.append("outbox did not drain to the server")
            stacked, escrow_left, result.escrow_timeouts = device_after_run(emu, clock)
            kiosk = kiosk_facts(data / "kiosk.db")
            with emu.lock:
                inserted = list(emu.stacked_tags)
            result.failures += check(stacked, escrow_left, kiosk, self.central.holdings(kid),
                                     inserted)
            result.acks_lost = emu.acks_lost
            result.links_dropped = sum(w.links_dropped for w in workers)
            result.notes_stacked, result.cash = len(stacked), sum(stacked)
        except Exception as exc:  # the harness must report, not die, on one bad run
            result.failures.append(f"harness error: {type(exc).__name__}: {exc}")
        finally:
            for t in timers:
                t.cancel()
            emu.stop()
        result.seconds = round(time.monotonic() - t0, 2)
        if not result.failures and not self.keep:
            shutil.rmtree(data, ignore_errors=True)
        return result


def crash_test(runs: int, seed: int, workdir: Path, *, protocol: str = "ccnet",
               keep: bool = False, stop_on_failure: bool = False,
               points: tuple[str, ...] = ALL_POINTS, hostile: bool = True,
               progress: Callable[[RunResult], None] | None = None) -> dict[str, Any]:
    """Run ``runs`` scenarios (seeds ``seed .. seed+runs-1``); returns the summary."""
    t0 = time.monotonic()
    load0 = round(os.getloadavg()[0], 1)
    results: list[RunResult] = []
    with CrashLab(workdir, protocol=protocol, keep=keep, points=points,
                  hostile=hostile) as lab:
        for i in range(runs):
            r = lab.run(seed + i)
            results.append(r)
            if progress is not None:
                progress(r)
            if r.failures and stop_on_failure:
                break
    failed = [r for r in results if r.failures]
    kills: dict[str, int] = {}
    faults: dict[str, int] = {}
    note_failures = dict.fromkeys(NOTE_FAILURES, 0)
    for r in results:
        for k in r.kills:
            kills[k] = kills.get(k, 0) + 1
        for f in r.faults:
            faults[f] = faults.get(f, 0) + 1
        for line in r.failures:
            kind = line.split(":", 1)[0]
            if kind in note_failures:
                note_failures[kind] += 1
    return {"runs": len(results), "failures": len(failed),
            "first_failing_seed": failed[0].seed if failed else None,
            "first_failure": asdict(failed[0]) if failed else None,
            "kills": dict(sorted(kills.items())),
            "fault_classes": dict(sorted(faults.items())),  # runs with each adversary class
            "note_failures": note_failures,  # notes lost / double / misattributed / invisible
            "acks_lost": sum(r.acks_lost for r in results),
            "links_dropped": sum(r.links_dropped for r in results),
            "sessions": sum(r.sessions for r in results),
            "notes_stacked": sum(r.notes_stacked for r in results),
            "cash": sum(r.cash for r in results),
            "escrow_timeouts": sum(r.escrow_timeouts for r in results),
            "seconds": round(time.monotonic() - t0, 1), "protocol": protocol,
            "load_avg": [load0, round(os.getloadavg()[0], 1)],  # 1-min, at start and end
            "hostile": hostile, "first_seed": seed,
            "points": list(points),
            "workdir": str(workdir)}


def merge(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """One summary for consecutive chunks of a campaign (``--runs N --seed S`` each).

    Why chunks: on a shared machine a 1,000-run campaign is run as chunks whose seeds
    follow each other, so a campaign cut short still has complete, honest summaries.
    Counts add up; ``first_failure`` is the earliest chunk's; ``load_avg`` spans the lot.
    """
    if not summaries:
        raise ValueError("nothing to merge")
    out: dict[str, Any] = {"runs": 0, "failures": 0, "first_failing_seed": None,
                           "first_failure": None, "chunks": []}
    add = ("sessions", "notes_stacked", "cash", "escrow_timeouts", "acks_lost",
           "links_dropped", "seconds")
    tables = ("kills", "fault_classes", "note_failures")
    for s in summaries:
        out["runs"] += s["runs"]
        out["failures"] += s["failures"]
        if out["first_failure"] is None and s.get("first_failure"):
            out["first_failing_seed"], out["first_failure"] = (s["first_failing_seed"],
                                                               s["first_failure"])
        for key in add:
            out[key] = round(out.get(key, 0) + s.get(key, 0), 1)
        for key in tables:
            merged: dict[str, int] = out.setdefault(key, {})
            for k, n in s.get(key, {}).items():
                merged[k] = merged.get(k, 0) + n
        out["chunks"].append({"seed": s.get("first_seed"), "runs": s["runs"],
                              "failures": s["failures"], "load_avg": s.get("load_avg")})
    for key in ("kills", "fault_classes"):
        out[key] = dict(sorted(out[key].items()))
    first = summaries[0]
    loads = [x for s in summaries for x in (s.get("load_avg") or [])]
    out.update(protocol=first["protocol"], points=first.get("points", []),
               hostile=first.get("hostile", False),
               load_avg=[min(loads), max(loads)] if loads else None)
    return out
