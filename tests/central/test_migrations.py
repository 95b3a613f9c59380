"""Every table of the central server comes from the migration registry (issue 16).

Why: a module that creates its own tables at start-up has no version, so its schema can
never change safely on a fleet's database (no "version 2" to add a column or an index,
and two workers starting at once race on it). These tests pin that every ``CREATE
TABLE`` in ``central/`` belongs to a registered migration, that a database made by the
older self-creating modules is adopted as-is, and that ``central.db.ensure`` applies a
module's schema to a database opened without migrations.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import central.app
from central.db import ensure, open_database, registered

CENTRAL = Path(central.app.__file__).resolve().parent
CREATE = re.compile(r"CREATE\s+TABLE\s+IF\s+NOT\s+EXISTS\s+(\w+)", re.IGNORECASE)
MODULES = {"core", "releases", "vouchers", "allowance", "refusals", "qr_payments",
           "backoffice"}


def _registered_tables() -> set[str]:
    return {name for m in registered() for engine in ("sqlite", "postgresql")
            for name in CREATE.findall(m.text_for(engine))} - {"schema_migrations"}


def test_every_create_table_in_the_sources_is_a_registered_migration():
    in_sources = {name for path in CENTRAL.rglob("*.py")
                  for name in CREATE.findall(path.read_text(encoding="utf-8"))}
    in_sources -= {"schema_migrations", "vouchers"}  # bookkeeping; a docstring example
    assert in_sources - _registered_tables() == set()


def test_a_fresh_database_records_every_module(tmp_path):
    db = open_database(tmp_path / "c.db")
    try:
        modules = {r["module"] for r in db.query("SELECT module FROM schema_migrations")}
        tables = {r["name"] for r in db.query(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        db.close()
    assert modules >= MODULES
    assert _registered_tables() <= tables


def test_a_database_from_the_self_creating_modules_is_adopted(tmp_path):
    """Tables already there (IF NOT EXISTS), no bookkeeping rows: migrate just records."""
    db = open_database(tmp_path / "old.db", apply_migrations=False)
    try:
        with db.transaction() as tx:
            for m in registered():
                for statement in m.statements("sqlite"):
                    tx.execute(statement)
            tx.execute("INSERT INTO record_refusals (kiosk_id, record_id, record_type, error,"
                       " detail, first_at, last_at, times) VALUES ('K1', 'r1', 't', 'e',"
                       " 'd', 1, 1, 1)")
    finally:
        db.close()
    db = open_database(tmp_path / "old.db")
    try:
        assert db.query("SELECT record_id FROM record_refusals") == [{"record_id": "r1"}]
        assert {r["module"] for r in db.query(
            "SELECT module FROM schema_migrations")} >= MODULES
    finally:
        db.close()


def test_ensure_applies_a_module_to_a_database_opened_without_migrations(tmp_path):
    db = open_database(tmp_path / "bare.db", apply_migrations=False)
    try:
        ensure(db, "allowance")
        names = {r["name"] for r in db.query(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"offline_policies", "offline_grants"} <= names
        ensure(db, "allowance")  # nothing missing: no error, nothing applied twice
        with pytest.raises(ValueError, match="no migration registered"):
            ensure(db, "no-such-module")
    finally:
        db.close()
