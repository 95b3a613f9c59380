"""Soak: many emulated customers through one kiosk process, watching what must not grow.

The worker serves ``sessions`` customers without a crash, printing its process figures
(RSS, fds, threads, journal bytes) every ``probe_every`` sessions; the lab reports the
first probe after warm-up against the last (growth must be ~0 for RSS, fds, threads),
and per session the kiosk's own overhead: session wall time minus the time spent
waiting for the (emulated) customer and device, i.e. from asking for a note until the
kiosk reported it paid, returned or rejected.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from devices.emulators.ccnet import CcnetEmulator
from kiosk.settlement.keys import SigningKey
from lab.central_proc import CentralProcess
from lab.invariants import check, kiosk_facts
from lab.worker_proc import WorkerProc


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def soak_run(workdir: Path, *, sessions: int = 10000, seed: int = 1,
             settle_every: int = 500) -> dict[str, Any]:
    workdir.mkdir(parents=True, exist_ok=True)
    kid = f"SOAK-{seed}-{int(time.time() * 1000) % 1000000}"
    data = workdir / kid
    key = SigningKey.load_or_create(data)
    emu = CcnetEmulator()
    t0 = time.monotonic()
    with CentralProcess(workdir / "central.db") as central:
        (data / "secret").write_text(central.add_kiosk(kid, key.public_key_hex))
        port = emu.start()
        try:
            w = WorkerProc(emu, ["--data", str(data), "--port", port, "--url", central.url,
                                 "--kiosk-id", kid, "--seed", str(seed), "--sessions",
                                 str(sessions), "--probe-every", str(max(1, sessions // 20)),
                                 "--settle-every", str(settle_every), "--drain",
                                 "--drain-timeout", "600"],
                           stderr=data / "worker.log")
            code = w.wait(6 * 3600)
            with emu.lock:
                stacked, escrow_left = list(emu.notes_stacked), emu.model.escrow is not None
        finally:
            emu.stop()
        held = central.holdings(kid)
    kiosk = kiosk_facts(data / "kiosk.db")
    failures = [] if code == 0 and w.done else [f"worker exited with {code}"]
    failures += check(stacked, escrow_left, kiosk, held)
    done = w.done or {}
    durations = [float(x) for x in done.get("durations", [])]
    overhead = [d - float(x) for d, x in zip(durations, done.get("device_times", []),
                                              strict=False)]
    probes = [m["probe"] for m in w.lines if "probe" in m]
    warm = probes[0] if probes else done.get("start", {})
    end = done.get("end", {})
    return {
        "sessions": len(durations), "seconds": round(time.monotonic() - t0, 1),
        "notes_stacked": len(stacked), "cash": sum(stacked),
        "start": done.get("start"), "after_warmup": warm, "end": end,
        "rss_growth_bytes": int(end.get("rss", 0)) - int(warm.get("rss", 0)),
        "fds_growth": int(end.get("fds", 0)) - int(warm.get("fds", 0)),
        "threads_growth": int(end.get("threads", 0)) - int(warm.get("threads", 0)),
        "journal_bytes": end.get("db_bytes"),
        "session_p50_ms": round(percentile(durations, 50) * 1000, 1),
        "session_p99_ms": round(percentile(durations, 99) * 1000, 1),
        "overhead_p50_ms": round(percentile(overhead, 50) * 1000, 1),
        "overhead_p99_ms": round(percentile(overhead, 99) * 1000, 1),
        "probes": probes, "failures": failures,
    }
