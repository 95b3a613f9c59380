"""Run every benchmark in one go; write results/results.json and docs/performance.md.

    .venv/bin/python -m benchmarks            # full (about 2-3 minutes on 2 cores)
    .venv/bin/python -m benchmarks --quick    # smaller N, for a smoke run
    .venv/bin/python -m benchmarks --fleet    # central server, issue 16's 10,000 kiosks
    .venv/bin/python -m benchmarks --fleet --quick   # 200 kiosks, 20 s: a smoke run

Each benchmark runs in its own process (cold start needs one anyway, and a benchmark
must not inherit another's warm caches) and reports a ratio against a baseline measured
in the same run. Soak and crash-test figures are folded into docs/performance.md when
their JSON files exist (``kiosk lab soak --results benchmarks/results/soak.json``,
``kiosk lab crash-test --results benchmarks/results/crash.json``, and for ID-003
``--protocol id003 --results benchmarks/results/crash_id003.json``).

``--fleet`` runs only the central server's fleet simulator (benchmarks/bench_fleet.py,
10-15 minutes at full size, best on an otherwise idle machine: it records the load
average before and after each run and the section says how loaded the machine was) and
regenerates the docs with its figures next to the last full run's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
DOC = HERE.parent / "docs" / "performance.md"
RELIABILITY = HERE.parent / "docs" / "reliability.md"
BEGIN, END = "<!-- figures -->", "<!-- /figures -->"
#: issue 16's fleet: 10,000 parked polls, a heartbeat each per 60 s, 167 sales/s, a
#: regional outage of 1,000 kiosks with 50 queued each; 2 PostgreSQL workers
FLEET_FULL = ["--kiosks", "10000", "--seconds", "120", "--sales", "167", "--outage", "1000",
              "--ingest-kiosks", "50", "--ingest-seconds", "15", "--workers", "2"]
FLEET_QUICK = ["--kiosks", "200", "--seconds", "20", "--sales", "10", "--outage", "50",
               "--ingest-kiosks", "20", "--ingest-seconds", "5", "--workers", "2"]


def _run(args: list[str], timeout: float = 900) -> str:
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True,
                         timeout=timeout, check=False, cwd=HERE.parent)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out.stdout[-1500:]}{out.stderr[-1500:]}")
    return out.stdout


def _last_json(text: str) -> dict[str, Any]:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return dict(json.loads(line))
    raise RuntimeError(f"no JSON result in: {text[-500:]}")


def run_all(quick: bool) -> dict[str, Any]:
    q = ["--quick"] if quick else []
    res: dict[str, Any] = {}
    steps: list[tuple[str, Any]] = [
        ("journal", lambda: (_run([str(HERE / "bench_journal.py"), *q]),
                             json.loads((RESULTS / ("bench_journal_quick.json" if quick
                                                    else "bench_journal.json")).read_text()))[1]),
        ("sync", lambda: (_run([str(HERE / "bench_sync.py"), *q]),
                          json.loads((RESULTS / ("bench_sync_quick.json" if quick
                                                 else "bench_sync.json")).read_text()))[1]),
        ("coldstart", lambda: _last_json(_run([str(HERE / "bench_ui.py"), "coldstart",
                                               "--runs", "3" if quick else "7"]))),
        ("tap", lambda: _last_json(_run([str(HERE / "bench_ui.py"), "tap", "--taps",
                                         "100" if quick else "400"]))),
        ("idle", lambda: _last_json(_run([str(HERE / "bench_ui.py"), "idle", "--seconds",
                                          "5" if quick else "20"]))),
    ]
    for name, fn in steps:
        t0 = time.monotonic()
        try:
            res[name] = fn()
        except Exception as exc:  # one broken benchmark must not hide the others
            res[name] = {"error": str(exc)[-800:]}
        print(f"{name:<10} {time.monotonic() - t0:6.1f} s  {json.dumps(res[name])[:160]}",
              flush=True)
    return res


def rows(r: dict[str, Any]) -> list[tuple[str, str, str, str, str, bool | None]]:
    """(benchmark, measured, baseline, ratio, goal, met) for the table."""
    out: list[tuple[str, str, str, str, str, bool | None]] = []
    c = r.get("coldstart", {})
    if "ratio" in c:
        out.append(("cold start to first painted screen", f"{c['kiosk_ms']} ms",
                    f"bare PySide6 window {c['bare_ms']} ms", f"{c['ratio']}x", "<= 1.5x",
                    c["ratio"] <= 1.5))
    t = r.get("tap", {})
    if "p99_ms" in t:
        out.append(("tap-to-paint p50 / p99 (validator polling, sync running)",
                    f"{t['p50_ms']} / {t['p99_ms']} ms",
                    f"bare window {t['bare_p50_ms']} / {t['bare_p99_ms']} ms",
                    f"{t['ratio_p99']}x (p99)", "p99 <= 100 ms", t["p99_ms"] <= 100))
    j = r.get("journal", {})
    if "ratios" in j:
        cps = j["commits_per_s"]
        spread = j.get("spread", {})
        load = j.get("load_average", {})

        def ratio(key: str) -> str:
            rounds = spread.get(key)
            text = f"{j['ratios'][key]}x"
            return text + (f" (rounds {rounds['min']}-{rounds['max']})" if rounds else "")
        loaded = f"; load {load['before'][0]} -> {load['after'][0]}" if load else ""
        out.append(("journal durable commits/s (median round)",
                    f"{cps['store_atomic_journal_enqueue']:.0f}/s",
                    f"raw SQLite {cps['raw_sqlite_insert_commit']:.0f}/s{loaded}",
                    ratio("store_vs_raw"), ">= 0.9x", j["ratios"]["store_vs_raw"] >= 0.9))
        out.append(("journal vs persist-queue", f"{cps['store_atomic_journal_enqueue']:.0f}/s",
                    f"persist-queue {cps['persist_queue_sqlitequeue_put']:.0f}/s",
                    ratio("store_vs_persist_queue"), ">= 1.0x",
                    j["ratios"]["store_vs_persist_queue"] >= 1.0))
    s = r.get("sync", {})
    if "catch_up_s" in s:
        out.append((f"sync catch-up of {s['n']:,} queued transactions", f"{s['catch_up_s']} s",
                    f"60 s budget; fill {s['queue_fill_s']} s",
                    f"{round(s['catch_up_s'] / 60, 2)}x of budget",
                    "<= 60 s, exactly once", s["catch_up_s"] <= 60 and s["exactly_once"]))
    i = r.get("idle", {})
    if "cpu_pct_kiosk" in i:
        out.append(("idle CPU of the running kiosk", f"{i['cpu_pct_kiosk']} % of one core",
                    f"all threads incl. emulators {i['cpu_pct_all_threads']} %",
                    f"{round(i['cpu_pct_kiosk'] / 2, 2)}x of budget", "<= 2 %",
                    i["cpu_pct_kiosk"] <= 2))
    return out


def markdown(r: dict[str, Any], lab: dict[str, dict[str, Any]]) -> str:
    m = r["machine"]
    lines = ["# Performance", "",
             "Generated by `make bench` (`.venv/bin/python -m benchmarks`); do not edit by hand.",
             f"Run {r['at']} on {m['platform']}, Python {m['python']}, {m['cpus']} CPUs "
             f"(shared with other work){' — quick mode' if r['quick'] else ''}.", "",
             "| benchmark | measured | baseline (same run) | ratio | goal | met |",
             "|---|---|---|---|---|---|"]
    for name, measured, base, ratio, goal, met in rows(r["results"]):
        mark = "—" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {name} | {measured} | {base} | {ratio} | {goal} | {mark} |")
    errors = {k: v["error"] for k, v in r["results"].items() if "error" in v}
    for k, v in errors.items():
        lines.append(f"\n`{k}` failed: `{v.splitlines()[-1] if v else ''}`")
    soak = lab.get("soak")
    if soak:
        lines += ["", "## Soak (`kiosk lab soak`)", "",
                  f"{soak['sessions']:,} emulated sessions in one kiosk process "
                  f"({soak['seconds']} s), {soak['notes_stacked']:,} notes stacked.", "",
                  "| figure | after warm-up | end | growth |", "|---|---|---|---|"]
        w, e = soak["after_warmup"], soak["end"]
        lines.append(f"| RSS | {w['rss'] / 2**20:.1f} MiB | {e['rss'] / 2**20:.1f} MiB | "
                     f"{soak['rss_growth_bytes'] / 2**20:+.1f} MiB |")
        lines.append(f"| open fds | {w['fds']} | {e['fds']} | {soak['fds_growth']:+d} |")
        lines.append(f"| threads | {w['threads']} | {e['threads']} | "
                     f"{soak['threads_growth']:+d} |")
        lines.append(f"| journal (db + WAL) | {w.get('db_bytes', 0) / 2**20:.1f} MiB | "
                     f"{e.get('db_bytes', 0) / 2**20:.1f} MiB | — |")
        probes = [round(x["rss"] / 2**20, 1) for x in soak.get("probes", [])]
        if probes:
            lines += ["", f"RSS at each of the {len(probes)} probes (MiB): "
                      f"{', '.join(map(str, probes))}. The end figure is taken after the final"
                      " drain and settlement close."]
        lines += ["", f"Session wall time p50 {soak['session_p50_ms']} ms, p99 "
                  f"{soak['session_p99_ms']} ms; kiosk overhead beyond emulated device time "
                  f"p50 {soak['overhead_p50_ms']} ms, p99 {soak['overhead_p99_ms']} ms."]
    lines += ["", *fleet_section(lab.get("bench_fleet"))]
    lines += ["", "Method notes: see the docstrings of `benchmarks/bench_*.py`; "
              "reliability figures are in `docs/reliability.md`.", ""]
    return "\n".join(lines)


def fleet_section(f: dict[str, Any] | None) -> list[str]:
    """The central server's fleet figures (results/bench_fleet.json), or how to get them."""
    out = ["## Central server fleet simulator (`benchmarks/bench_fleet.py`, issue 16)", "",
           "`.venv/bin/python -m benchmarks --fleet` plays 10,000 kiosks over the real signed"
           " protocol (one parked `wait=25` command poll each, a heartbeat every 60 s, 167"
           " sales/s fleet-wide of 1-3 records, then 1,000 kiosks back from an outage"
           " draining 50 queued transactions each at once, then 50 kiosks sending"
           " single-record sales back to back) against `kiosk-central serve` on SQLite (one"
           " process) and on PostgreSQL (2 workers, throwaway cluster); `--fleet --quick`"
           " is a 200-kiosk smoke run. Goals: p99 <= 250 ms and zero errors at the fleet's"
           " demand, single-record ingest >= 1,500 tx/s, the outage drained in <= 30 s."]
    if not f:
        return [*out, "", "**Not measured yet** on a quiet machine (only a 50-kiosk smoke run"
                      " at load average 23 on 2026-12-02, which said \"works end to end\","
                      " nothing more). Run the command above when the machine is otherwise"
                      " idle."]
    m = f.get("machine") or {}
    a = f.get("args") or {}

    def n(x: Any) -> str:
        return f"{x:,}" if isinstance(x, int) else str(x)
    load = m.get("load_average") or ["?"]
    cpus = m.get("cpus") or f.get("cpus")
    busy = isinstance(load[0], int | float) and cpus and load[0] > 0.5 * cpus
    out += ["", f"Run {m.get('at', '?')}: {n(a.get('kiosks', '?'))} kiosks for "
            f"{a.get('seconds', '?')} s at {a.get('sales', '?')} sales/s, outage of "
            f"{n(a.get('outage', '?'))} kiosks; {cpus} CPUs, load average {load[0]} at the "
            f"start{' (**a busy machine**: the figures are pessimistic)' if busy else ''},"
            f" open-file limit {(m.get('nofile') or {}).get('soft', '?')}.", "",
            "| store | sale p50 / p99 | heartbeat p50 / p99 | polls (errors) | outage drain |"
            " single-record ingest | errors | load before -> after |",
            "|---|---|---|---|---|---|---|---|"]
    for label, key in (("SQLite, 1 process", "sqlite_single_process"),
                       (f"PostgreSQL, {(f.get('postgresql') or {}).get('workers', '?')}"
                        " workers", "postgresql")):
        r = f.get(key)
        if not r:
            continue
        k = r.get("by_kind", {})

        def pp(kind: str, k: dict[str, Any] = k) -> str:
            x = k.get(kind)
            return f"{x['p50_ms']} / {x['p99_ms']} ms" if x else "-"
        errors = sum(v.get("errors", 0) for v in k.values() if isinstance(v, dict))
        polls = k.get("poll", {})
        ingest = r.get("single_record_ingest", {})
        capped = r.get("capped_by_open_file_limit")
        if capped:
            label += (f" ({n(r.get('kiosks', '?'))} kiosks: one process's open-file limit"
                      f" {capped.get('limit')} cannot hold {n(capped.get('wanted'))})")
        out.append(f"| {label} | {pp('sale')} | {pp('heartbeat')} | {polls.get('n', 0):,} "
                   f"({polls.get('errors', 0)}) | {r.get('outage_drain_s', '?')} s | "
                   f"{ingest.get('tx_per_s', '-')} tx/s | {errors} | "
                   f"{(r.get('load_before') or ['?'])[0]} -> {(r.get('load_after') or ['?'])[0]}"
                   " |")
    kinds = {f"{key} {kind}": n for key in ("sqlite_single_process", "postgresql")
             for kind, n in ((f.get(key) or {}).get("by_kind", {}).get("error_kinds") or {}
                             ).items()}
    if kinds:
        out += ["", "Errors by kind: " + ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items()))]
    verdict = []
    for key, name in (("sqlite_single_process", "SQLite"), ("postgresql", "PostgreSQL")):
        r = f.get(key) or {}
        k = r.get("by_kind", {})
        errors = sum(v.get("errors", 0) for v in k.values() if isinstance(v, dict))
        p99 = max((v.get("p99_ms", 0) for kind, v in k.items()
                   if kind in ("sale", "heartbeat") and isinstance(v, dict)), default=0)
        tx = (r.get("single_record_ingest") or {}).get("tx_per_s", 0)
        met = errors == 0 and p99 <= 250 and tx >= 1500 and r.get("outage_drain_s", 99) <= 30
        verdict.append(f"{name}: {'met' if met else '**not met**'}")
    out += ["", "Goals (p99 <= 250 ms, zero errors, >= 1,500 tx/s, drain <= 30 s): "
            + "; ".join(verdict) + "."]
    return out


