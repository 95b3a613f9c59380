"""Maker-checker for money corrections the back office owns: reconciliation write-offs.

A finance user who accepts a day's reconciliation difference (say a note the kiosk
counted that never reached the bank) *requests* a write-off of that amount with a
reason; a different finance or admin user approves or rejects it. Voucher refunds follow
the same rule but live in the voucher ledger (central.vouchers.refunds), which owns the
voucher's money. The checks are in the SQL: one pending request per subject (partial
unique index), and a decision only by someone other than the requester, only once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from central.backoffice.audit import new_id
from central.backoffice.errors import BadInput, Conflict, NotAllowed, NotFound
from central.backoffice.store import Store

KINDS = ("write_off",)


class Approvals:
    def __init__(self, store: Store, clock: Callable[[], float]) -> None:
        self.store = store
        self.clock = clock

    def request(self, kind: str, subject: str, kiosk_id: str, amount: int, reason: str,
                requested_by: str, currency: str = "CNY") -> str:
        if kind not in KINDS:
            raise BadInput(f"unknown kind {kind}")
        if not reason.strip():
            raise BadInput("a reason is required")
        if amount == 0:
            raise BadInput("nothing to write off: the difference is zero")
        approval_id = new_id(self.clock)
        n = self.store.run(
            "INSERT INTO bo_approvals (approval_id, kind, subject, kiosk_id, amount, currency,"
            " reason, state, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
            " 'requested', ?, ?) ON CONFLICT (kind, subject) WHERE state = 'requested'"
            " DO NOTHING", (approval_id, kind, subject, kiosk_id, amount, currency,
                            reason.strip(), requested_by, int(self.clock())))
        if n != 1:
            raise Conflict(f"a {kind} for {subject} is already waiting for approval")
        return approval_id

    def decide(self, approval_id: str, by: str, approve: bool, note: str = "") -> dict[str, Any]:
        n = self.store.run(
            "UPDATE bo_approvals SET state = ?, decided_by = ?, decided_at = ?,"
            " decision_note = ? WHERE approval_id = ? AND state = 'requested'"
            " AND requested_by <> ?", ("approved" if approve else "rejected", by,
                                       int(self.clock()), note, approval_id, by))
        row = self.get(approval_id)
        if n != 1:
            if row["state"] == "requested":
                raise NotAllowed("a second person must decide")
            raise Conflict(f"already {row['state']}")
        return row

    def get(self, approval_id: str) -> dict[str, Any]:
        row = self.store.one("SELECT * FROM bo_approvals WHERE approval_id = ?",
                             (approval_id,))
        if row is None:
            raise NotFound(f"no approval {approval_id}")
        return row

    def rows(self, *, state: str = "", subject: str = "", limit: int = 100
             ) -> list[dict[str, Any]]:
        sql = "SELECT * FROM bo_approvals WHERE 1 = 1"
        params: list[Any] = []
        if state:
            sql += " AND state = ?"
            params.append(state)
        if subject:
            sql += " AND subject = ?"
            params.append(subject)
        return self.store.rows(sql + " ORDER BY requested_at DESC, approval_id DESC LIMIT ?",
                               [*params, limit])
