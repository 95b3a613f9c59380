"""The central server's database layer: one small API over SQLite and PostgreSQL.

SQLite is the embedded default (the demo, a single kiosk, tests); PostgreSQL (psycopg 3
with a connection pool) is the production store for a fleet served by several workers.
Callers write SQL once, with ``?`` placeholders, in the subset both engines run (see
``central.db.migrations`` for the types and clauses both accept)::

    from central.db import Migration, open_database, register

    register(Migration("vouchers", 1, "CREATE TABLE IF NOT EXISTS vouchers (...)"))
    db = open_database("central.db")               # or "postgresql://user@host/db"
    with db.transaction() as tx:                    # one transaction, committed on exit
        tx.execute("INSERT INTO t (a) VALUES (?) ON CONFLICT DO NOTHING", (1,))
        row = tx.one("SELECT a FROM t WHERE a = ?", (1,))
        tx.notify("commands", "K0001")              # delivered after commit
    rows = db.query("SELECT * FROM t")              # a single-statement transaction

Correctness never rests on a lock in this process: uniqueness is a key and
``ON CONFLICT``, so several workers may share one PostgreSQL database.
"""

from __future__ import annotations

from central.db.api import Database, Listener, Row, Tx, dumps
from central.db.migrations import Migration, ensure, migrate, register, registered
from central.db.open import is_postgres_url, open_database

#: the name the first modules typed their database with
CentralDB = Database

__all__ = ["CentralDB", "Database", "Listener", "Migration", "Row", "Tx", "dumps", "ensure",
           "is_postgres_url", "migrate", "open_database", "register", "registered"]
