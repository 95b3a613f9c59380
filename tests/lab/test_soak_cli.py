"""A tiny soak through the CLI: figures present, nothing leaks, money reconciles."""

from __future__ import annotations

import json

from kiosk_cli.main import main


def test_soak_cli_reports_figures(tmp_path, capsys) -> None:
    out = tmp_path / "soak.json"
    code = main(["lab", "soak", "--sessions", "20", "--seed", "4", "--workdir",
                 str(tmp_path / "w"), "--results", str(out)])
    result = json.loads(out.read_text())
    assert code == 0, result["failures"]
    assert result["sessions"] == 20 and result["fds_growth"] <= 1
    assert result["overhead_p50_ms"] >= 0 and result["journal_bytes"] > 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["sessions"] == 20


def test_crash_test_cli_prints_runs_and_summary(tmp_path, capsys) -> None:
    code = main(["lab", "crash-test", "--runs", "1", "--seed", "3", "--points", "sync",
                 "--workdir", str(tmp_path)])
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert code == 0 and lines[0]["run"] == 3 and lines[0]["ok"]
    assert lines[-1]["summary"]["runs"] == 1 and lines[-1]["summary"]["failures"] == 0
