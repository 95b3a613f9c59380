"""Durable commits per second: Store.atomic()+journal+enqueue vs raw SQLite vs persist-queue.

All three fsync every commit (WAL + synchronous=FULL; persist-queue's own settings are
read back and reported). One command, one run, ratios printed::

    .venv/bin/python benchmarks/bench_journal.py [--quick] [--n N] [--dir DIR]

Results are written to benchmarks/results/bench_journal.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from offline_queue import Store

RESULTS = Path(__file__).resolve().parent / "results"
ROUNDS = 5
PAYLOAD = {"transaction_id": "", "service": "topup", "account": "13800138000",
           "currency": "CNY", "gross": 8000, "fee": 0, "commission": 24, "total": 8000,
           "method": "cash", "cash": 8000, "card": 0, "voucher": 0, "status": "completed",
           "notes": {"5000": 1, "2000": 1, "1000": 1}, "business_date": "2026-11-25"}


def bench_store(directory: Path, n: int) -> float:
    store = Store(directory / "store.db")
    try:
        start = time.perf_counter()
        for _ in range(n):
            tid = str(uuid.uuid4())
            with store.atomic() as tx:
                tx.journal("transaction_completed", {**PAYLOAD, "transaction_id": tid})
                tx.enqueue("transaction", tid, {**PAYLOAD, "transaction_id": tid})
        return time.perf_counter() - start
    finally:
        store.close()


def bench_raw(directory: Path, n: int) -> float:
    conn = sqlite3.connect(str(directory / "raw.db"), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, rid TEXT, payload TEXT)")
    try:
        start = time.perf_counter()
        for _ in range(n):
            tid = str(uuid.uuid4())
            conn.execute("BEGIN")
            conn.execute("INSERT INTO t (rid, payload) VALUES (?, ?)",
                         (tid, json.dumps({**PAYLOAD, "transaction_id": tid})))
            conn.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        conn.close()


def bench_persist_queue(directory: Path, n: int) -> tuple[float, dict[str, Any]]:
    from persistqueue import SQLiteQueue

    q = SQLiteQueue(str(directory / "pq"), auto_commit=True)
    conn: Any = q._putter  # persist-queue's own connection: read back its pragmas
    settings = {"journal_mode": conn.execute("PRAGMA journal_mode").fetchone()[0],
                "synchronous": conn.execute("PRAGMA synchronous").fetchone()[0]}
    start = time.perf_counter()
    for _ in range(n):
        tid = str(uuid.uuid4())
        q.put({**PAYLOAD, "transaction_id": tid})
    elapsed = time.perf_counter() - start
    return elapsed, settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small N for CI smoke runs")
    parser.add_argument("--n", type=int, help="commits per contender (default 2000, quick 200)")
    parser.add_argument("--dir", help="directory for the databases (default: a temp dir)")
    args = parser.parse_args(argv)
    n = args.n or (200 if args.quick else 2000)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        directory = Path(tmp)
        raw_s = store_s = pq_s = 0.0
        pq_settings: dict[str, Any] = {}
        per_round = max(1, n // ROUNDS)
        for r in range(ROUNDS):  # interleaved, so drift on a shared machine hits all alike
            round_dir = directory / f"round{r}"
            round_dir.mkdir()
            raw_s += bench_raw(round_dir, per_round)
            store_s += bench_store(round_dir, per_round)
            elapsed, pq_settings = bench_persist_queue(round_dir, per_round)
            pq_s += elapsed
        n = per_round * ROUNDS
    rates = {"store_atomic_journal_enqueue": n / store_s, "raw_sqlite_insert_commit": n / raw_s,
             "persist_queue_sqlitequeue_put": n / pq_s}
    result = {
        "benchmark": "durable commits per second", "n": n, "quick": args.quick,
        "commits_per_s": {k: round(v, 1) for k, v in rates.items()},
        "ratios": {
            "store_vs_raw": round(rates["store_atomic_journal_enqueue"]
                                  / rates["raw_sqlite_insert_commit"], 3),
            "store_vs_persist_queue": round(rates["store_atomic_journal_enqueue"]
                                            / rates["persist_queue_sqlitequeue_put"], 3),
        },
        "settings": {"store": {"journal_mode": "wal", "synchronous": 2},
                     "raw": {"journal_mode": "wal", "synchronous": 2},
                     "persist_queue": pq_settings},
        "rounds": ROUNDS,
        "filesystem_dir": str(args.dir or tempfile.gettempdir()),
        "notes": "store commit = journal row (hash chained) + outbox row in one transaction",
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "sqlite": sqlite3.sqlite_version},
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    for name, rate in rates.items():
        print(f"{name:<32} {rate:10.1f} commits/s")
    for name, ratio in result["ratios"].items():
        print(f"{name:<32} {ratio:10.3f}x")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / ("bench_journal_quick.json" if args.quick else "bench_journal.json")
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
