"""Who did what, when: every maintenance action leaves a journal record and a synced copy.

Why both: the journal entry is hash-chained (a removed or edited audit line breaks the
chain a settlement batch signs), and the outbox copy (record type ``audit``, contracts
section 3) lets the back office see technician and collector actions without visiting
the kiosk. Both are written in the caller's transaction, so an action and its audit line
commit together or not at all.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from offline_queue import Store
from offline_queue.transaction import Transaction
from protocol.wire import iso

AUDIT_KIND = "audit"
#: Who acts when no person is logged in (server commands, automatic rules, the CLI).
SYSTEM_USER = "system"
SERVER_USER = "server"


class Auditor:
    """Writes audit records; ``clock`` is injectable so tests can pin ``at``."""

    def __init__(self, store: Store, clock: Callable[[], float]) -> None:
        self._store = store
        self._clock = clock

    def record_in(self, tx: Transaction, user: str, role: str, action: str,
                  detail: Any = None) -> dict[str, Any]:
        """Audit inside an open transaction (the action's own); returns the payload."""
        payload = {"user": user, "role": role, "action": action,
                   "detail": _json_safe(detail), "at": iso(self._clock())}
        tx.journal(AUDIT_KIND, payload)
        tx.enqueue(AUDIT_KIND, str(uuid.uuid4()), payload)
        return payload

    def record(self, user: str, role: str, action: str, detail: Any = None) -> dict[str, Any]:
        """Audit in a transaction of its own (raises StorageFault if the journal is broken)."""
        with self._store.atomic() as tx:
            return self.record_in(tx, user, role, action, detail)

    def recent(self, limit: int = 50) -> list[dict[str, Any]]:
        """The newest audit records first, with their journal seq (for screens and the CLI)."""
        entries = self._store.query(
            "SELECT seq, payload FROM journal WHERE kind = ? ORDER BY seq DESC LIMIT ?",
            (AUDIT_KIND, limit))
        return [{"seq": e["seq"], **json.loads(e["payload"])} for e in entries]


def _json_safe(value: Any) -> Any:
    """Details must survive JSON and never carry secrets; anything odd becomes text."""
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()
                if str(k).lower() not in ("pin", "password", "secret")}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return str(value)
