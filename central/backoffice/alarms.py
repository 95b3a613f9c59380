"""Alarms: one per kiosk and condition, open -> acknowledged -> resolved, with hysteresis.

``evaluate(now)`` turns readings (``alarm_rules``) into alarm changes in one transaction:

- bad, no active alarm: open one (for an event condition only if some subject is new,
  i.e. not already in an alarm someone resolved);
- bad, active alarm: refresh its detail; if it was clearing, that was a flap (counted,
  the hold starts again) - so a flapping link keeps one alarm instead of raising ten;
- good, active state alarm: start the clear hold, and resolve once it has held for
  ``clear_hold_s`` (0 for conditions with threshold hysteresis or item lists); for a
  stale heartbeat the hold is measured from the heartbeats themselves (the start of the
  current run without a gap over ``heartbeat_fresh_s``), so it does not depend on how
  often someone looks;
- between: the alarm stays; a clear hold in progress starts again.

Event alarms (cash collection differences, voucher-ledger alarms) are only resolved by
a person. The clock
is injected: tests step it and call ``evaluate`` for exact, repeatable timing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from central.backoffice import alarm_rules as rules
from central.backoffice import fleet
from central.backoffice.audit import new_id
from central.backoffice.config import BackofficeConfig
from central.backoffice.errors import Conflict, NotFound
from central.backoffice.store import Store, Tx

STATES = ("open", "acknowledged", "resolved")
HOLD_FREE = frozenset({"cassette_full", "parked_dead", "refused_records", "reconciliation"})


class AlarmEngine:
    def __init__(self, store: Store, config: BackofficeConfig,
                 clock: Callable[[], float]) -> None:
        self.store = store
        self.config = config
        self.clock = clock

    def readings(self, now: float) -> list[rules.Reading]:
        out: list[rules.Reading] = []
        states = fleet.fleet(self.store, now, self.config)
        for st in states:
            out += rules.from_state(st, self.config)
        return (out + rules.refused(self.store, [st.kiosk_id for st in states])
                + rules.reconciliation(self.store, now) + rules.collections(self.store, now)
                + rules.vouchers(self.store, now))

    def evaluate(self, now: float | None = None) -> dict[str, int]:
        """Apply the current readings; counts of alarms opened, resolved and flaps."""
        at = int(self.clock() if now is None else now)
        readings = self.readings(at)
        counts = {"opened": 0, "resolved": 0, "flaps": 0}
        with self.store.atomic() as tx:
            active = {(a["kiosk_id"], a["condition"]): a for a in tx.rows(
                "SELECT * FROM bo_alarms WHERE active = 1")}
            for r in readings:
                self._apply(tx, r, active.get((r.kiosk_id, r.condition)), at, counts)
        return counts

    def _apply(self, tx: Tx, r: rules.Reading, alarm: dict[str, Any] | None, at: int,
               counts: dict[str, int]) -> None:
        if r.level == "bad":
            subjects = set(r.subjects)
            if r.condition in rules.EVENT_CONDITIONS:
                subjects -= self._handled(tx, r.kiosk_id, r.condition)
                if not subjects and alarm is None:
                    return
            if alarm is None:
                tx.run("INSERT INTO bo_alarms (alarm_id, kiosk_id, condition, subject, state,"
                       " active, detail, opened_at, last_bad_at, flaps) VALUES"
                       " (?, ?, ?, ?, 'open', 1, ?, ?, ?, 0)",
                       (new_id(self.clock), r.kiosk_id, r.condition,
                        " ".join(sorted(subjects)), r.detail, at, at))
                counts["opened"] += 1
                return
            flap = alarm["clear_since"] is not None
            counts["flaps"] += int(flap)
            merged = " ".join(sorted(set(alarm["subject"].split()) | subjects))
            tx.run("UPDATE bo_alarms SET detail = ?, subject = ?, last_bad_at = ?,"
                   " clear_since = NULL, flaps = flaps + ? WHERE alarm_id = ?",
                   (r.detail, merged, at, int(flap), alarm["alarm_id"]))
        elif r.level == "good" and alarm is not None and \
                r.condition not in rules.EVENT_CONDITIONS:
            since = alarm["clear_since"] if alarm["clear_since"] is not None else at
            if r.condition == "heartbeat_stale":  # from the beats, not from when we looked
                since = self._fresh_since(tx, r.kiosk_id, at)
            hold = 0 if r.condition in HOLD_FREE else self.config.clear_hold_s
            if at - since >= hold:
                tx.run("UPDATE bo_alarms SET state = 'resolved', active = 0, resolved_at = ?,"
                       " resolved_by = NULL, clear_since = ? WHERE alarm_id = ?",
                       (at, since, alarm["alarm_id"]))
                counts["resolved"] += 1
            elif alarm["clear_since"] is None:
                tx.run("UPDATE bo_alarms SET clear_since = ? WHERE alarm_id = ?",
                       (at, alarm["alarm_id"]))
        elif r.level == "between" and alarm is not None and alarm["clear_since"] is not None:
            tx.run("UPDATE bo_alarms SET clear_since = NULL WHERE alarm_id = ?",
                   (alarm["alarm_id"],))  # not clear after all: the hold starts again

    def _fresh_since(self, tx: Tx, kiosk_id: str, at: int) -> int:
        """Start of the current unbroken run of heartbeats (gaps <= heartbeat_fresh_s)."""
        since: float = at
        for row in tx.rows("SELECT at FROM heartbeats WHERE kiosk_id = ? AND at <= ?"
                           " ORDER BY at DESC LIMIT 200", (kiosk_id, at)):
            if since - row["at"] > self.config.heartbeat_fresh_s:
                break
            since = row["at"]
        return int(since)

    def _handled(self, tx: Tx, kiosk_id: str, condition: str) -> set[str]:
        done: set[str] = set()
        for row in tx.rows("SELECT subject FROM bo_alarms WHERE kiosk_id = ? AND condition = ?"
                           " AND active = 0", (kiosk_id, condition)):
            done |= set(row["subject"].split())
        return done

    def acknowledge(self, alarm_id: str, username: str) -> None:
        if not self.store.run("UPDATE bo_alarms SET state = 'acknowledged', acknowledged_at = ?,"
                              " acknowledged_by = ? WHERE alarm_id = ? AND state = 'open'",
                              (int(self.clock()), username, alarm_id)):
            self._missing(alarm_id)

    def resolve(self, alarm_id: str, username: str) -> None:
        if not self.store.run("UPDATE bo_alarms SET state = 'resolved', active = 0,"
                              " resolved_at = ?, resolved_by = ? WHERE alarm_id = ? AND"
                              " active = 1", (int(self.clock()), username, alarm_id)):
            self._missing(alarm_id)

    def _missing(self, alarm_id: str) -> None:
        row = self.store.one("SELECT state FROM bo_alarms WHERE alarm_id = ?", (alarm_id,))
        if row is None:
            raise NotFound(f"no alarm {alarm_id}")
        raise Conflict(f"alarm {alarm_id} is already {row['state']}")

    def rows(self, *, state: str = "", kiosk_id: str = "", condition: str = "",
             active_only: bool = False, limit: int = 500) -> list[dict[str, Any]]:
        sql = "SELECT * FROM bo_alarms WHERE 1 = 1"
        params: list[Any] = []
        for column, value in (("state", state), ("kiosk_id", kiosk_id),
                              ("condition", condition)):
            if value:
                sql += f" AND {column} = ?"
                params.append(value)
        if active_only:
            sql += " AND active = 1"
        return self.store.rows(sql + " ORDER BY opened_at DESC, alarm_id DESC LIMIT ?",
                               [*params, limit])

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATES}
        for r in self.store.rows("SELECT state, COUNT(*) AS n FROM bo_alarms WHERE active = 1"
                                 " GROUP BY state"):
            out[r["state"]] = int(r["n"])
        return out
