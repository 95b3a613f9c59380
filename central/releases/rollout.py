"""Staged rollout: which release each kiosk should run, and what kiosks reported.

A published release starts as ``canary`` with a share of the fleet (percent); the
operator raises the share, promotes it to ``stable`` (the previous stable becomes
``superseded``) or ``halts`` it. A kiosk is in the canary cohort when its bucket
(SHA-256 of the kiosk id, 0..99) is below the share: the same kiosks go first every
time, and raising the share only adds kiosks. At most one release is in canary at a
time and versions only grow, so "what should K0001 run" has one answer.

A canary kiosk that reports a rollback halts the canary at once (``auto-halt``): a
release that fails its self-test in the field must not reach more kiosks while the
operator sleeps.

The tables are the registered migration ``releases`` (central.db.migrations): version 1
is the schema the first servers created themselves (``CREATE TABLE IF NOT EXISTS``, so a
database that has them already just records the version), version 2 adds the index the
status page reads by and a unique index that makes "one canary, one stable" a property
of the database rather than of one process's check. Plain SQL both engines accept.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

from central.db import CentralDB, Migration, migrate, register
from central.releases.errors import ReleaseError
from central.releases.manifest import Manifest, parse_version

SCHEMA = """
CREATE TABLE IF NOT EXISTS releases (
    version TEXT PRIMARY KEY,
    major INTEGER NOT NULL,
    minor INTEGER NOT NULL,
    patch INTEGER NOT NULL,
    target TEXT NOT NULL,
    manifest TEXT NOT NULL,
    stage TEXT NOT NULL,
    percent INTEGER NOT NULL,
    reason TEXT NOT NULL,
    published_at DOUBLE PRECISION NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE IF NOT EXISTS update_reports (
    report_id TEXT PRIMARY KEY,
    kiosk_id TEXT NOT NULL,
    version TEXT NOT NULL,
    outcome TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at DOUBLE PRECISION NOT NULL
);
"""
MIGRATIONS = (
    register(Migration("releases", 1, SCHEMA)),
    register(Migration("releases", 2, """
CREATE INDEX IF NOT EXISTS update_reports_version ON update_reports (version, outcome);
CREATE UNIQUE INDEX IF NOT EXISTS releases_one_per_live_stage ON releases (stage)
    WHERE stage IN ('canary', 'stable')
""")),
)
STAGES = ("canary", "stable", "superseded", "halted")
OUTCOMES = ("installed", "rolled_back", "refused", "failed", "deferred")


def ensure(db: CentralDB) -> None:
    """Apply the ``releases`` migrations if this database lacks them (``open_database``
    has normally applied them already: this module registers them at import)."""
    have = {r["version"] for r in db.query(
        "SELECT version FROM schema_migrations WHERE module = 'releases'")}
    if not {m.version for m in MIGRATIONS} <= have:
        migrate(db)


def bucket(kiosk_id: str) -> int:
    """The kiosk's fixed place 0..99 in every canary."""
    return int(hashlib.sha256(kiosk_id.encode()).hexdigest()[:8], 16) % 100


class Rollout:
    def __init__(self, db: CentralDB, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.clock = clock
        ensure(db)

    def check_new(self, manifest: Manifest, percent: int) -> None:
        """Raise unless ``manifest`` may be published now (checked before signing)."""
        _check_percent(percent)
        newest = self.db.query("SELECT version FROM releases ORDER BY major DESC, minor DESC,"
                               " patch DESC LIMIT 1")
        if newest and parse_version(newest[0]["version"]) >= parse_version(manifest.version):
            raise ReleaseError(f"version {manifest.version} is not above the newest release"
                               f" {newest[0]['version']}: versions only grow")
        canary = self._in_stage("canary")
        if canary:
            raise ReleaseError(f"release {canary['version']} is still in canary: promote or"
                               " halt it first")

    def add(self, manifest: Manifest, target: str, percent: int) -> dict[str, Any]:
        """Record a newly published release as canary with ``percent`` of the fleet."""
        self.check_new(manifest, percent)
        now = self.clock()
        major, minor, patch = parse_version(manifest.version)
        with self.db.tx() as conn:
            conn.execute("INSERT INTO releases (version, major, minor, patch, target, manifest,"
                         " stage, percent, reason, published_at, updated_at) VALUES"
                         " (?, ?, ?, ?, ?, ?, 'canary', ?, '', ?, ?)",
                         (manifest.version, major, minor, patch, target,
                          json.dumps(manifest.as_dict(), sort_keys=True), percent, now, now))
        return self.get(manifest.version)

    def promote(self, version: str, percent: int = 100) -> dict[str, Any]:
        """Raise the canary share; 100 makes it the stable release of the whole fleet."""
        _check_percent(percent)
        rel = self.get(version)
        if rel["stage"] != "canary":
            raise ReleaseError(f"release {version} is {rel['stage']}, only a canary can be"
                               " promoted")
        if percent < rel["percent"]:
            raise ReleaseError(f"release {version} already reaches {rel['percent']}%: halt"
                               " it to take it back")
        now = self.clock()
        with self.db.tx() as conn:
            if percent == 100:
                conn.execute("UPDATE releases SET stage = 'superseded', updated_at = ?"
                             " WHERE stage = 'stable'", (now,))
                conn.execute("UPDATE releases SET stage = 'stable', percent = 100,"
                             " updated_at = ? WHERE version = ?", (now, version))
            else:
                conn.execute("UPDATE releases SET percent = ?, updated_at = ? WHERE"
                             " version = ?", (percent, now, version))
        return self.get(version)

    def halt(self, version: str, reason: str) -> dict[str, Any]:
        """Stop a canary: its kiosks are told to go back to the stable release."""
        rel = self.get(version)
        if rel["stage"] != "canary":
            raise ReleaseError(f"release {version} is {rel['stage']}, only a canary can be"
                               " halted")
        with self.db.tx() as conn:
            conn.execute("UPDATE releases SET stage = 'halted', reason = ?, updated_at = ?"
                         " WHERE version = ?", (reason or "halted", self.clock(), version))
        return self.get(version)

    def get(self, version: str) -> dict[str, Any]:
        rows = self.db.query("SELECT * FROM releases WHERE version = ?", (version,))
        if not rows:
            raise ReleaseError(f"no release {version}")
        return _row(rows[0])

    def _in_stage(self, stage: str) -> dict[str, Any] | None:
        rows = self.db.query("SELECT * FROM releases WHERE stage = ?", (stage,))
        return _row(rows[0]) if rows else None

    def target_for(self, kiosk_id: str) -> dict[str, Any]:
        """What ``GET /v1/kiosks/{id}/release`` answers (one query: every kiosk asks)."""
        rows = self.db.query("SELECT * FROM releases WHERE stage IN ('stable', 'canary',"
                             " 'halted') ORDER BY major, minor, patch")
        live = {r["stage"]: r for r in rows if r["stage"] in ("stable", "canary")}
        stable, canary = live.get("stable"), live.get("canary")
        chosen, stage = stable, "stable"
        if canary and bucket(kiosk_id) < canary["percent"]:
            chosen, stage = canary, "canary"
        halted = [r["version"] for r in rows if r["stage"] == "halted"]
        if chosen is None:
            return {"version": None, "stage": None, "target": None, "halted": halted}
        return {"version": chosen["version"], "stage": stage, "target": chosen["target"],
                "halted": halted}

    def report(self, kiosk_id: str, body: Any) -> dict[str, Any]:
        """Store one update report (idempotent by its id); may auto-halt a canary."""
        if not isinstance(body, dict):
            raise ReleaseError("an update report must be a JSON object")
        rid, version, outcome = body.get("id"), body.get("version"), body.get("outcome")
        if not (isinstance(rid, str) and 8 <= len(rid) <= 64):
            raise ReleaseError("report id must be text of 8..64 characters")
        parse_version(str(version))
        if outcome not in OUTCOMES:
            raise ReleaseError(f"outcome must be one of {list(OUTCOMES)}")
        reason = body.get("reason", "")
        if not isinstance(reason, str) or len(reason) > 2000:
            raise ReleaseError("reason must be text of at most 2000 characters")
        with self.db.transaction() as tx:  # a key, not a look-up: two workers store it once
            new = tx.execute("INSERT INTO update_reports (report_id, kiosk_id, version,"
                             " outcome, body, received_at) VALUES (?, ?, ?, ?, ?, ?)"
                             " ON CONFLICT (report_id) DO NOTHING",
                             (rid, kiosk_id, version, outcome,
                              json.dumps(body, sort_keys=True), self.clock())) == 1
        halted = False
        if new and outcome == "rolled_back":
            rel = self.db.query("SELECT stage FROM releases WHERE version = ?", (version,))
            if rel and rel[0]["stage"] == "canary":
                self.halt(str(version), f"auto-halt: {kiosk_id} rolled back: {reason}")
                halted = True
        return {"ok": True, "duplicate": not new, "halted": halted}

    def status(self) -> list[dict[str, Any]]:
        """Every release with its stage and the count of each reported outcome."""
        out = []
        for row in self.db.query("SELECT * FROM releases ORDER BY major, minor, patch"):
            rel = _row(row)
            counts = self.db.query("SELECT outcome, COUNT(*) AS n FROM update_reports WHERE"
                                   " version = ? GROUP BY outcome", (rel["version"],))
            rel["reports"] = {c["outcome"]: c["n"] for c in counts}
            out.append(rel)
        return out

    def reports(self, version: str) -> list[dict[str, Any]]:
        rows = self.db.query("SELECT kiosk_id, outcome, body, received_at FROM update_reports"
                             " WHERE version = ? ORDER BY received_at", (version,))
        return [{**r, "body": json.loads(r["body"])} for r in rows]


def _check_percent(percent: int) -> None:
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise ReleaseError(f"share must be a whole percent 0..100, got {percent!r}")


def _row(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: row[k] for k in ("version", "target", "stage", "percent", "reason",
                               "published_at", "updated_at")}
    out["manifest"] = json.loads(row["manifest"])
    return out
