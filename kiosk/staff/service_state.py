"""In service or out of service, and every reason why not.

The customer UI asks ``in_service`` before taking any money and shows the reasons on
its out-of-service screen. Reasons come from three places and are kept apart so one
source cannot clear another's: a technician or the server (``manual``, persisted, so a
kiosk taken out of service stays out after a reboot) and automatic conditions
(``device:<name>`` when a required device is faulty, ``storage`` when the journal
cannot be written), which clear themselves when the condition goes away.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.ledger.audit import Auditor
from kiosk.staff.users import MIGRATIONS, NAMESPACE
from offline_queue import StorageFault, Store
from protocol.wire import iso

MANUAL_KEY = "out_of_service"


class _ProbeDone(Exception):
    """Rolls the storage probe back once it has proved the write works."""


@dataclass(frozen=True)
class Reason:
    source: str  # "technician", "server", "device:bill_validator", "storage"
    reason: str
    by: str
    since: str

    def as_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason, "by": self.by,
                "since": self.since}


Listener = Callable[[bool, list[Reason]], None]


class ServiceState:
    """Thread-safe; listeners run on the caller's thread (the UI adapter queues them)."""

    def __init__(self, store: Store, auditor: Auditor, clock: Callable[[], float]) -> None:
        self._store = store
        self._audit = auditor
        self._clock = clock
        self._lock = threading.Lock()
        self._manual: Reason | None = None
        self._conditions: dict[str, Reason] = {}
        self._listeners: list[Listener] = []
        store.register_migrations(NAMESPACE, MIGRATIONS)
        self.reload()
        store.add_fault_listener(lambda fault: self.set_condition("storage", str(fault)))

    def reload(self) -> None:
        """Re-read the persisted manual state (``kiosk maint out-of-service`` from a shell
        writes it while the kiosk runs; the heartbeat tick calls this)."""
        rows = self._store.query("SELECT value FROM maint_state WHERE key = ?", (MANUAL_KEY,))
        manual = Reason(**json.loads(rows[0]["value"])) if rows else None
        with self._lock:
            changed, self._manual = manual != self._manual, manual
        if changed:
            self._notify()

    @property
    def in_service(self) -> bool:
        with self._lock:
            return self._manual is None and not self._conditions

    def reasons(self) -> list[Reason]:
        with self._lock:
            return ([self._manual] if self._manual else []) + list(self._conditions.values())

    def gate(self) -> tuple[bool, str]:
        """``KioskCore(in_service=...)``: may money be taken now, and if not, why."""
        reasons = self.reasons()
        if not reasons:
            return True, ""
        return False, "out of service: " + "; ".join(r.reason for r in reasons)

    def as_dict(self) -> dict[str, Any]:
        return {"in_service": self.in_service, "reasons": [r.as_dict() for r in self.reasons()]}

    def add_listener(self, fn: Listener) -> None:
        self._listeners.append(fn)

    def set_manual(self, reason: str, *, by: str, role: str, source: str) -> None:
        """Take the kiosk out of service (technician or server); persisted and audited.

        The in-memory state changes first: if the journal cannot be written the kiosk
        must still stop taking money (StorageFault is re-raised after that).
        """
        if not reason.strip():
            raise ValueError("an out-of-service reason is required")
        entry = Reason(source, reason.strip(), by, iso(self._clock()))
        with self._lock:
            self._manual = entry
        self._notify()
        with self._store.atomic() as tx:
            tx.execute("INSERT OR REPLACE INTO maint_state (key, value) VALUES (?, ?)",
                       (MANUAL_KEY, json.dumps(entry.as_dict())))
            self._audit.record_in(tx, by, role, "out_of_service.set",
                                  {"reason": entry.reason, "source": source})

    def clear_manual(self, *, by: str, role: str, source: str) -> bool:
        """Back in service as far as people are concerned; False if it was not set."""
        with self._lock:
            was = self._manual
            self._manual = None
        with self._store.atomic() as tx:
            tx.execute("DELETE FROM maint_state WHERE key = ?", (MANUAL_KEY,))
            self._audit.record_in(tx, by, role, "out_of_service.clear",
                                  {"source": source, "was": was.as_dict() if was else None})
        self._notify()
        return was is not None

    def set_condition(self, key: str, reason: str | None) -> None:
        """Set (reason) or clear (None) an automatic condition; audited on change only."""
        with self._lock:
            old = self._conditions.get(key)
            if reason is None:
                changed = self._conditions.pop(key, None) is not None
            else:
                changed = old is None or old.reason != reason
                if changed:
                    self._conditions[key] = Reason(key, reason, "system", iso(self._clock()))
        if not changed:
            return
        self._notify()
        # The storage condition itself cannot be journalled; others are, best effort.
        if key != "storage":
            with contextlib.suppress(StorageFault):
                self._audit.record("system", "", "condition." + ("set" if reason else "clear"),
                                   {"source": key, "reason": reason})

    def recheck_storage(self) -> bool:
        """Probe the journal with a real 64 KiB write (rolled back); clear on success.

        Called periodically (heartbeat) because nothing else writes while the kiosk is
        out of service. The probe is sized like a busy minute of journal records, so a
        disk with a few free pages does not count as repaired.
        """
        try:
            with self._store.atomic() as tx:
                tx.execute("INSERT OR REPLACE INTO maint_state (key, value) VALUES (?, ?)",
                           ("storage_probe", "x" * 65536))
                raise _ProbeDone
        except _ProbeDone:
            pass
        except StorageFault:
            return False
        self.set_condition("storage", None)
        return True

    def _notify(self) -> None:
        state, reasons = self.in_service, self.reasons()
        for fn in list(self._listeners):
            fn(state, reasons)
