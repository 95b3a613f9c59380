"""The update worker's thread: kicked checks, switch retries, stop."""

from __future__ import annotations

import random
import threading

from kiosk.update.worker import UpdateWorker


class FakeCycle:
    def __init__(self, outcomes):
        self.outcomes = list(outcomes)
        self.calls: list[str] = []
        self.done = threading.Event()

    def check(self):
        self.calls.append("check")
        out = self.outcomes.pop(0)
        if not self.outcomes:
            self.done.set()
        if isinstance(out, Exception):
            raise out
        return out

    def try_switch(self):
        self.calls.append("switch")
        return {"switch": "switched"}

    def status(self):
        return {}


def test_deferred_switch_is_retried_without_a_new_check():
    cycle = FakeCycle([{"result": "staged", "switch": "deferred", "reason": "session active"}])
    worker = UpdateWorker(cycle, interval_s=3600, retry_s=5, rng=random.Random(1))
    assert worker.cycle() == 5
    wait = worker.cycle(full=False)
    assert cycle.calls == ["check", "switch"] and worker.last["switch"] == "switched"
    assert 2700 <= wait <= 4500


def test_a_failing_cycle_is_logged_and_the_worker_goes_on():
    worker = UpdateWorker(FakeCycle([RuntimeError("bug")]), rng=random.Random(1))
    worker.cycle()
    assert worker.last == {"result": "error", "kind": "bug", "error": "RuntimeError"}


def test_kick_runs_a_check_on_the_worker_thread():
    cycle = FakeCycle([{"result": "up-to-date"}])
    worker = UpdateWorker(cycle, first_check_s=3600, rng=random.Random(1))
    worker.start()
    try:
        worker.kick()
        assert cycle.done.wait(10)
    finally:
        assert worker.stop()
    assert cycle.calls == ["check"]
