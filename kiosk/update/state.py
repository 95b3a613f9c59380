"""The updater's durable state: ``<data_dir>/update/state.json``.

In the data directory, not in a slot, so it survives every switch and rollback. Written
whole to a temp file, fsynced and renamed (never half written). Fields:

- ``trial``: the release switched to but not yet self-tested (``version``,
  ``previous``, ``boots`` = starts counted by the guard, ``since``); None otherwise.
- ``bad``: versions that were rolled back here; never installed again automatically.
- ``reports``: update reports not yet accepted by the server (sent oldest first).
- ``last``: the last check's outcome, for ``kiosk update status`` and the heartbeat.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

MAX_REPORTS = 100


class UpdateState:
    def __init__(self, data_dir: str | Path) -> None:
        self.dir = Path(data_dir) / "update"
        self.path = self.dir / "state.json"

    def load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError):  # unreadable: start clean rather than crash the boot
            data = {"last": {"error": "state file was unreadable and was reset"}}
        if not isinstance(data, dict):
            data = {}
        data.setdefault("trial", None)
        data.setdefault("bad", [])
        data.setdefault("reports", [])
        data.setdefault("last", {})
        return data

    def save(self, data: dict[str, Any]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".state-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, sort_keys=True, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def update(self, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        """Load, apply ``change`` in place, save; returns the new state."""
        data = self.load()
        change(data)
        self.save(data)
        return data

    def add_report(self, data: dict[str, Any], version: str, outcome: str, reason: str,
                   at: float, **extra: Any) -> dict[str, Any]:
        """Append a report to ``data`` (the caller saves); ids make re-sending harmless."""
        report = {"id": uuid.uuid4().hex, "version": version, "outcome": outcome,
                  "reason": reason[:2000], "at": at, **extra}
        data["reports"] = [*data["reports"], report][-MAX_REPORTS:]
        return report
