"""Back-office operations: kiosks, commands, transaction listings, reconciliation.

Used by the CLI (its own connection to the same database, so it works while the server
runs) and by tests through ``central.testing.run_server`` (the app's own instance).
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import central.schema  # noqa: F401  (registers the core tables)
from central.auth import KIOSK_ID
from central.commands import COMMANDS, queue_command
from central.db import Database, dumps, open_database
from central.errors import ApiError
from central.reconcile import COUNTED, reconcile

__all__ = ["COMMANDS", "Admin"]


class Admin:
    def __init__(self, db: Database | str | Path, clock: Callable[[], float] = time.time,
                 ) -> None:
        self.db = db if isinstance(db, Database) else open_database(db)
        self.clock = clock
        self.app: Any = None  # the FastAPI app when running in-process (central.testing)

    def add_kiosk(self, kiosk_id: str, public_key_hex: str | None = None) -> str:
        """Register a kiosk; returns its new HMAC secret as hex (shown once)."""
        if not KIOSK_ID.fullmatch(kiosk_id):
            raise ApiError(422, "invalid_kiosk_id", "1-64 letters, digits, '-' and '_'")
        key = _check_key(public_key_hex) if public_key_hex else None
        secret = secrets.token_hex(32)
        if not self.db.execute("INSERT INTO kiosks (kiosk_id, secret_hex, public_key_hex,"
                               " created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                               (kiosk_id, secret, key, self.clock())):
            raise ApiError(409, "kiosk_exists", f"kiosk {kiosk_id} is already registered")
        self._changed(kiosk_id)
        return secret

    def _changed(self, kiosk_id: str) -> None:
        """Drop an in-process secret cache entry (another process's expires on its own)."""
        if self.app is not None:
            self.app.state.verifier.forget(kiosk_id)

    def set_key(self, kiosk_id: str, public_key_hex: str) -> None:
        if not self.db.execute("UPDATE kiosks SET public_key_hex = ? WHERE kiosk_id = ?",
                               (_check_key(public_key_hex), kiosk_id)):
            raise ApiError(404, "unknown_kiosk", f"kiosk {kiosk_id} is not registered")

    def kiosks(self) -> list[dict[str, Any]]:
        rows = self.db.query("SELECT kiosk_id, public_key_hex, created_at, last_seen_at,"
                             " last_heartbeat FROM kiosks ORDER BY kiosk_id")
        for r in rows:
            r["last_heartbeat"] = json.loads(r["last_heartbeat"] or "null")
        return rows

    def send_command(self, kiosk_id: str, command: str, args: dict[str, Any] | None = None
                     ) -> str:
        if command not in COMMANDS:
            raise ApiError(422, "unknown_command", f"command must be one of {list(COMMANDS)}")
        with self.db.transaction() as tx:
            if tx.one("SELECT 1 AS x FROM kiosks WHERE kiosk_id = ?", (kiosk_id,)) is None:
                raise ApiError(404, "unknown_kiosk", f"kiosk {kiosk_id} is not registered")
            return queue_command(tx, kiosk_id, command, args or {}, self.clock())

    def commands(self, kiosk_id: str) -> list[dict[str, Any]]:
        rows = self.db.query("SELECT * FROM commands WHERE kiosk_id = ? ORDER BY created_at",
                             (kiosk_id,))
        for r in rows:
            r["args"] = json.loads(r["args"])
            r["result_detail"] = json.loads(r["result_detail"] or "null")
        return rows

    def transactions(self, kiosk_id: str | None = None, date: str | None = None,
                     limit: int = 1000) -> list[dict[str, Any]]:
        sql = "SELECT * FROM transactions WHERE 1=1"
        params: list[Any] = []
        if kiosk_id:
            sql += " AND kiosk_id = ?"
            params.append(kiosk_id)
        if date:
            sql += " AND business_date = ?"
            params.append(date)
        sql += " ORDER BY kiosk_id, seq, received_at, transaction_id LIMIT ?"
        params.append(limit)
        return self.db.query(sql, params)

    def record_count(self, kiosk_id: str | None = None) -> int:
        sql, params = "SELECT COUNT(*) AS n FROM records", ()  # type: tuple[str, tuple[str, ...]]
        if kiosk_id:
            sql, params = sql + " WHERE kiosk_id = ?", (kiosk_id,)
        row = self.db.one(sql, params)
        return int(row["n"]) if row else 0

    def record_ids(self, kiosk_id: str | None = None) -> list[str]:
        """Record ids in arrival order."""
        sql, params = "SELECT record_id FROM records", ()  # type: tuple[str, tuple[str, ...]]
        if kiosk_id:
            sql, params = sql + " WHERE kiosk_id = ?", (kiosk_id,)
        return [r["record_id"] for r in self.db.query(sql + " ORDER BY id", params)]

    def reconcile(self, kiosk_id: str, date: str | None = None) -> list[dict[str, Any]]:
        """Fresh reports for the kiosk's batches (covering ``date`` if given).

        Without any batch for that date, a pseudo-report lists the server's counted
        transactions of the business date as missing on kiosk.
        """
        reports = []
        with self.db.transaction() as tx:
            for row in tx.query("SELECT payload FROM settlements WHERE kiosk_id = ?"
                                " ORDER BY batch_no", (kiosk_id,)):
                batch = json.loads(row["payload"])
                if date and not (batch["period_start"][:10] <= date
                                 <= batch["period_end"][:10]):
                    continue
                report = reconcile(tx, batch)
                tx.execute("INSERT INTO reconciliations (kiosk_id, batch_no, created_at,"
                           " report) VALUES (?, ?, ?, ?)",
                           (kiosk_id, batch["batch_no"], self.clock(), dumps(report)))
                reports.append(report)
        if not reports and date:
            ids = [r["transaction_id"] for r in self.transactions(kiosk_id, date)
                   if r["status"] in COUNTED]
            reports.append({"kiosk_id": kiosk_id, "batch_no": None, "business_date": date,
                            "summary": {"matched": 0, "missing_on_server": 0,
                                        "missing_on_kiosk": len(ids), "amount_mismatch": 0},
                            "balanced": not ids, "matched": [], "missing_on_server": [],
                            "missing_on_kiosk": ids, "amount_mismatch": [],
                            "note": "no settlement batch received for this date"})
        return reports

    def settlements(self, kiosk_id: str) -> list[dict[str, Any]]:
        return [json.loads(r["result"]) for r in self.db.query(
            "SELECT result FROM settlements WHERE kiosk_id = ? ORDER BY batch_no", (kiosk_id,))]

    def close(self) -> None:
        self.db.close()


def _check_key(public_key_hex: str) -> str:
    try:
        raw = bytes.fromhex(public_key_hex)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise ApiError(422, "invalid_public_key", "expected 32 bytes of hex (raw Ed25519 key)")
    return public_key_hex.lower()
