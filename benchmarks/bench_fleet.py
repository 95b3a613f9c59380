"""Fleet simulator: N kiosks over the real signed protocol against a real server process.

    python benchmarks/bench_fleet.py --kiosks 500 --seconds 30 --sales 20 --outage 100
    python -m benchmarks --fleet            # issue 16's target size, see docs/performance.md

Each kiosk keeps one parked command poll (``wait=25``), sends a heartbeat every 60 s
(spread), and the fleet sells ``--sales`` per second (1-3 records per sale, a transaction
plus status records); then ``--outage`` kiosks come back from a regional outage at once
and drain 50 queued transactions each in batches of 50; then ``--ingest-kiosks`` kiosks
send single-record sales back to back for ``--ingest-seconds`` (the single-record ingest
rate). Runs the same load on the single-process SQLite server and on PostgreSQL with
``--workers`` workers (a throwaway cluster), and prints one JSON line: achieved rates,
p50/p99 per request kind, errors, drain time, and the machine: CPUs, load average before
and after each run, open-file limit. A kiosk holds two connections, so 10,000 kiosks are
20,000 sockets on each side: the load is played from as many processes (fork) as the
open-file limit needs (raised to the hard limit first; this machine's is 20,000), and a
single server process that cannot hold the whole fleet plays the largest fleet it can
(the result says ``capped_by_open_file_limit``). The client is a small asyncio HTTP/1.1
client (no third-party async client is installed), signing like
``offline_queue.HmacAuth``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import hmac
import json
import os
import random
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from central.admin import Admin  # noqa: E402
from central.pgcluster import ThrowawayCluster  # noqa: E402
from lab.central_proc import free_port  # noqa: E402


def sign(secret: bytes, method: str, path: str, body: bytes, kid: str) -> dict[str, str]:
    ts, nonce = str(int(time.time())), secrets.token_hex(12)
    msg = "\n".join([method, path, ts, nonce, hashlib.sha256(body).hexdigest()]).encode()
    return {"X-Kiosk-Id": kid, "X-Timestamp": ts, "X-Nonce": nonce,
            "X-Signature": hmac.new(secret, msg, hashlib.sha256).hexdigest()}


class Conn:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes, headers: dict[str, str],
                      timeout: float) -> int:
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        head = [f"{method} {path} HTTP/1.1", "Host: central", f"Content-Length: {len(body)}",
                "Content-Type: application/json", *[f"{k}: {v}" for k, v in headers.items()]]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        try:
            return await asyncio.wait_for(self._reply(), timeout)
        except BaseException:
            self.writer.close()
            self.writer = None
            raise

    async def _reply(self) -> int:
        assert self.reader is not None
        line = await self.reader.readline()
        if not line:  # the server closed an idle keep-alive connection: like requests, fail
            raise ConnectionResetError("closed")  # this attempt (counted as an error)
        status = int(line.split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return status


class Stats:
    def __init__(self) -> None:
        self.lat: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.codes: dict[str, int] = {}

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        self.lat.setdefault(kind, []).append(seconds)
        if not ok:
            self.errors[kind] = self.errors.get(kind, 0) + 1

    def summary(self, elapsed: float) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for kind, values in sorted(self.lat.items()):
            v = sorted(values)
            out[kind] = {"n": len(v), "rate_per_s": round(len(v) / elapsed, 1),
                         "p50_ms": round(1000 * v[len(v) // 2], 1),
                         "p99_ms": round(1000 * v[min(len(v) - 1, int(len(v) * 0.99))], 1),
                         "errors": self.errors.get(kind, 0)}
        out["error_kinds"] = self.codes
        return out


def txn_record(kid: str) -> dict[str, Any]:
    tid = str(uuid.uuid4())
    at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    data = {"transaction_id": tid, "seq": 1, "service": "topup", "biller": None,
            "account": "13800138000", "currency": "CNY", "gross": 8000, "fee": 0,
            "commission": 0, "total": 8000, "method": "cash", "cash": 8000, "card": 0,
            "voucher": 0, "status": "completed", "notes": {"5000": 1, "1000": 3},
            "card_info": None, "voucher_code": None, "created_at": at, "completed_at": at,
            "business_date": at[:10]}
    return {"id": tid, "type": "transaction", "kiosk_id": kid, "created_at": at, "data": data}


def status_record(kid: str, tid: str) -> dict[str, Any]:
    at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return {"id": str(uuid.uuid4()), "type": "transaction_status", "kiosk_id": kid,
            "created_at": at, "data": {"transaction_id": tid, "status": "completed",
                                       "at": at, "detail": "paid"}}


async def call(stats: Stats, conn: Conn, kind: str, kid: str, secret: bytes, method: str,
               path: str, body: Any, timeout: float = 10.0) -> None:
    raw = b"" if body is None else json.dumps(body).encode()
    t0 = time.perf_counter()
    try:
        status = await conn.request(method, path, raw, sign(secret, method, path, raw, kid),
                                    timeout)
        ok = status == 200
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
        ok, status = False, type(exc).__name__  # type: ignore[assignment]
    stats.add(kind, time.perf_counter() - t0, ok)
    if not ok:
        stats.codes[f"{kind} {status}"] = stats.codes.get(f"{kind} {status}", 0) + 1


async def kiosk_loop(port: int, kid: str, secret: bytes, stats: Stats, stop: float,
                     sale_interval: float) -> None:
    poller, sender = Conn(port), Conn(port)

    async def polls() -> None:
        while time.monotonic() < stop:
            await call(stats, poller, "poll", kid, secret, "GET",
                       f"/v1/kiosks/{kid}/commands?wait=25", None, timeout=40)

    async def work() -> None:
        next_beat = time.monotonic() + random.uniform(0, 60)
        next_sale = time.monotonic() + random.expovariate(1 / sale_interval)
        while time.monotonic() < stop:
            now = time.monotonic()
            if now >= next_beat:
                next_beat += 60
                await call(stats, sender, "heartbeat", kid, secret, "POST",
                           f"/v1/kiosks/{kid}/heartbeat", {"version": "1", "uptime_s": 1})
            if now >= next_sale:
                next_sale += random.expovariate(1 / sale_interval)
                rec = txn_record(kid)
                recs = [rec] + [status_record(kid, rec["id"])
                                for _ in range(random.randint(0, 2))]
                await call(stats, sender, "sale", kid, secret, "POST", "/v1/transactions",
                           {"records": recs})
            await asyncio.sleep(max(0.01, min(next_beat, next_sale) - time.monotonic()))

    poll_task = asyncio.ensure_future(polls())
    await work()
    poll_task.cancel()


async def outage_catch_up(port: int, kiosks: list[tuple[str, bytes]], stats: Stats) -> float:
    t0 = time.perf_counter()

    async def one(kid: str, secret: bytes) -> None:
        await call(stats, Conn(port), "catch_up_50", kid, secret, "POST", "/v1/transactions",
                   {"records": [txn_record(kid) for _ in range(50)]})
    await asyncio.gather(*(one(k, s) for k, s in kiosks))
    return time.perf_counter() - t0


async def single_record_ingest(port: int, kiosks: list[tuple[str, bytes]], stats: Stats,
                               seconds: float) -> dict[str, Any]:
    """Closed loop: each kiosk sends one-record sales back to back for ``seconds``."""
    stop = time.monotonic() + seconds
    t0 = time.perf_counter()

    async def one(kid: str, secret: bytes) -> None:
        conn = Conn(port)
        while time.monotonic() < stop:
            await call(stats, conn, "ingest_1", kid, secret, "POST", "/v1/transactions",
                       {"records": [txn_record(kid)]})
    await asyncio.gather(*(one(k, s) for k, s in kiosks))
    elapsed = time.perf_counter() - t0
    done = len(stats.lat.get("ingest_1", [])) - stats.errors.get("ingest_1", 0)
    return {"kiosks": len(kiosks), "seconds": round(elapsed, 2),
            "tx_per_s": round(done / elapsed, 1) if elapsed else 0.0}


#: descriptors a process needs beyond its sockets (libraries, logs, the database)
FD_MARGIN = 512


def soft_nofile() -> int:
    """Raise the soft open-file limit to the hard limit; the soft limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if os.geteuid() == 0 and hard != resource.RLIM_INFINITY:
        # root may raise the hard limit too, where the container lets it
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, max(hard, 65536)))
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard > soft:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return int(resource.getrlimit(resource.RLIMIT_NOFILE)[0])


