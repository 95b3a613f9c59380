"""The voucher history and alarm list, and the refusal type every voucher path raises.

Every refusal that matters to the operator (a double spend, a code not made by the kiosk
that sent it, a conflicting issue record) is written as an event with ``alarm = 1`` in
the same transaction as the decision, so the back office sees it even though the kiosk
only got an error. Unknown-code lookups are events too: they feed the per-kiosk rate
limit that makes guessing codes at a kiosk hopeless.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from central.errors import ApiError

GUESS_WINDOW_S = 600
GUESS_LIMIT = 20
ALARM_KINDS = frozenset({"double_spend", "bad_mac", "issue_conflict", "redemption_conflict"})


class VoucherRefused(ApiError):
    """A refusal of a voucher operation (an ApiError, so endpoints render it as JSON)."""


def record(conn: Any, now: int, kind: str, detail: dict[str, Any], *, code: str | None = None,
           kiosk_id: str | None = None) -> None:
    """One event row; alarms are the kinds in ``ALARM_KINDS``."""
    conn.execute("INSERT INTO voucher_events (event_id, code, kiosk_id, kind, alarm, detail, at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (str(uuid.uuid4()), code, kiosk_id, kind, int(kind in ALARM_KINDS),
                  json.dumps(detail, ensure_ascii=False, sort_keys=True), now))


def check_guess_rate(conn: Any, kiosk_id: str, now: int) -> None:
    """429 once a kiosk asked about too many unknown codes recently."""
    n = conn.execute("SELECT COUNT(*) AS n FROM voucher_events WHERE kiosk_id = ? AND"
                     " kind = 'unknown_code' AND at > ?",
                     (kiosk_id, now - GUESS_WINDOW_S)).fetchone()["n"]
    if int(n) >= GUESS_LIMIT:
        raise VoucherRefused(429, "too_many_attempts",
                             f"{GUESS_LIMIT} unknown codes in {GUESS_WINDOW_S} s; try later",
                             headers={"Retry-After": str(GUESS_WINDOW_S)})


def listing(db: Any, *, alarms_only: bool = False, code: str | None = None,
            kiosk_id: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Newest first, for the back office (``detail`` decoded)."""
    sql = "SELECT * FROM voucher_events WHERE 1 = 1"
    params: list[Any] = []
    if alarms_only:
        sql += " AND alarm = 1"
    if code:
        sql += " AND code = ?"
        params.append(code)
    if kiosk_id:
        sql += " AND kiosk_id = ?"
        params.append(kiosk_id)
    sql += " ORDER BY at DESC, event_id LIMIT ?"
    params.append(int(limit))
    rows = db.query(sql, params)
    for r in rows:
        r["detail"] = json.loads(r["detail"])
        r["alarm"] = bool(r["alarm"])
    return rows
