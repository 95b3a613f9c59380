"""The self-test a freshly switched release must pass before it takes money.

Each check returns None when it passed or a short reason. The runtime supplies the
checks it can answer (devices answer, server reachable, UI painted); the journal check
lives here because it needs only the store: the hash chain verifies end to end, and
every migration namespace the release declares is at exactly the declared version (a
migration that did not run, or data newer than the code, fails the test). A check that
raises counts as failed with the exception as its reason: a broken release must roll
back, not crash the test.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kiosk.update.release import Release

Check = Callable[[], str | None]


class StoreView(Protocol):
    def verify_chain(self) -> bool: ...
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class SelfTestResult:
    failures: dict[str, str] = field(default_factory=dict)
    passed_checks: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.failures

    def reason(self) -> str:
        return "; ".join(f"{name}: {why}" for name, why in self.failures.items())


def run(checks: Mapping[str, Check]) -> SelfTestResult:
    failures: dict[str, str] = {}
    passed: list[str] = []
    for name, check in checks.items():
        try:
            why = check()
        except Exception as exc:
            why = f"{type(exc).__name__}: {exc}"
        if why is None:
            passed.append(name)
        else:
            failures[name] = why
    return SelfTestResult(failures, tuple(passed))


def store_schema(store: StoreView) -> dict[str, int]:
    """Applied migration version per namespace (the store's data schema)."""
    rows = store.query("SELECT namespace, MAX(version) AS version FROM _migrations"
                       " GROUP BY namespace")
    return {str(r["namespace"]): int(r["version"]) for r in rows}


def journal_check(store: StoreView, release: Release) -> Check:
    def check() -> str | None:
        if not store.verify_chain():
            return "journal hash chain does not verify"
        have = store_schema(store)
        wrong = [f"{ns} at {have.get(ns, 0)}, release expects {want}"
                 for ns, want in sorted(release.data_schema.items()) if have.get(ns, 0) != want]
        return "migrations: " + ", ".join(wrong) if wrong else None
    return check


def flag_check(ok: Callable[[], bool], failure: str) -> Check:
    """A yes/no probe (server reachable, UI painted) as a check."""
    return lambda: None if ok() else failure