def reliability_block(lab: dict[str, dict[str, Any]]) -> str:
    """The generated figures of docs/reliability.md, from the lab's JSON results."""
    out: list[str] = []
    for c in (lab.get("crash"), lab.get("crash_id003")):  # one per protocol run
        if not c:
            continue
        if out:
            out.append("")
        killed = sum(n for k, n in c["kills"].items() if not k.endswith(":not-reached"))
        timeouts = (f" Notes nobody answered, returned by the device's escrow timer after "
                    f"the last life: {c['escrow_timeouts']}." if "escrow_timeouts" in c else "")
        out += [f"**Crash injection** ({c['protocol']}, kill points "
                f"{', '.join(c.get('points', []))}): {c['runs']} runs, {killed} SIGKILLs landed, "
                f"{c['sessions']} customer sessions, {c['notes_stacked']} notes "
                f"(CNY {c['cash'] / 100:,.2f}) in {c['seconds']} s. "
                f"**Failures: {c['failures']}**; first failing seed: "
                f"`{c['first_failing_seed']}`.{timeouts}", "",
                "| kill point | runs |", "|---|---|"]
        out += [f"| `{k}` | {n} |" for k, n in c["kills"].items()]
        if "note_failures" in c:
            nf = c["note_failures"]
            load = c.get("load_avg")
            out += ["", "Every stacked note attributed to the customer it was inserted for: "
                    f"lost {nf['lost']}, double {nf['double']}, misattributed "
                    f"{nf['misattributed']}, invisible {nf['invisible']}. Adversary: "
                    f"{c.get('acks_lost', 0)} ACKs lost on the line, "
                    f"{c.get('links_dropped', 0)} link drops while stacking"
                    + (f"; load average {load[0]} -> {load[1]} (2 cores, shared)"
                       if load else "") + ".", "",
                    "| fault class | runs |", "|---|---|"]
            out += [f"| `{k}` | {n} |" for k, n in c.get("fault_classes", {}).items()]
        if c.get("first_failure"):
            out += ["", "First failure: " + "; ".join(c["first_failure"]["failures"])]
    n = lab.get("netfault")
    if n:
        p = n["proxy"]
        out += ["", f"**Network faults** (seed {n['seed']}, {n['cycles']} cycles through "
                f"{', '.join(sorted(set(n['phases'])))}): {n['sessions']} sessions, "
                f"{n['transactions']} transactions; records sent {n['records_sent']}, "
                f"delivered {n['records_delivered']}, exactly once: "
                f"{'yes' if n['delivered_exactly_once'] else '**no**'}, duplicates at the "
                f"server: {n['duplicates_at_server']}; drain after recovery "
                f"{n['drain_after_recovery_s']} s. Injected: {p['dropped']} dropped, "
                f"{p['reset']} reset mid-response, {p['partial']} partial writes, "
                f"{p['refused']} refused (server down), {p.get('portal', 0)} captive-portal "
                f"200s, {p['delayed_chunks']} delayed chunks "
                f"over {p['connections']} connections. Invariant failures: "
                f"{len(n['failures'])}."]
    s = lab.get("soak")
    if s:
        out += ["", f"**Soak**: {s['sessions']:,} sessions in {s['seconds']} s; RSS "
                f"{s['after_warmup']['rss'] / 2**20:.1f} -> {s['end']['rss'] / 2**20:.1f} MiB "
                f"({s['rss_growth_bytes'] / 2**20:+.1f} MiB), fds {s['fds_growth']:+d}, threads "
                f"{s['threads_growth']:+d}, journal {s['journal_bytes'] / 2**20:.1f} MiB; "
                f"kiosk overhead p50 {s['overhead_p50_ms']} ms / p99 {s['overhead_p99_ms']} "
                f"ms per session. Invariant failures: {len(s['failures'])}."]
    return "\n".join(out) or "(no lab results yet)"


