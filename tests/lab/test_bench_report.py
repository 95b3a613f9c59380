"""The benchmark table marks each goal met or not from the measured numbers."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location(
    "bench_main", Path(__file__).resolve().parents[2] / "benchmarks" / "__main__.py")
assert _SPEC is not None and _SPEC.loader is not None
bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench)

RESULTS = {
    "coldstart": {"kiosk_ms": 300, "bare_ms": 100, "ratio": 3.0},
    "tap": {"p50_ms": 1.0, "p99_ms": 5.0, "bare_p50_ms": 0.5, "bare_p99_ms": 2.0,
            "ratio_p99": 2.5},
    "journal": {"commits_per_s": {"store_atomic_journal_enqueue": 900,
                                  "raw_sqlite_insert_commit": 1000,
                                  "persist_queue_sqlitequeue_put": 950},
                "ratios": {"store_vs_raw": 0.9, "store_vs_persist_queue": 0.95}},
    "sync": {"n": 50000, "catch_up_s": 12.0, "queue_fill_s": 2.0, "exactly_once": True},
    "idle": {"cpu_pct_kiosk": 1.0, "cpu_pct_all_threads": 1.5},
}


def test_rows_judge_each_goal() -> None:
    met = {r[0]: r[5] for r in bench.rows(RESULTS)}
    assert met["cold start to first painted screen"] is False
    assert met["journal durable commits/s (median round)"] is True
    assert met["idle CPU of the running kiosk"] is True
    assert met["sync catch-up of 50,000 queued transactions"] is True


def test_markdown_has_the_table_and_soak_section() -> None:
    report = {"at": "2026-01-01T00:00:00Z", "quick": False, "results": RESULTS,
              "machine": {"platform": "x", "python": "3.11", "cpus": 2}}
    soak = {"sessions": 10, "seconds": 1.0, "notes_stacked": 20, "rss_growth_bytes": 0,
            "fds_growth": 0, "threads_growth": 0, "session_p50_ms": 1, "session_p99_ms": 2,
            "overhead_p50_ms": 0.5, "overhead_p99_ms": 1,
            "after_warmup": {"rss": 2**20, "fds": 5, "threads": 3, "db_bytes": 0},
            "end": {"rss": 2**20, "fds": 5, "threads": 3, "db_bytes": 2**20}}
    text = bench.markdown(report, {"soak": soak})
    assert "| cold start to first painted screen | 300 ms |" in text and "**no**" in text
    assert "## Soak" in text and "journal (db + WAL)" in text


def test_reliability_block_states_both_protocols() -> None:
    def crash(protocol: str, failures: int) -> dict[str, object]:
        return {"protocol": protocol, "points": ["escrow"], "runs": 3, "kills": {"escrow": 3},
                "sessions": 9, "notes_stacked": 20, "cash": 50000, "seconds": 4.0,
                "failures": failures, "first_failing_seed": None, "first_failure": None,
                "escrow_timeouts": 0}

    block = bench.reliability_block({"crash": crash("ccnet", 0),
                                     "crash_id003": crash("id003", 0)})
    assert "**Crash injection** (ccnet" in block and "**Crash injection** (id003" in block
    assert block.count("**Failures: 0**") == 2 and "escrow timer after the last life: 0" in block
