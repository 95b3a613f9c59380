"""Back-office operations: kiosks, commands, transaction listings, reconciliation.

Used by the CLI (its own connection to the same WAL database, so it works while the
server runs) and by tests through ``central.testing.run_server``.
"""

from __future__ import annotations

import json
import re
import secrets
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from central.db import CentralDB, dumps
from central.errors import ApiError
from central.reconcile import reconcile

COMMANDS = ("force-sync", "upload-settlement", "out-of-service", "in-service", "reload-config",
            # remote operations and updates (issue 20; docs/operations.md section 10)
            "restart", "reboot", "screenshot", "logs", "update-check")
KIOSK_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class Admin:
    def __init__(self, db: CentralDB | str | Path, clock: Callable[[], float] = time.time,
                 ) -> None:
        self.db = db if isinstance(db, CentralDB) else CentralDB(db)
        self.clock = clock
        self.app: Any = None  # the FastAPI app when running in-process (central.testing)

    def add_kiosk(self, kiosk_id: str, public_key_hex: str | None = None) -> str:
        """Register a kiosk; returns its new HMAC secret as hex (shown once)."""
        if not KIOSK_ID.match(kiosk_id):
            raise ApiError(422, "invalid_kiosk_id", "letters, digits, '-' and '_' only")
        key = _check_key(public_key_hex) if public_key_hex else None
        secret = secrets.token_hex(32)
        if self.db.query("SELECT 1 FROM kiosks WHERE kiosk_id = ?", (kiosk_id,)):
            raise ApiError(409, "kiosk_exists", f"kiosk {kiosk_id} is already registered")
        self.db.execute("INSERT INTO kiosks (kiosk_id, secret_hex, public_key_hex, created_at)"
                        " VALUES (?, ?, ?, ?)", (kiosk_id, secret, key, self.clock()))
        return secret

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
        if not self.db.query("SELECT 1 FROM kiosks WHERE kiosk_id = ?", (kiosk_id,)):
            raise ApiError(404, "unknown_kiosk", f"kiosk {kiosk_id} is not registered")
        cid = str(uuid.uuid4())
        self.db.execute("INSERT INTO commands (command_id, kiosk_id, command, args, created_at)"
                        " VALUES (?, ?, ?, ?, ?)", (cid, kiosk_id, command, dumps(args or {}),
                                                    self.clock()))
        return cid

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
        sql += " ORDER BY kiosk_id, seq, received_at LIMIT ?"
        params.append(limit)
        return self.db.query(sql, params)

    def record_count(self, kiosk_id: str | None = None) -> int:
        if kiosk_id:
            return int(self.db.query("SELECT COUNT(*) AS n FROM records WHERE kiosk_id = ?",
                                     (kiosk_id,))[0]["n"])
        return int(self.db.query("SELECT COUNT(*) AS n FROM records")[0]["n"])

    def record_ids(self, kiosk_id: str | None = None) -> list[str]:
        sql = "SELECT record_id FROM records"
        params: tuple[Any, ...] = ()
        if kiosk_id:
            sql += " WHERE kiosk_id = ?"
            params = (kiosk_id,)
        return [r["record_id"] for r in self.db.query(sql + " ORDER BY rowid", params)]

    def reconcile(self, kiosk_id: str, date: str | None = None) -> list[dict[str, Any]]:
        """Fresh reports for the kiosk's batches (covering ``date`` if given).

        Without any batch for that date, a pseudo-report lists the server's counted
        transactions of the business date as missing on kiosk.
        """
        reports = []
        for row in self.db.query("SELECT payload FROM settlements WHERE kiosk_id = ?"
                                 " ORDER BY batch_no", (kiosk_id,)):
            batch = json.loads(row["payload"])
            if date and not (batch["period_start"][:10] <= date <= batch["period_end"][:10]):
                continue
            report = reconcile(self.db, batch)
            self.db.execute("INSERT INTO reconciliations (kiosk_id, batch_no, created_at,"
                            " report) VALUES (?, ?, ?, ?)",
                            (kiosk_id, batch["batch_no"], self.clock(), dumps(report)))
            reports.append(report)
        if not reports and date:
            ids = [r["transaction_id"] for r in self.transactions(kiosk_id, date)
                   if r["status"] in ("completed", "credited")]
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
