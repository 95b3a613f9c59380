"""What each alarm condition reads, with separate raise and clear thresholds.

A reading is ``bad`` (raise or keep the alarm), ``good`` (may clear, after the hold) or
``between`` (neither: the alarm stays as it is). The gap between the two thresholds is
the first half of the hysteresis; ``alarms.AlarmEngine`` adds the hold time.

Conditions and their kind:

===================  ======  ===============================================================
heartbeat_stale      state   last heartbeat older than stale_after_s; clear below fresh_s
device_fault         state   a device reports a fault (only judged on a fresh heartbeat)
cassette_full        state   fill >= raise %, clear below clear %
backlog              state   oldest unsent record too old or too many pending
parked_dead          state   parked records or dead letters on the kiosk
refused_records      state   records the server refused for its own reasons (the kiosk
                             parked them: central.refusals), until they are taken
reconciliation       state   the latest report of any recent batch is not balanced
collection           event   a cash collection counted differently from expected; stays
                             until a person resolves it (money differences never vanish)
voucher              event   the voucher ledger raised an alarm (double spend, bad MAC,
                             conflicting records: central.vouchers.events)
===================  ======  ===============================================================
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from central import refusals
from central.backoffice.config import BackofficeConfig
from central.backoffice.fleet import KioskState
from central.backoffice.i18n import money
from central.backoffice.store import Store
from central.vouchers import events
from protocol.wire import iso

CONDITIONS = ("heartbeat_stale", "device_fault", "cassette_full", "backlog", "parked_dead",
              "refused_records", "reconciliation", "collection", "voucher")
EVENT_CONDITIONS = frozenset({"collection", "voucher"})
RECENT_S = 31 * 86400


@dataclass(frozen=True)
class Reading:
    kiosk_id: str
    condition: str
    level: str  # "bad" | "good" | "between"
    detail: str = ""
    subjects: frozenset[str] = field(default_factory=frozenset)


def from_state(st: KioskState, c: BackofficeConfig) -> list[Reading]:
    """Readings of the heartbeat-based conditions for one kiosk."""
    if st.age_s is None:  # never reported: nothing to judge yet
        return []
    out: list[Reading] = []
    k = st.kiosk_id
    age = st.age_s
    level = "bad" if age > c.stale_after_s else "good" if age <= c.heartbeat_fresh_s \
        else "between"
    out.append(Reading(k, "heartbeat_stale", level, f"{age} s"))
    if age > c.stale_after_s:  # the rest of an old heartbeat says nothing about now
        return out
    faults = "; ".join(f"{name}: {why}" for name, why in sorted(st.faults.items()))
    out.append(Reading(k, "device_fault", "bad" if st.faults else "good", faults))
    fill = st.fill_pct
    if fill is not None:
        level = "bad" if fill >= c.cassette_raise_pct else \
            "good" if fill < c.cassette_clear_pct else "between"
        out.append(Reading(k, "cassette_full", level, f"{fill}% ({st.cassette_notes} notes)"))
    if st.pending is not None:
        oldest = st.oldest_pending_age_s or 0
        if oldest >= c.backlog_raise_age_s or st.pending >= c.backlog_raise_pending:
            level = "bad"
        elif oldest < c.backlog_clear_age_s and st.pending < c.backlog_raise_pending // 2:
            level = "good"
        else:
            level = "between"
        out.append(Reading(k, "backlog", level, f"{st.pending} pending, oldest {oldest} s"))
    if st.dead_letters is not None or st.parked is not None:
        dead, parked = st.dead_letters or 0, st.parked or 0
        out.append(Reading(k, "parked_dead", "bad" if dead or parked else "good",
                           f"{parked} parked, {dead} dead letters"))
    return out


def reconciliation(store: Store, now: float) -> list[Reading]:
    """Per kiosk: bad if the newest report of any recent batch has differences (newest by
    insertion: two reports in the same second are not a tie that keeps the older one)."""
    rows = store.rows(
        "SELECT r.kiosk_id, r.batch_no, r.report FROM reconciliations r WHERE r.created_at >= ?"
        " AND r.id = (SELECT MAX(r2.id) FROM reconciliations r2"
        " WHERE r2.kiosk_id = r.kiosk_id AND r2.batch_no = r.batch_no)", (now - RECENT_S,))
    unbalanced: dict[str, set[str]] = {}
    for r in rows:
        try:
            balanced = bool(json.loads(r["report"]).get("balanced"))
        except (ValueError, AttributeError):
            balanced = False
        bad = unbalanced.setdefault(r["kiosk_id"], set())
        if not balanced:
            bad.add(str(r["batch_no"]))
    return [Reading(k, "reconciliation", "bad" if bad else "good",
                    ("batch " + ", ".join(sorted(bad, key=int))) if bad else "",
                    frozenset(bad)) for k, bad in unbalanced.items()]


def collections(store: Store, now: float) -> list[Reading]:
    """Per kiosk: each recent cash collection whose count differs from the expected."""
    found: dict[str, dict[str, int]] = {}
    since = iso(now - RECENT_S)
    for r in store.rows("SELECT kiosk_id, record_id, payload FROM records WHERE"
                        " type = 'cash_collection' AND received_at >= ? ORDER BY received_at",
                        (since,)):
        try:
            data = json.loads(r["payload"]).get("data") or {}
            diff = int(data.get("difference") or 0)
        except (ValueError, AttributeError, TypeError):
            continue
        if diff:
            ref = str(data.get("collection_id") or r["record_id"])
            found.setdefault(r["kiosk_id"], {})[ref] = diff
    return [Reading(k, "collection", "bad",
                    "; ".join(f"{ref[:8]}: {money(d)}" for ref, d in diffs.items()),
                    frozenset(diffs)) for k, diffs in found.items()]


def refused(store: Store, kiosk_ids: list[str]) -> list[Reading]:
    """Per kiosk: bad while the server holds refusals of its records that are unresolved."""
    open_: dict[str, list[str]] = {}
    for r in refusals.open_refusals(store.db):
        open_.setdefault(r["kiosk_id"], []).append(f"{r['record_type']}: {r['error']}")
    return [Reading(k, "refused_records", "bad" if k in open_ else "good",
                    "; ".join(sorted(set(open_.get(k, []))))) for k in kiosk_ids]


def vouchers(store: Store, now: float) -> list[Reading]:
    """Per kiosk: each recent voucher-ledger alarm event (one subject per event)."""
    found: dict[str, dict[str, str]] = {}
    for e in events.listing(store.db, alarms_only=True, limit=500):
        if e["kiosk_id"] and e["at"] >= now - RECENT_S:
            found.setdefault(e["kiosk_id"], {})[e["event_id"]] = f"{e['kind']} {e['code'] or ''}"
    return [Reading(k, "voucher", "bad", "; ".join(sorted(set(evs.values()))), frozenset(evs))
            for k, evs in found.items()]
