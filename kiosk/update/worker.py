"""The update worker: one daemon thread that checks on a schedule and on command.

Download and verification block on the network and the disk, so they never run on the
GUI thread (nor on the command poller's: ``update-check`` only kicks this thread).
After a check that staged a release but could not switch (a customer was paying, or it
is not the quiet hour), the worker retries the switch every ``retry_s`` until it
happens. ``stop()`` waits for a cycle in progress: a slot is never left half unpacked
by the kiosk's own shutdown (and a power cut leaves only a ``.partial`` directory).
"""

from __future__ import annotations

import logging
import random
import threading
from typing import Any, Protocol

log = logging.getLogger(__name__)


class Cycle(Protocol):  # kiosk.update.updater.Updater
    def check(self) -> dict[str, Any]: ...
    def try_switch(self) -> dict[str, Any]: ...
    def status(self) -> dict[str, Any]: ...


class UpdateWorker:
    def __init__(self, updater: Cycle, *, interval_s: float = 3600.0, retry_s: float = 60.0,
                 first_check_s: float = 120.0, rng: random.Random | None = None) -> None:
        self.updater = updater
        self.interval_s = interval_s
        self.retry_s = retry_s
        self.first_check_s = first_check_s
        self._rng = rng or random.Random()
        self._stop = threading.Event()
        self._kick = threading.Event()
        self._thread: threading.Thread | None = None
        self.last: dict[str, Any] = {}

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="update-worker",
                                            daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 30.0) -> bool:
        self._stop.set()
        self._kick.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def kick(self) -> None:
        """Check now (the ``update-check`` command, ``kiosk update check``)."""
        self._kick.set()

    def _jittered(self, seconds: float) -> float:
        """Spread a fleet's checks so 10,000 kiosks do not ask in the same second."""
        return seconds * (0.75 + 0.5 * self._rng.random())

    def _run(self) -> None:
        wait = self._jittered(self.first_check_s)
        while not self._stop.is_set():
            kicked = self._kick.wait(wait)
            self._kick.clear()
            if self._stop.is_set():
                break
            wait = self.cycle(full=kicked or not self._pending())

    def _pending(self) -> bool:
        return bool(self.last.get("result") == "staged"
                    and self.last.get("switch") == "deferred")

    def cycle(self, *, full: bool = True) -> float:
        """One check (or only a switch retry); returns the wait before the next."""
        try:
            self.last = self.updater.check() if full else {**self.last,
                                                          **self.updater.try_switch()}
        except Exception as exc:  # a bug in one cycle must not end the updates for good
            log.exception("update cycle failed")
            self.last = {"result": "error", "kind": "bug", "error": f"{type(exc).__name__}"}
        log.info("update cycle", extra={"update": self.last})
        return self.retry_s if self._pending() else self._jittered(self.interval_s)
