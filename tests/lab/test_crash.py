"""The short crash test that runs in ``make test``, and the bug it found (xfail, strict)."""

from __future__ import annotations

import pytest

from kiosk.lab.crash import CrashLab, crash_test

#: ``escrow`` and ``random`` (a random SIGKILL often lands between escrow and the
#: stacked event: see docs/reliability.md, Findings) are left out until the recovery bug
#: below is fixed, so this stays a deterministic gate for every other kill point.
GATED = ("stacked", "journal", "finalize", "sync", "settle")


def test_twenty_seeded_crash_runs_reconcile(tmp_path) -> None:
    summary = crash_test(20, 1000, tmp_path, points=GATED)
    assert summary["runs"] == 20
    assert summary["failures"] == 0, summary["first_failure"]
    assert summary["notes_stacked"] > 0
    killed = sum(n for k, n in summary["kills"].items() if not k.endswith(":not-reached"))
    assert killed >= 10, summary["kills"]


@pytest.mark.parametrize("point", ["stacked", "finalize", "sync", "settle"])
def test_each_kill_point_recovers_exactly(lab: CrashLab, point: str) -> None:
    result = lab.run(7, point=point, kill_at=1)
    assert result.kills[0] == point
    assert result.failures == []


@pytest.mark.xfail(strict=True, reason=(
    "BUG kiosk/recovery.py: a worker killed after the escrow row commits but before STACK "
    "is answered leaves the note in the validator's escrow; on restart the CCNET driver "
    "does not reset (note in flight), KioskCore._decide_escrow returns it (no session), "
    "yet recover() credits it ('STACK answered, no power-up report'): journal and server "
    "+note, device 0"))
def test_kill_between_escrow_and_stack_credits_only_stacked_notes(lab: CrashLab) -> None:
    result = lab.run(11, point="escrow", kill_at=1)
    assert result.kills[0] == "escrow"
    assert result.failures == []
