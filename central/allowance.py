"""The signed offline allowance: how much cash a kiosk may take while it cannot sync.

Why the server grants it: offline payments are a promise the operator makes (the money
reaches the account later), so the operator sets the terms, not the kiosk's local config.
A kiosk fetches ``GET /v1/kiosks/{id}/allowance`` while online (at start and whenever its
grant is older than half its validity) and keeps the last one; a kiosk without a valid,
unexpired grant refuses offline payments. The grant carries the limits the kiosk
enforces whenever its queue is stalled:

- ``per_transaction``: the largest single offline payment (minor units);
- ``total``: the most cash in records the server has not acknowledged;
- ``count``: the most such transactions;
- ``max_age_s``: the oldest unacknowledged record may be at most this old;
- ``credit_within_s``: what the customer is told ("最迟 X 小时", X = this / 3600);
- ``expires_at``: unix seconds after which the grant is void (``issued_at + valid_s``).

``signature`` = hex HMAC-SHA256(kiosk secret, "ALLOWANCE\\n" + canonical JSON of
``allowance``), canonical = sorted keys, no spaces, UTF-8: the kiosk checks it with its
own secret, so a grant copied from another kiosk or edited on disk is worthless.
Policies are per kiosk with a fleet default (kiosk id ``*``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends

from central.db import Migration, ensure, register
from central.errors import ApiError
from protocol.signing import allowance_signature as sign
from protocol.wire import canonical_json as canonical

DEFAULTS = {"per_transaction": 50000, "total": 200000, "count": 20, "max_age_s": 86400,
            "credit_within_s": 86400, "valid_s": 86400}
FIELDS = tuple(DEFAULTS)

TABLES = [
    """CREATE TABLE IF NOT EXISTS offline_policies (
        kiosk_id TEXT PRIMARY KEY,
        currency TEXT NOT NULL,
        per_transaction BIGINT NOT NULL,
        total BIGINT NOT NULL,
        count BIGINT NOT NULL,
        max_age_s BIGINT NOT NULL,
        credit_within_s BIGINT NOT NULL,
        valid_s BIGINT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS offline_grants (
        kiosk_id TEXT PRIMARY KEY,
        serial TEXT NOT NULL,
        body TEXT NOT NULL,
        issued_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
    )""",
]

#: version 1 is the schema the first servers created themselves (IF NOT EXISTS: a
#: database that has the tables just records the version). Append-only from here.
MIGRATION = register(Migration("allowance", 1, ";\n".join(TABLES)))


class Allowances:
    def __init__(self, db: Any, clock: Callable[[], float]) -> None:
        self.db = db
        self.clock = clock
        ensure(db, "allowance")

    def set_policy(self, kiosk_id: str = "*", currency: str = "CNY", **limits: int) -> None:
        """Set a kiosk's (or with ``*`` the fleet's) terms; unnamed limits keep defaults."""
        unknown = set(limits) - set(FIELDS)
        bad = [k for k, val in limits.items() if isinstance(val, bool)
               or not isinstance(val, int) or val < 0]
        if unknown or bad:
            raise ApiError(422, "invalid_policy", f"unknown {sorted(unknown)} / bad {bad}")
        values = {**DEFAULTS, **limits}
        with self.db.tx() as conn:
            conn.execute("DELETE FROM offline_policies WHERE kiosk_id = ?", (kiosk_id,))
            conn.execute("INSERT INTO offline_policies (kiosk_id, currency, per_transaction,"
                         " total, count, max_age_s, credit_within_s, valid_s)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (kiosk_id, currency, *(values[f] for f in FIELDS)))

    def policy(self, conn: Any, kiosk_id: str) -> dict[str, Any]:
        for kid in (kiosk_id, "*"):
            row = conn.execute("SELECT * FROM offline_policies WHERE kiosk_id = ?",
                               (kid,)).fetchone()
            if row is not None:
                return {"currency": row["currency"], **{f: int(row[f]) for f in FIELDS}}
        return {"currency": "CNY", **DEFAULTS}

    def grant(self, kiosk_id: str) -> dict[str, Any]:
        """A fresh signed grant for the kiosk (kept as its current one)."""
        now = int(self.clock())
        with self.db.tx() as conn:
            secret = conn.execute("SELECT secret_hex FROM kiosks WHERE kiosk_id = ?",
                                  (kiosk_id,)).fetchone()
            if secret is None:
                raise ApiError(404, "unknown_kiosk", f"kiosk {kiosk_id} is not registered")
            p = self.policy(conn, kiosk_id)
            allowance = {"kiosk_id": kiosk_id, "serial": str(uuid.uuid4()),
                         "currency": p["currency"], "issued_at": now,
                         "expires_at": now + p["valid_s"],
                         **{f: p[f] for f in FIELDS if f != "valid_s"}}
            conn.execute("DELETE FROM offline_grants WHERE kiosk_id = ?", (kiosk_id,))
            conn.execute("INSERT INTO offline_grants (kiosk_id, serial, body, issued_at,"
                         " expires_at) VALUES (?, ?, ?, ?, ?)",
                         (kiosk_id, allowance["serial"], canonical(allowance).decode(), now,
                          allowance["expires_at"]))
        return {"allowance": allowance,
                "signature": sign(bytes.fromhex(secret["secret_hex"]), allowance)}

    def current(self, kiosk_id: str) -> dict[str, Any] | None:
        """The last grant the kiosk fetched (back office), or None."""
        rows = self.db.query("SELECT body FROM offline_grants WHERE kiosk_id = ?", (kiosk_id,))
        return json.loads(rows[0]["body"]) if rows else None


def router(allowances: Allowances, kiosk: Callable[..., Any]) -> APIRouter:
    r = APIRouter()

    @r.get("/v1/kiosks/{kid}/allowance")
    def allowance(kid: str, kiosk_id: str = Depends(kiosk)) -> dict[str, Any]:
        if kid != kiosk_id:
            raise ApiError(403, "wrong_kiosk", f"authenticated as {kiosk_id}, not {kid}")
        return allowances.grant(kiosk_id)

    return r
