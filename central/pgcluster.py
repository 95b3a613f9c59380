"""A throwaway PostgreSQL cluster in a temporary directory (tests, fleet simulator).

Real PostgreSQL, never a mock: Debian's binaries (``initdb``, ``pg_ctl`` from
/usr/lib/postgresql/<newest version>/bin, or $KIOSK_PG_BIN) build a cluster in a fresh
directory that listens only on a Unix socket inside it, so there is no port to race
for. ``initdb`` refuses to run as root, so as root the cluster belongs to the
``postgres`` system user the Debian package creates and the commands run through
``runuser``. Durability is switched off (``fsync=off``): the data is thrown away.

    with ThrowawayCluster() as pg:
        url = pg.create_database("t1")      # a libpq conninfo string for open_database
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

import psycopg

INSTALLED = Path("/usr/lib/postgresql")


class ClusterError(RuntimeError):
    pass


def find_bin() -> Path:
    """$KIOSK_PG_BIN, else the newest Debian-installed version."""
    env = os.environ.get("KIOSK_PG_BIN")
    candidates = [Path(env)] if env else sorted(
        INSTALLED.glob("*/bin"), reverse=True,
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    for candidate in candidates:
        if (candidate / "initdb").exists():
            return candidate
    raise ClusterError("PostgreSQL server binaries not found (apt-get install postgresql, "
                       "or set KIOSK_PG_BIN); `make test` installs them")


class ThrowawayCluster:
    def __init__(self, *, max_connections: int = 200) -> None:
        self.bin = find_bin()
        self.max_connections = max_connections
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        self.data = self.root / "data"
        self._as_postgres = os.geteuid() == 0
        self._lock = threading.Lock()
        self._started = False
        self._emptiers: dict[str, psycopg.Connection[Any]] = {}

    def _run(self, *argv: str) -> None:
        cmd = [str(self.bin / argv[0]), *argv[1:]]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=120)
        if out.returncode != 0:
            raise ClusterError(f"{' '.join(cmd)} failed: {out.stdout[-800:]}{out.stderr[-800:]}")

    def start(self) -> ThrowawayCluster:
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--no-sync", "--locale=C")
        opts = (f"-k {self.root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
                f" -c full_page_writes=off -c max_connections={self.max_connections}")
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l",
                  str(self.root / "server.log"), "-w", "-t", "60", "start")
        self._started = True
        return self

    def conninfo(self, dbname: str = "postgres") -> str:
        return f"host={self.root} dbname={dbname} user=postgres"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its conninfo."""
        if not name.replace("_", "").isalnum():
            raise ValueError(f"database names here are [A-Za-z0-9_]: {name!r}")
        with self._lock:
            emptier = self._emptiers.pop(self.conninfo(name), None)
            if emptier is not None:
                emptier.close()
        with self._lock, psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.conninfo(name)

    def empty_tables(self, conninfo: str, keep: tuple[str, ...] = ("schema_migrations",)
                     ) -> None:
        """Remove every row of every table and restart every sequence: a fresh database
        without re-creating it. ``DELETE`` with foreign-key triggers off (a superuser's
        ``session_replication_role = replica``), not ``TRUNCATE``: a test's few rows go
        ~10x faster than TRUNCATE's new files per table. One connection per database is
        kept open for this (closed by ``stop``)."""
        with self._lock:
            conn = self._emptiers.get(conninfo)
            if conn is None or conn.closed:
                conn = self._emptiers[conninfo] = psycopg.connect(conninfo)
            with conn.transaction():
                tables = [r[0] for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
                    if r[0] not in keep]
                sequences = [r[0] for r in conn.execute(
                    "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
                    ).fetchall()]
                conn.execute("SET LOCAL session_replication_role = replica")
                statements = [f'DELETE FROM "{n}"' for n in tables]
                statements += [f'ALTER SEQUENCE "{n}" RESTART' for n in sequences]
                if statements:
                    conn.execute("; ".join(statements))

    def drop_database(self, name: str) -> None:
        with self._lock:
            emptier = self._emptiers.pop(self.conninfo(name), None)
            if emptier is not None:
                emptier.close()
        with self._lock, psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        with self._lock:
            for conn in self._emptiers.values():
                conn.close()
            self._emptiers.clear()
        if self._started:
            with contextlib.suppress(ClusterError):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self._started = False
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> ThrowawayCluster:
        return self.start()

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
