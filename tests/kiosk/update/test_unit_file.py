"""deploy/kiosk.service runs the guard and the slots the way kiosk.update expects."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

UNIT = (Path(__file__).resolve().parents[3] / "deploy" / "kiosk.service").read_text()
ROOT = Path(__file__).resolve().parents[3]


def setting(name: str) -> list[str]:
    return [line.split("=", 1)[1] for line in UNIT.splitlines() if line.startswith(name + "=")]


def test_guard_command_line_runs(tmp_path):
    [pre] = setting("ExecStartPre")
    argv = shlex.split(pre)
    assert argv[1:4] == ["-I", "-m", "kiosk.update.guard"]  # base install, not the slot
    args = [a.replace("/opt/kiosk/releases", str(tmp_path / "releases"))
            .replace("/var/lib/kiosk", str(tmp_path / "data")) for a in argv[4:]]
    proc = subprocess.run([sys.executable, "-m", "kiosk.update.guard", *args],
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and '"no trial"' in proc.stdout, proc.stderr


def test_slot_on_the_path_and_writable():
    assert "PYTHONPATH=/opt/kiosk/releases/current/lib" in setting("Environment")
    assert "-/opt/kiosk/releases" in setting("ReadWritePaths")[0].split()
    assert setting("Restart") == ["always"]
