"""The fleet benchmark's documented command and its section of docs/performance.md.

The 10,000-kiosk run itself is for a quiet machine (`python -m benchmarks --fleet`);
these tests check what it records (machine load, open-file limit) and how the figures
are reported, without running it.
"""

from __future__ import annotations

import importlib.util
import resource
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _load("bench_main_for_fleet", ROOT / "benchmarks" / "__main__.py")
fleet = _load("bench_fleet_for_report", ROOT / "benchmarks" / "bench_fleet.py")


def _run(workers: int) -> dict[str, object]:
    return {"workers": workers, "outage_drain_s": 12.5,
            "single_record_ingest": {"kiosks": 50, "seconds": 15.0, "tx_per_s": 1600.0},
            "load_before": [0.3, 0.2, 0.1], "load_after": [1.9, 0.9, 0.4],
            "by_kind": {"sale": {"n": 20000, "p50_ms": 4.0, "p99_ms": 60.0, "errors": 0},
                        "heartbeat": {"n": 20000, "p50_ms": 3.0, "p99_ms": 40.0, "errors": 0},
                        "poll": {"n": 40000, "p50_ms": 25000.0, "p99_ms": 25100.0,
                                 "errors": 2},
                        "error_kinds": {"poll TimeoutError": 2}}}


def test_the_section_reports_load_errors_and_the_command():
    result = {"sqlite_single_process": _run(1), "postgresql": _run(2),
              "machine": {"cpus": 2, "load_average": [1.6, 1.0, 0.5],
                          "nofile": {"soft": 65536, "hard": 65536}, "at": "2026-12-02T10:00:00Z"},
              "args": {"kiosks": 10000, "seconds": 120, "sales": 167, "outage": 1000}}
    text = "\n".join(bench.fleet_section(result))
    assert "python -m benchmarks --fleet" in text
    assert "10,000 kiosks for 120 s at 167 sales/s" in text
    assert "load average 1.6 at the start (**a busy machine**" in text
    assert "| PostgreSQL, 2 workers | 4.0 / 60.0 ms | 3.0 / 40.0 ms | 40,000 (2) | 12.5 s |" \
        " 1600.0 tx/s | 2 | 0.3 -> 1.9 |" in text
    assert "postgresql poll TimeoutError: 2" in text
    quiet = {**result, "machine": {**result["machine"], "load_average": [0.2, 0.1, 0.1]}}
    assert "busy machine" not in "\n".join(bench.fleet_section(quiet))


def test_without_figures_the_section_says_not_measured():
    text = "\n".join(bench.fleet_section(None))
    assert "**Not measured yet**" in text and "python -m benchmarks --fleet" in text


def test_the_full_size_is_the_issues_fleet():
    args = dict(zip(bench.FLEET_FULL[::2], bench.FLEET_FULL[1::2], strict=True))
    assert (args["--kiosks"], args["--sales"], args["--outage"]) == ("10000", "167", "1000")


def test_the_machine_record_and_the_open_file_limit():
    m = fleet.machine({"soft": 1, "hard": 2})
    assert m["cpus"] and len(m["load_average"]) == 3 and m["nofile"] == {"soft": 1, "hard": 2}
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert fleet.raise_nofile(min(soft, 256))["soft"] >= min(soft, 256)
    with pytest.raises(SystemExit, match="open files needed"):
        fleet.raise_nofile(10**12)


def test_a_capped_single_process_run_says_so_and_clients_split_the_fleet():
    capped = {**_run(1), "kiosks": 9744,
              "capped_by_open_file_limit": {"wanted": 10000, "limit": 20000}}
    text = "\n".join(bench.fleet_section({"sqlite_single_process": capped,
                                          "postgresql": _run(2)}))
    assert "SQLite, 1 process (9,744 kiosks: one process's open-file limit 20000 cannot" \
        " hold 10,000)" in text
    assert fleet.clients_needed(10000, 20000) == 2  # 20,000 client sockets, 20,000 limit
    assert fleet.clients_needed(100, 20000) == 1
    assert fleet.clients_needed(200, 700) == 3
