"""Network-fault scenario: customers keep paying while the link to the server misbehaves.

The kiosk worker talks to the server only through ``FaultProxy``. While it serves
``sessions`` customers the lab cycles through fault phases (drops, delays, resets
mid-response, partial writes, a captive portal answering 200 for the server, a server
SIGKILL + restart on the same port); then the link is made clean and the lab measures
how long the kiosk takes to drain its outbox.
Figures: records sent, delivered exactly once, duplicates at the server (must be 0),
time to drain after recovery, and the same money invariants as the crash test.
"""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path
from typing import Any

from devices.emulators.ccnet import CcnetEmulator
from kiosk.settlement.keys import SigningKey
from lab.central_proc import CentralProcess
from lab.invariants import check, kiosk_facts
from lab.netfault import CLEAN, FaultProxy, Faults
from lab.worker_proc import WorkerProc

PHASES: tuple[tuple[str, Faults], ...] = (
    ("drop", Faults(drop=0.5)),
    ("delay", Faults(delay_s=0.3)),
    ("reset", Faults(reset=0.5)),
    ("partial", Faults(partial=0.5)),
    ("mixed", Faults(drop=0.2, delay_s=0.05, reset=0.3, partial=0.2)),
    ("portal", Faults(portal=1.0)),
    ("server-restart", CLEAN),
)


def _phases(proxy: FaultProxy, central: CentralProcess, rng: random.Random, phase_s: float,
            cycles: int, log: list[str]) -> None:
    """Every phase once per cycle, in a seeded order, each followed by a short clean gap."""
    pause = threading.Event()
    for _ in range(cycles):
        for name, faults in rng.sample(PHASES, len(PHASES)):
            log.append(name)
            if name == "server-restart":
                central.kill()
                pause.wait(phase_s)
                central.start()
            else:
                proxy.set_faults(faults)
                pause.wait(phase_s)
            proxy.set_faults(CLEAN)
            pause.wait(phase_s / 4)


def netfault_run(workdir: Path, *, cycles: int = 1, seed: int = 1, phase_s: float = 1.0,
                 batch: int = 5) -> dict[str, Any]:
    """Customers keep coming through ``cycles`` rounds of every fault phase; then the link
    is clean and the kiosk drains. Returns figures and ``failures`` (empty = all held)."""
    workdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    kid = f"NET-{seed}-{int(time.time() * 1000) % 1000000}"
    data = workdir / kid
    key = SigningKey.load_or_create(data)
    central = CentralProcess(workdir / "central.db")
    emu = CcnetEmulator()
    phases: list[str] = []
    stop_file = data / "stop"
    central.start()
    try:
        (data / "secret").write_text(central.add_kiosk(kid, key.public_key_hex))
        with FaultProxy(central.port, seed=seed) as proxy:
            port = emu.start()
            w = WorkerProc(emu, ["--data", str(data), "--port", port, "--url", proxy.url,
                                 "--kiosk-id", kid, "--seed", str(seed), "--sessions",
                                 "100000", "--stop-file", str(stop_file), "--batch",
                                 str(batch), "--drain",
                                 "--drain-timeout", "120", "--settle"],
                           stderr=data / "worker.log")
            w.ready.wait(30)
            _phases(proxy, central, rng, phase_s, cycles, phases)
            stop_file.write_text("stop")
            central.start()
            proxy.set_faults(CLEAN)
            clean_at = time.time()
            code = w.wait(180)
            counters = dict(proxy.counters)
        with emu.lock:
            stacked, escrow_left = list(emu.notes_stacked), emu.model.escrow is not None
        kiosk = kiosk_facts(data / "kiosk.db")
        held = central.holdings(kid)
    finally:
        emu.stop()
        central.stop()
    failures = [] if code == 0 and w.done else [f"worker exited with {code}"]
    failures += check(stacked, escrow_left, kiosk, held)
    done = w.done or {}
    ids = [r["record_id"] for r in held["records"]]
    return {
        "sessions": w.sessions, "seed": seed, "cycles": cycles, "phases": phases, "proxy": counters,
        "records_sent": len(kiosk["outbox_ids"]), "records_delivered": len(set(ids)),
        "delivered_exactly_once": sorted(set(ids)) == sorted(kiosk["outbox_ids"]),
        "duplicates_at_server": len(ids) - len(set(ids)) + len(held["transactions"])
        - len({t["transaction_id"] for t in held["transactions"]}),
        "transactions": len(kiosk["finals"]), "cash": sum(stacked),
        "drain_after_recovery_s": round(max(0.0, float(done.get("drained_at", clean_at))
                                            - clean_at), 2),
        "failures": failures,
    }
