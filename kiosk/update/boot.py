"""``python -m kiosk.update.boot``: the post-switch self-test without devices or UI.

The runtime runs ``trial.after_switch`` itself with every check (devices answer, UI
painted); this entry point runs the store and server checks only, for a technician
(``kiosk update self-test``) and for tests that start a real process from a slot.
Prints one JSON line. Exit codes: 0 passed or nothing on trial, 3 rolled back (the
next start runs the previous slot).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import requests

import kiosk
from kiosk.update import selftest, trial
from kiosk.update.slots import Slots
from kiosk.update.state import UpdateState
from offline_queue.store import Store

ROLLED_BACK = 3


def server_reachable(base_url: str, timeout: float = 3.0) -> Callable[[], bool]:
    def probe() -> bool:
        try:
            return requests.get(base_url.rstrip("/") + "/v1/health",
                                timeout=timeout).status_code == 200
        except requests.RequestException:
            return False
    return probe


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.update.boot")
    parser.add_argument("--root", required=True, type=Path)
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--server-url", required=True)
    args = parser.parse_args(argv)
    with Store(args.data_dir / "kiosk.db") as store:
        checks = {"server": selftest.flag_check(server_reachable(args.server_url),
                                                "server not reachable")}
        result = trial.after_switch(Slots(args.root), UpdateState(args.data_dir), store,
                                    checks, time.time())
    out = {"code": str(Path(kiosk.__file__).parent), "version": kiosk.__version__,
           "self_test": None if result is None else {"passed": result.passed,
                                                     "failures": result.failures}}
    sys.stdout.write(json.dumps(out) + "\n")
    return ROLLED_BACK if result is not None and not result.passed else 0


if __name__ == "__main__":
    raise SystemExit(main())
