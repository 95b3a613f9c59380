"""The reference server as a subprocess the lab can start, kill, restart and read.

Why a subprocess and not ``central.testing``: the lab must not import ``central/``
(layers), and a separate process is also what the kiosk meets in the field, including a
server that dies and comes back on the same port. Reads go straight to the server's
SQLite file (read-only, WAL), the same facts ``kiosk-central transactions list`` shows.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from lab import LabError


def free_port() -> int:
    """A port nothing listens on now, for a server started later (the one copy: the lab,
    the benchmarks and the tests all take it from here)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout_s: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Poll until something accepts on 127.0.0.1:port (or the process died)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise LabError(f"server exited with {proc.returncode} before listening")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)  # a subprocess coming up: nothing to wait on but its port
    raise LabError(f"nothing listening on port {port} after {timeout_s} s")


class CentralProcess:
    """``python -m central.cli serve`` on a fixed free port, restartable."""

    def __init__(self, db: Path, *, port: int | None = None, log: Path | None = None) -> None:
        self.db = Path(db)
        self.port = port or free_port()
        self.log = log or self.db.with_suffix(".log")
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _cli(self, *args: str) -> str:
        out = subprocess.run([sys.executable, "-m", "central.cli", *args, "--db", str(self.db)],
                             capture_output=True, text=True, timeout=60, check=False)
        if out.returncode != 0:
            raise LabError(f"kiosk-central {' '.join(args)} failed: {out.stderr.strip()}")
        return out.stdout

    def start(self, timeout_s: float = 30.0) -> None:
        if self.proc is not None and self.proc.poll() is None:
            return
        with open(self.log, "ab") as fh:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "central.cli", "serve", "--db", str(self.db),
                 "--port", str(self.port)], stdout=fh, stderr=subprocess.STDOUT)
        wait_port(self.port, timeout_s, self.proc)

    def kill(self) -> None:
        """SIGKILL (a crash, not a shutdown): the server's WAL must cope."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def restart(self) -> None:
        self.kill()
        self.start()

    def __enter__(self) -> CentralProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- admin + reads -------------------------------------------------------------------
    def add_kiosk(self, kiosk_id: str, public_key_hex: str) -> str:
        """Register a kiosk; returns its HMAC secret (hex)."""
        return self._cli("kiosk", "add", kiosk_id, "--public-key", public_key_hex).strip()

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=30)
        try:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute(sql, params).fetchall()]
        finally:
            conn.close()

    def holdings(self, kiosk_id: str) -> dict[str, Any]:
        """What the server holds for one kiosk: transactions, records, settlement results."""
        txns = self.query("SELECT transaction_id, status, cash, total FROM transactions"
                          " WHERE kiosk_id = ?", (kiosk_id,))
        records = self.query("SELECT record_id, type FROM records WHERE kiosk_id = ?",
                             (kiosk_id,))
        batches = self.query("SELECT batch_no, result FROM settlements WHERE kiosk_id = ?"
                             " ORDER BY batch_no", (kiosk_id,))
        return {"transactions": txns, "records": records,
                "settlements": [{"batch_no": b["batch_no"], "result": json.loads(b["result"])}
                                for b in batches]}
