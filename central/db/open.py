"""Pick the engine from the database argument: a PostgreSQL URL or an SQLite file path.

``--db postgresql://kiosk@db.internal/central`` (or ``postgres://``, or a libpq keyword
string starting ``host=`` / ``dbname=``) selects PostgreSQL; anything else is a path to
an SQLite file, created on first use. Registered migrations are applied on open.
"""

from __future__ import annotations

import os
from pathlib import Path

from central.db.api import Database
from central.db.migrations import migrate

PG_PREFIXES = ("postgresql://", "postgres://", "host=", "dbname=")
POOL_SIZE = int(os.environ.get("KIOSK_CENTRAL_PG_POOL", "10"))


def is_postgres_url(target: str | Path) -> bool:
    return isinstance(target, str) and target.startswith(PG_PREFIXES)


def open_database(target: str | Path, *, pool_size: int = POOL_SIZE,
                  apply_migrations: bool = True) -> Database:
    db: Database
    if is_postgres_url(target):
        from central.db.postgres import PostgresDatabase
        db = PostgresDatabase(str(target), pool_size=pool_size)
    else:
        from central.db.sqlite import SqliteDatabase
        db = SqliteDatabase(target)
    if apply_migrations:
        try:
            migrate(db)
        except BaseException:
            db.close()
            raise
    return db