def write_reliability(lab: dict[str, dict[str, Any]]) -> None:
    if not RELIABILITY.exists():
        return
    text = RELIABILITY.read_text()
    if BEGIN not in text or END not in text:
        return
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    RELIABILITY.write_text(f"{head}{BEGIN}\n{reliability_block(lab)}\n{END}{tail}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--fleet", action="store_true",
                   help="run only the central fleet simulator (issue 16 size; --quick: smoke)")
    p.add_argument("--doc-only", action="store_true",
                   help="regenerate docs/performance.md from results/*.json without running")
    args = p.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "results.json"
    if args.fleet:
        fleet_out = RESULTS / ("bench_fleet_quick.json" if args.quick else "bench_fleet.json")
        print(f"fleet: load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs at the"
              " start (the figures are only meaningful on an otherwise idle machine)",
              flush=True)
        _run([str(HERE / "bench_fleet.py"), *(FLEET_QUICK if args.quick else FLEET_FULL),
              "--out", str(fleet_out)], timeout=3600)
        print(fleet_out.read_text()[:2000])
        if args.quick:  # a smoke run never replaces the documented figures
            return 0
    if args.doc_only or args.fleet:
        report = json.loads(out.read_text())
    else:
        report = {"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                  "quick": args.quick,
                  "machine": {"platform": platform.platform(),
                              "python": platform.python_version(), "cpus": os.cpu_count()},
                  "results": run_all(args.quick)}
        out.write_text(json.dumps(report, indent=1) + "\n")
    lab = {k: json.loads((RESULTS / f"{k}.json").read_text())
           for k in ("soak", "crash", "crash_id003", "netfault", "bench_fleet")
           if (RESULTS / f"{k}.json").exists()}
    DOC.write_text(markdown(report, lab))
    write_reliability(lab)
    for row in rows(report["results"]):
        print(" | ".join(str(x) for x in row))
    print(f"results: {out}\ntables:  {DOC}, {RELIABILITY}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
