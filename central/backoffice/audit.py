"""The audit trail: every back-office action, who did it, when, from where.

Rows are only ever inserted. Ids are text, ordered by time first (millisecond clock,
then a process counter, then randomness so two processes never collide), which keeps
the table portable (no engine sequences) and its natural order chronological.
"""

from __future__ import annotations

import itertools
import json
import secrets
from collections.abc import Callable
from typing import Any

from central.backoffice.store import Store, Tx

_counter = itertools.count()


def new_id(clock: Callable[[], float]) -> str:
    """A time-ordered text id (also used for alarms and approvals)."""
    return f"{int(clock() * 1000):013d}-{next(_counter) % 1_000_000:06d}-{secrets.token_hex(4)}"


class Audit:
    def __init__(self, store: Store, clock: Callable[[], float]) -> None:
        self.store = store
        self.clock = clock

    def record(self, username: str | None, role: str | None, action: str,
               subject: str | None = None, detail: dict[str, Any] | None = None,
               remote: str | None = None, tx: Tx | None = None) -> None:
        """Write one audit row (inside ``tx`` when the action has its own transaction)."""
        params = (new_id(self.clock), int(self.clock()), username, role, action, subject,
                  json.dumps(detail or {}, ensure_ascii=False, sort_keys=True), remote)
        sql = ("INSERT INTO bo_audit (audit_id, at, username, role, action, subject, detail,"
               " remote) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        if tx is not None:
            tx.run(sql, params)
        else:
            self.store.run(sql, params)

    def recent(self, limit: int = 200, username: str | None = None,
               action: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM bo_audit WHERE 1 = 1"
        params: list[Any] = []
        if username:
            sql += " AND username = ?"
            params.append(username)
        if action:
            sql += " AND action = ?"
            params.append(action)
        rows = self.store.rows(sql + " ORDER BY audit_id DESC LIMIT ?", [*params, limit])
        for r in rows:
            r["detail"] = json.loads(r["detail"])
        return rows
