"""Catch-up time: N queued transactions delivered to a local reference server.

The server runs as a separate ``kiosk-central serve`` process (as in the field, so the
kiosk side and server side do not share a GIL); the kiosk side is one SyncWorker
pass. Every record is checked to have arrived exactly once. ::

    .venv/bin/python benchmarks/bench_sync.py [--quick] [--n 50000] [--batch 100]

Results are written to benchmarks/results/bench_sync.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from central.admin import Admin
from lab.central_proc import free_port
from offline_queue import HmacAuth, Store, SyncWorker

RESULTS = Path(__file__).resolve().parent / "results"


def fill(store: Store, n: int, per_tx: int = 1000) -> None:
    """Queue n transactions (setup, so several per commit to keep it short)."""
    for start in range(0, n, per_tx):
        with store.atomic() as tx:
            for i in range(start, min(n, start + per_tx)):
                tid = f"bench-{i:07d}"
                data = {"transaction_id": tid, "seq": i, "service": "topup", "biller": None,
                        "account": "13800138000", "currency": "CNY", "gross": 8000, "fee": 0,
                        "commission": 24, "total": 8000, "method": "cash", "cash": 8000,
                        "card": 0, "voucher": 0, "status": "completed", "notes": {"5000": 1},
                        "created_at": "2026-11-25T08:00:00Z",
                        "completed_at": "2026-11-25T08:00:30Z", "business_date": "2026-11-25"}
                tx.journal("transaction_completed", {"transaction_id": tid})
                tx.enqueue("transaction", tid, data)



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 records instead of 50,000")
    parser.add_argument("--n", type=int)
    parser.add_argument("--batch", type=int, default=100, help="records per request")
    args = parser.parse_args(argv)
    n = args.n or (2000 if args.quick else 50_000)
    with tempfile.TemporaryDirectory() as tmp:
        central_db = Path(tmp) / "central.db"
        admin = Admin(central_db)
        secret = bytes.fromhex(admin.add_kiosk("K0001"))
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "central.cli", "serve", "--db",
                                   str(central_db), "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while True:
                try:
                    requests.get(url + "/v1/health", timeout=1)
                    break
                except requests.ConnectionError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("server did not start") from None
                    time.sleep(0.1)
            store = Store(Path(tmp) / "kiosk.db")
            t0 = time.perf_counter()
            fill(store, n)
            fill_s = time.perf_counter() - t0
            worker = SyncWorker(store, url, HmacAuth("K0001", secret), batch_size=args.batch,
                                read_timeout=60)
            t0 = time.perf_counter()
            delivered = 0
            while store.status().pending:
                delivered += worker.sync_once()
            catch_up_s = time.perf_counter() - t0
            worker.stop()
            st = store.status()
            store.close()
            received = admin.record_count("K0001")
            unique = len(set(admin.record_ids("K0001")))
        finally:
            server.terminate()
            server.wait(15)
            admin.close()
    ok = delivered == n == received == unique and st.pending == 0 and st.dead_letters == 0
    result = {"benchmark": "catch-up of queued transactions", "n": n, "batch_size": args.batch,
              "quick": args.quick, "queue_fill_s": round(fill_s, 2),
              "catch_up_s": round(catch_up_s, 2), "records_per_s": round(n / catch_up_s, 1),
              "delivered": delivered, "received_by_server": received,
              "exactly_once": ok,
              "machine": {"python": platform.python_version(), "platform": platform.platform()},
              "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    print(f"queued {n} in {fill_s:.1f} s; caught up in {catch_up_s:.1f} s "
          f"({n / catch_up_s:.0f} records/s, batch {args.batch}); exactly once: {ok}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / ("bench_sync_quick.json" if args.quick else "bench_sync.json")
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"results: {out}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
