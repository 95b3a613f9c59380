"""The update cycle: ask, verify, install into a new slot, switch when idle, self-test,
commit or roll back (docs/operations.md, section 10).

States (durable in ``state``): nothing staged -> ``staged`` (a verified slot waits for
an idle kiosk at a quiet hour) -> ``trial`` (switched; the new process self-tests before
it takes money) -> committed (trial cleared, reported ``installed``) or rolled back
(``current`` back to the previous slot, the version marked bad, reported
``rolled_back`` with the reason). The guard counts starts during a trial, so a release
that crashes before its self-test is rolled back too. Policy refusals are reported once
per version: a downgrade, a release that says rollback is impossible, a release that
cannot run on this kiosk's data, a version that was rolled back here before.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from datetime import time as dtime
from pathlib import Path
from typing import Any

from kiosk import __version__ as FACTORY_VERSION
from kiosk.update import trial
from kiosk.update.errors import UpdateError
from kiosk.update.fetch import ReleaseFetcher
from kiosk.update.gate import SwitchGate
from kiosk.update.lock import ProcessLock
from kiosk.update.release import version_key
from kiosk.update.server import ReleaseServer
from kiosk.update.slots import Slots
from kiosk.update.state import UpdateState


def parse_quiet_hours(text: str) -> tuple[dtime, dtime] | None:
    """``"02:00-05:00"`` (may wrap midnight); ``""`` = any time."""
    if not text:
        return None
    try:
        start, end = (dtime.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise UpdateError("refused", f"quiet hours must look like 02:00-05:00, got {text!r}"
                          ) from None
    return start, end


def in_window(now: dtime, window: tuple[dtime, dtime] | None) -> bool:
    if window is None:
        return True
    start, end = window
    return start <= now < end if start <= end else (now >= start or now < end)


@dataclass(frozen=True)
class Settings:
    root: Path
    max_boots: int = 3
    quiet_hours: str = ""
    auto_install: bool = True


class Updater:
    def __init__(self, settings: Settings, data_dir: str | Path, *,
                 fetcher: ReleaseFetcher, server: ReleaseServer, gate: SwitchGate,
                 restart: Callable[[str], None], data_schema: Callable[[], dict[str, int]],
                 clock: Callable[[], float] = time.time,
                 local_now: Callable[[], datetime] = datetime.now) -> None:
        self.settings = settings
        self.slots = Slots(settings.root)
        self.state = UpdateState(data_dir)
        self.fetcher = fetcher
        self.server = server
        self.gate = gate
        self.restart = restart
        self.data_schema = data_schema
        self.clock = clock
        self.local_now = local_now
        self.window = parse_quiet_hours(settings.quiet_hours)
        self.lock = ProcessLock(self.state.dir / "lock")

    def running_version(self) -> str:
        return self.slots.current() or FACTORY_VERSION

    # -- checking and installing --------------------------------------------------------
    def check(self) -> dict[str, Any]:
        """One cycle; returns what happened (also kept as ``state.last``)."""
        try:
            with self.lock:
                outcome = self._check()
        except UpdateError as exc:
            outcome = {"result": "error", "kind": exc.kind, "error": exc.message}
        outcome["at"] = self.clock()
        self.state.update(lambda s: s.__setitem__("last", outcome))
        self.send_reports()
        return outcome

    def _check(self) -> dict[str, Any]:
        target = self.server.target()
        running = self.running_version()
        want = target.get("version")
        if running in target.get("halted", []) and want and want == self.slots.previous():
            self._stage(want)
            return {"result": "back-to-stable", "version": want, **self._try_switch()}
        if not isinstance(want, str) or want == running:
            return {"result": "up-to-date", "version": running}
        if version_key(want) < version_key(running):
            self._report_once(want, "refused", f"downgrade from {running} refused")
            return {"result": "refused", "version": want, "reason": "downgrade"}
        if want in self.state.load()["bad"]:
            return {"result": "refused", "version": want, "reason": "rolled back here before"}
        if not self.settings.auto_install:
            return {"result": "available", "version": want}
        if self.state.load().get("staged") != want:
            self._install(want, False)
        return {"result": "staged", "version": want, **self._try_switch()}

    def install(self, version: str, *, allow_no_rollback: bool = False) -> Path:
        """Verify ``version`` with TUF and unpack it into a new slot (not switched yet)."""
        with self.lock:
            return self._install(version, allow_no_rollback)

    def _install(self, version: str, allow_no_rollback: bool) -> Path:
        try:
            bundle, release = self.fetcher.fetch(version)
        except UpdateError as exc:
            if exc.kind == "verify":
                self._report_once(version, "failed", exc.message)
            raise
        if not release.rollback and not allow_no_rollback:
            self._report_once(version, "refused", "the release says rollback is impossible:"
                              " a technician installs it (kiosk update install"
                              " --allow-no-rollback)")
            raise UpdateError("refused", f"{version} cannot be rolled back: not installed"
                              " automatically")
        problem = release.schema_problem(self.data_schema())
        if problem:
            self._report_once(version, "refused", problem)
            raise UpdateError("refused", problem)
        try:
            path = self.slots.install(bundle, release)
        except UpdateError as exc:
            self._report_once(version, "failed", exc.message)
            raise
        self._stage(version)
        return path

    def _stage(self, version: str) -> None:
        self.state.update(lambda s: s.__setitem__("staged", version))

    # -- switching ------------------------------------------------------------------------
    def try_switch(self) -> dict[str, Any]:
        """Switch to the staged slot if the kiosk is idle at a quiet hour, then restart."""
        with self.lock:
            return self._try_switch()

    def _try_switch(self) -> dict[str, Any]:
        staged = self.state.load().get("staged")
        if not staged:
            return {"switch": "nothing staged"}
        if not in_window(self.local_now().time(), self.window):
            return {"switch": "deferred", "reason": f"outside quiet hours"
                    f" {self.settings.quiet_hours}"}
        busy = self.gate.hold_for_switch()
        if busy is not None:
            return {"switch": "deferred", "reason": busy}
        try:
            running = self.running_version()

            def arm(s: dict[str, Any]) -> None:
                s["trial"] = {"version": staged, "previous": running, "boots": 0,
                              "since": self.clock()}
                s["staged"] = None
            self.state.update(arm)
            self.slots.switch(staged)
        except BaseException:
            self.gate.release_hold()
            raise
        self.restart(f"switched to {staged}")
        return {"switch": "switched", "version": staged, "from": running}

    def rollback(self, reason: str) -> str:
        """Back to the previous slot (technician or halted release); restart follows."""
        with self.lock:
            return trial.roll_back(self.slots, self.state, reason, self.clock())

    # -- reporting ----------------------------------------------------------------------------
    def _report_once(self, version: str, outcome: str, reason: str) -> None:
        def add(s: dict[str, Any]) -> None:
            said = s.setdefault("said", {})
            key = f"{version}:{outcome}"
            if said.get(key) != reason:
                said[key] = reason
                self.state.add_report(s, version, outcome, reason, self.clock(),
                                      from_version=self.running_version())
        self.state.update(add)

    def send_reports(self) -> int:
        """Send queued reports oldest first; stops at the first the server did not take."""
        sent = 0
        for report in self.state.load()["reports"]:
            if not self.server.report(report):
                break
            self.state.update(_without_report(report["id"]))
            sent += 1
        return sent

    def status(self) -> dict[str, Any]:
        st = self.state.load()
        return {"running": self.running_version(), "previous": self.slots.previous(),
                "staged": st.get("staged"), "trial": st["trial"], "bad": st["bad"],
                "unsent_reports": len(st["reports"]), "last": st["last"]}


def _without_report(rid: str) -> Callable[[dict[str, Any]], None]:
    def drop(s: dict[str, Any]) -> None:
        s["reports"] = [r for r in s["reports"] if r["id"] != rid]
    return drop