def raise_nofile(needed: int) -> dict[str, int]:
    """The soft open-file limit raised as far as allowed; SystemExit below ``needed``."""
    soft_nofile()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        raise SystemExit(f"bench_fleet: {needed} open files needed, the limit is {soft} "
                         f"(hard {hard}): raise it (ulimit -n / LimitNOFILE) or use fewer"
                         " kiosks")
    return {"soft": int(soft), "hard": int(hard)}


def clients_needed(kiosks: int, limit: int) -> int:
    """Load-generator processes so that each holds its kiosks' two sockets each."""
    per_process = max(1, (limit - FD_MARGIN) // 2)
    return max(1, -(-kiosks // per_process))


def machine(nofile: dict[str, int]) -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
            "nofile": nofile, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}



def client_process(port: int, fleet: list[tuple[str, bytes]], outage: list[tuple[str, bytes]],
                   ingest: list[tuple[str, bytes]], args: argparse.Namespace,
                   stop_wall: float, barrier: Any) -> dict[str, Any]:
    """One load-generator process: its share of the fleet, then of the outage, then of the
    ingest phase; the phases of all processes start together (``barrier``)."""
    stats = Stats()
    interval = args.kiosks / args.sales

    async def fleet_phase() -> None:
        stop = time.monotonic() + max(0.0, stop_wall - time.time())
        await asyncio.gather(*(kiosk_loop(port, k, s, stats, stop, interval)
                               for k, s in fleet))

    asyncio.run(fleet_phase())
    barrier.wait()
    outage_start = time.time()
    asyncio.run(outage_catch_up(port, outage, stats))
    outage_end = time.time()
    barrier.wait()
    ingest_result = asyncio.run(single_record_ingest(port, ingest, stats,
                                                     args.ingest_seconds))
    return {"lat": stats.lat, "errors": stats.errors, "codes": stats.codes,
            "outage": [outage_start, outage_end], "ingest": ingest_result}


def _child(conn: Any, *a: Any) -> None:
    try:
        conn.send(client_process(*a))
    except BaseException as exc:  # reported to the parent, never a silent hang
        conn.send({"error": f"{type(exc).__name__}: {exc}"})
        raise
    finally:
        conn.close()


def drive(port: int, fleet: list[tuple[str, bytes]], args: argparse.Namespace,
          clients: int) -> tuple[Stats, float, dict[str, Any], float]:
    """Play the fleet from ``clients`` processes; merged stats, drain, ingest, elapsed."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(clients)
    stop_wall = time.time() + args.seconds
    outage_ids = {k for k, _ in fleet[:args.outage]}
    ingest_ids = {k for k, _ in fleet[:args.ingest_kiosks]}
    procs, pipes = [], []
    for i in range(clients):
        share = fleet[i::clients]
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(child, port, share,
                                                [x for x in share if x[0] in outage_ids],
                                                [x for x in share if x[0] in ingest_ids],
                                                args, stop_wall, barrier), daemon=True)
        proc.start()
        child.close()
        procs.append(proc)
        pipes.append(parent)
    t0 = time.time()
    parts = [pipe.recv() for pipe in pipes]
    for proc in procs:
        proc.join(30)
    failed = [p["error"] for p in parts if "error" in p]
    if failed:
        raise RuntimeError(f"load generator failed: {failed}")
    stats = Stats()
    for part in parts:
        for kind, values in part["lat"].items():
            stats.lat.setdefault(kind, []).extend(values)
        for table, merged in ((part["errors"], stats.errors), (part["codes"], stats.codes)):
            for key, n in table.items():
                merged[key] = merged.get(key, 0) + n
    drain = max(p["outage"][1] for p in parts) - min(p["outage"][0] for p in parts)
    seconds = max(p["ingest"]["seconds"] for p in parts)
    done = len(stats.lat.get("ingest_1", [])) - stats.errors.get("ingest_1", 0)
    ingest = {"kiosks": sum(p["ingest"]["kiosks"] for p in parts), "seconds": seconds,
              "tx_per_s": round(done / seconds, 1) if seconds else 0.0}
    return stats, drain, ingest, max(args.seconds, stop_wall - t0)


def run_one(db: str, workers: int, args: argparse.Namespace, kiosks: int) -> dict[str, Any]:
    """One store: ``kiosks`` registered and played (``args.kiosks`` unless capped)."""
    run_args = argparse.Namespace(**{**vars(args), "kiosks": kiosks,
                                     "sales": args.sales * kiosks / args.kiosks})
    admin = Admin(db)
    fleet = [(f"K{i:05d}", bytes.fromhex(admin.add_kiosk(f"K{i:05d}")))
             for i in range(kiosks)]
    admin.close()
    port = free_port()
    cmd = [sys.executable, "-m", "central.cli", "serve", "--db", db, "--port", str(port)]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    log = open(Path(tempfile.gettempdir()) / f"bench_fleet_{workers}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("server did not start") from None
                time.sleep(0.2)
        time.sleep(2 if workers > 1 else 0.5)
        load_before = os.getloadavg()
        clients = clients_needed(kiosks, soft_nofile())
        stats, drain, ingest, elapsed = drive(port, fleet, run_args, clients)
        return {"workers": workers, "kiosks": kiosks, "seconds": args.seconds,
                "demand_sales_per_s": run_args.sales, "outage_kiosks": min(args.outage, kiosks),
                "client_processes": clients,
                "outage_drain_s": round(drain, 2), "single_record_ingest": ingest,
                "by_kind": stats.summary(elapsed),
                "load_before": [round(x, 2) for x in load_before],
                "load_after": [round(x, 2) for x in os.getloadavg()]}
    finally:
        # A server holding 10,000 connections takes a while to shut down gracefully; the
        # figures are taken by then, so a slow exit must not throw them away.
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kiosks", type=int, default=500)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--sales", type=float, default=20, help="fleet sales per second")
    p.add_argument("--outage", type=int, default=100, help="kiosks catching up at the end")
    p.add_argument("--ingest-kiosks", type=int, default=50,
                   help="kiosks sending single-record sales back to back at the end")
    p.add_argument("--ingest-seconds", type=float, default=10)
    p.add_argument("--workers", type=int, default=2, help="PostgreSQL server workers")
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "bench_fleet.json"))
    args = p.parse_args(argv)
    limit = soft_nofile()
    nofile = raise_nofile(min(limit, 2 * args.kiosks + FD_MARGIN))
    start = machine(nofile)
    # The single-process server holds two sockets per kiosk itself: where one process's
    # open-file limit cannot take the whole fleet, it plays the largest fleet it can
    # (and says so); PostgreSQL workers share the fleet's sockets between them.
    sqlite_kiosks = min(args.kiosks, (limit - FD_MARGIN) // 2)
    pg_kiosks = min(args.kiosks, args.workers * (limit - FD_MARGIN) // 2)
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = run_one(str(Path(tmp) / "central.db"), 1, args, sqlite_kiosks)
    with ThrowawayCluster(max_connections=300) as pg:
        postgres = run_one(pg.create_database("fleet"), args.workers, args, pg_kiosks)
    for run in (sqlite, postgres):
        if run["kiosks"] < args.kiosks:
            run["capped_by_open_file_limit"] = {"wanted": args.kiosks, "limit": limit}
    result = {"sqlite_single_process": sqlite, "postgresql": postgres, "cpus": os.cpu_count(),
              "machine": start, "args": vars(args)}
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
