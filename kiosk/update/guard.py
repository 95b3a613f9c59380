"""Boot guard: counts starts of a release on trial and rolls back a crash loop.

systemd runs it before every start (``ExecStartPre``, deploy/kiosk.service) with
``python -I``, so it is the base install's code, not the release on trial: a release
too broken to reach its own self-test cannot break the guard. It never fails the
start. A trial whose release has been started more than ``max_boots`` times without
passing its self-test is rolled back (``current`` -> previous slot), marked bad and
reported when the kiosk next reaches the server.

Usage: ``python -I -m kiosk.update.guard --root /opt/kiosk/releases --data-dir
/var/lib/kiosk [--max-boots 3]``; prints one JSON line saying what it did.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import Any

from kiosk.update.slots import Slots
from kiosk.update.state import UpdateState
from kiosk.update.trial import roll_back


def count_start(slots: Slots, state: UpdateState, max_boots: int,
                clock: float | None = None) -> dict[str, Any]:
    data = state.load()
    trial = data["trial"]
    if not trial:
        return {"guard": "no trial"}
    if slots.current() != trial["version"]:
        data["trial"] = None
        state.save(data)
        return {"guard": "stale trial cleared"}
    trial["boots"] = int(trial.get("boots", 0)) + 1
    if trial["boots"] <= max_boots:
        state.save(data)
        return {"guard": "trial start", "version": trial["version"], "boots": trial["boots"]}
    reason = f"crash loop: {trial['boots'] - 1} starts without a passing self-test"
    back = roll_back(slots, state, reason, time.time() if clock is None else clock)
    return {"guard": "rolled back", "version": trial["version"], "to": back, "reason": reason}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.update.guard")
    parser.add_argument("--root", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--max-boots", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        result = count_start(Slots(args.root), UpdateState(args.data_dir), args.max_boots)
    except Exception as exc:  # never keep the kiosk from starting
        result = {"guard": "error", "error": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
