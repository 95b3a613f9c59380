"""Records the server refused for a reason of its own: the kiosk parks them, we alarm.

Why this exists: the kiosk's outbox is first-in first-out, and a record answered with a
retryable status (a settlement batch before the kiosk's key is registered: 403
``no_public_key``) used to block every later record for ever. Such a record is now
answered per record with ``status: "refused"``, ``code: 422`` (so the kiosk parks it in
its dead letters and the rest keep flowing), and one row here per (kiosk, record) tells
the back office what to fix; the kiosk's technician "retry parked" puts it back in the
queue once it is fixed (a later answer ``stored``/``duplicate`` clears the alarm).
"""

from __future__ import annotations

from typing import Any

from central.db import Migration, register
from central.db import ensure as ensure_module

TABLE = """CREATE TABLE IF NOT EXISTS record_refusals (
    kiosk_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    record_type TEXT NOT NULL,
    error TEXT NOT NULL,
    detail TEXT NOT NULL,
    first_at BIGINT NOT NULL,
    last_at BIGINT NOT NULL,
    times BIGINT NOT NULL,
    resolved_at BIGINT,
    PRIMARY KEY (kiosk_id, record_id)
)"""

#: Settlement errors that are the server's business, not the record's fault.
SETTLEMENT_PARK = frozenset({"no_public_key", "public_key_mismatch", "batch_gap"})


#: version 1 is the table the first servers created themselves (IF NOT EXISTS: a database
#: that has it just records the version). Append-only from here.
MIGRATION = register(Migration("refusals", 1, TABLE))


def ensure(db: Any) -> None:
    """Apply the migration if this database lacks it."""
    ensure_module(db, "refusals")


def refused(conn: Any, now: int, kiosk_id: str, record_id: str, record_type: str, error: str,
            detail: str) -> dict[str, Any]:
    """Remember the refusal (an alarm) and return the per-record result to send."""
    conn.execute(
        "INSERT INTO record_refusals (kiosk_id, record_id, record_type, error, detail,"
        " first_at, last_at, times) VALUES (?, ?, ?, ?, ?, ?, ?, 1)"
        " ON CONFLICT (kiosk_id, record_id) DO UPDATE SET error = excluded.error,"
        " detail = excluded.detail, last_at = excluded.last_at,"
        " times = record_refusals.times + 1, resolved_at = NULL",
        (kiosk_id, record_id, record_type, error, detail[:1000], now, now))
    return {"id": record_id, "status": "refused", "code": 422, "error": f"{error}: {detail}",
            "reason": error}


def accepted(conn: Any, now: int, kiosk_id: str, record_id: str) -> None:
    """A record parked earlier came back and was taken: its alarm is resolved."""
    conn.execute("UPDATE record_refusals SET resolved_at = ? WHERE kiosk_id = ? AND"
                 " record_id = ? AND resolved_at IS NULL", (now, kiosk_id, record_id))


def open_refusals(db: Any, kiosk_id: str | None = None) -> list[dict[str, Any]]:
    """Unresolved refusals, oldest first (the back office's alarm list)."""
    sql = "SELECT * FROM record_refusals WHERE resolved_at IS NULL"
    params: list[Any] = []
    if kiosk_id:
        sql += " AND kiosk_id = ?"
        params.append(kiosk_id)
    return db.query(sql + " ORDER BY first_at, kiosk_id, record_id", params)

