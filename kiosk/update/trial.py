"""A release on trial: self-test it after the switch, then commit it or roll it back.

Shared by the runtime (``after_switch`` before the kiosk takes money), the boot guard
(crash loop) and ``kiosk update rollback``. Rolling back points ``current`` at the
previous slot (or the factory install), marks the failed version bad (never installed
again automatically) and queues a ``rolled_back`` report with the reason; the caller
restarts the process so systemd starts the previous release.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk import __version__ as FACTORY_VERSION
from kiosk.update import selftest
from kiosk.update.slots import Slots
from kiosk.update.state import UpdateState


def roll_back(slots: Slots, state: UpdateState, reason: str, at: float) -> str:
    """``current`` back to the previous slot; returns the version now current
    (``"factory"``: the base install)."""
    failed = slots.current() or FACTORY_VERSION
    # "factory", not kiosk.__version__: in a slot process that names the slot's own code
    back = slots.rollback() or "factory"

    def record(s: dict[str, Any]) -> None:
        s["trial"] = None
        s["staged"] = None
        if failed != back:
            s["bad"] = sorted({*s["bad"], failed})
        state.add_report(s, failed, "rolled_back", reason, at, to_version=back)
    state.update(record)
    return back


def after_switch(slots: Slots, state: UpdateState, store: selftest.StoreView,
                 checks: Mapping[str, selftest.Check], at: float
                 ) -> selftest.SelfTestResult | None:
    """Self-test the release on trial (None when nothing is on trial)."""
    trial = state.load()["trial"]
    if not trial:
        return None
    if slots.current() != trial["version"]:  # stopped before the symlink moved
        state.update(lambda s: s.__setitem__("trial", None))
        return None
    release = slots.release(trial["version"])
    result = selftest.run({"journal": selftest.journal_check(store, release), **checks})
    if not result.passed:
        roll_back(slots, state, f"self-test failed: {result.reason()}", at)
        return result

    def commit(s: dict[str, Any]) -> None:
        s["trial"] = None
        state.add_report(s, trial["version"], "installed",
                         f"self-test passed: {', '.join(result.passed_checks)}", at,
                         from_version=trial["previous"])
    state.update(commit)
    slots.prune()
    return result
