"""Each kiosk's state as the back office shows it, derived from its last heartbeat.

Connectivity is the heartbeat's age: ``online`` up to ``stale_after_s``, ``stale`` up to
``offline_after_s``, then ``offline``; ``never`` for a kiosk that has not reported. The
rest is what the kiosk said about itself (docs/protocols.md, heartbeat): service state
with reasons, device faults, cassette fill, queue backlog, parked records, dead letters.
Nothing here is guessed: a field the kiosk did not send stays ``None``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from central.backoffice.config import BackofficeConfig
from central.backoffice.store import Store

STATUSES = ("online", "stale", "offline", "never")


@dataclass
class KioskState:
    kiosk_id: str
    status: str
    age_s: int | None
    in_service: bool | None
    service_reasons: list[str]
    faults: dict[str, str]
    devices: dict[str, Any]
    cassette_notes: int | None
    cassette_amount: int | None
    cassette_capacity: int
    pending: int | None
    oldest_pending_age_s: int | None
    dead_letters: int | None
    parked: int | None
    version: str | None
    paper: str | None
    last_txn_ts: float | None
    heartbeat: dict[str, Any] = field(default_factory=dict)

    @property
    def fill_pct(self) -> int | None:
        if self.cassette_notes is None or self.cassette_capacity <= 0:
            return None
        return self.cassette_notes * 100 // self.cassette_capacity

    @property
    def problems(self) -> bool:
        return (self.status != "online" or bool(self.faults) or self.in_service is False
                or bool(self.dead_letters) or bool(self.parked))


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _seconds(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def state_of(row: dict[str, Any], now: float, config: BackofficeConfig,
             last_txn_ts: float | None = None) -> KioskState:
    """One kiosk's state from its ``kiosks`` row (``last_heartbeat`` JSON text)."""
    try:
        hb = json.loads(row.get("last_heartbeat") or "null")
    except ValueError:
        hb = None
    hb = hb if isinstance(hb, dict) else {}
    at = hb.get("at")
    age = int(now - at) if isinstance(at, int | float) else None
    if age is None:
        status = "never"
    elif age <= config.stale_after_s:
        status = "online"
    elif age <= config.offline_after_s:
        status = "stale"
    else:
        status = "offline"
    service = _obj(hb.get("service"))
    reasons = [str(r.get("reason")) for r in service.get("reasons") or []
               if isinstance(r, dict)]
    devices = _obj(hb.get("devices"))
    faults = {str(name): str(d["fault"]) for name, d in devices.items()
              if isinstance(d, dict) and d.get("fault")}
    cassette = _obj(hb.get("cassette"))
    queue = _obj(hb.get("queue"))
    in_service = service.get("in_service")
    return KioskState(
        kiosk_id=row["kiosk_id"], status=status, age_s=age,
        in_service=in_service if isinstance(in_service, bool) else None,
        service_reasons=reasons, faults=faults, devices=devices,
        cassette_notes=_int(cassette.get("notes")), cassette_amount=_int(cassette.get("amount")),
        cassette_capacity=_int(cassette.get("capacity")) or config.cassette_capacity,
        pending=_int(queue.get("pending")),
        oldest_pending_age_s=_seconds(queue.get("oldest_pending_age_s")),
        dead_letters=_int(queue.get("dead_letters")), parked=_int(queue.get("parked")),
        version=hb.get("version") if isinstance(hb.get("version"), str) else None,
        paper=hb.get("paper") if isinstance(hb.get("paper"), str) else None,
        last_txn_ts=last_txn_ts, heartbeat=hb)


def fleet(store: Store, now: float, config: BackofficeConfig) -> list[KioskState]:
    """Every registered kiosk's state, by kiosk id."""
    last = {r["kiosk_id"]: r["last_ts"] for r in store.rows(
        "SELECT kiosk_id, MAX(completed_ts) AS last_ts FROM transactions GROUP BY kiosk_id")}
    rows = store.rows("SELECT kiosk_id, last_heartbeat FROM kiosks ORDER BY kiosk_id")
    return [state_of(r, now, config, last.get(r["kiosk_id"])) for r in rows]


def one(store: Store, kiosk_id: str, now: float, config: BackofficeConfig
        ) -> KioskState | None:
    row = store.one("SELECT kiosk_id, last_heartbeat FROM kiosks WHERE kiosk_id = ?",
                    (kiosk_id,))
    if row is None:
        return None
    last = store.one("SELECT MAX(completed_ts) AS last_ts FROM transactions WHERE kiosk_id = ?",
                     (kiosk_id,))
    return state_of(row, now, config, last["last_ts"] if last else None)


def counts(states: list[KioskState]) -> dict[str, int]:
    out = {s: 0 for s in STATUSES}
    for st in states:
        out[st.status] += 1
    out["out_of_service"] = sum(1 for st in states if st.in_service is False)
    out["faults"] = sum(1 for st in states if st.faults)
    out["total"] = len(states)
    return out


def matches(st: KioskState, status: str, query: str, problems: bool) -> bool:
    """The fleet page's filters: status (or "out_of_service"/"faults"), id text, problems."""
    if status == "out_of_service" and st.in_service is not False:
        return False
    if status == "faults" and not st.faults:
        return False
    if status in STATUSES and st.status != status:
        return False
    if query and query.lower() not in st.kiosk_id.lower():
        return False
    return not problems or st.problems
