"""Staged rollout on the server: canary cohort, promote, halt, reports, HTTP routes.

Every test with ``rollout`` runs on SQLite and on the session's real PostgreSQL
(``db_target``): the tables are the registered migration ``releases``.
"""

from __future__ import annotations

import pytest

from central.db import open_database, registered
from central.releases.errors import ReleaseError
from central.releases.manifest import Manifest
from central.releases.rollout import MIGRATIONS, SCHEMA, Rollout, bucket
from central.testing import run_server


@pytest.fixture
def rollout_db(db_target):
    db = open_database(db_target)
    yield db
    db.close()


@pytest.fixture
def rollout(rollout_db):
    return Rollout(rollout_db, clock=lambda: 1000.0)


def test_the_rollout_tables_are_a_registered_migration(rollout_db):
    assert set(MIGRATIONS) <= set(registered())
    applied = rollout_db.query("SELECT version FROM schema_migrations WHERE module ="
                               " 'releases' ORDER BY version")
    assert [r["version"] for r in applied] == [1, 2]
    Rollout(rollout_db)  # constructing it again applies nothing and changes nothing
    assert len(rollout_db.query("SELECT version FROM schema_migrations WHERE module ="
                                " 'releases'")) == 2
    rollout_db.execute("INSERT INTO releases (version, major, minor, patch, target, manifest,"
                       " stage, percent, reason, published_at, updated_at) VALUES"
                       " ('1.0.0', 1, 0, 0, 't', '{}', 'canary', 10, '', 1, 1)")
    with pytest.raises(Exception, match=r"(?i)unique"):  # one canary, whoever inserts it
        rollout_db.execute("INSERT INTO releases (version, major, minor, patch, target,"
                           " manifest, stage, percent, reason, published_at, updated_at)"
                           " VALUES ('1.1.0', 1, 1, 0, 't', '{}', 'canary', 10, '', 1, 1)")


def test_a_database_from_before_the_migration_keeps_its_releases(db_engine, tmp_path,
                                                                   request):
    """Servers before the registry created the tables themselves: opening such a database
    records the migration, adds the indexes and keeps every row."""
    if db_engine == "sqlite":
        target = str(tmp_path / "old.db")
    else:
        cluster = request.getfixturevalue("pg_cluster")
        target = cluster.create_database("releases_legacy")
        request.addfinalizer(lambda: cluster.drop_database("releases_legacy"))
    from central.db.migrations import migrate
    from central.db.open import open_database as raw_open
    old = raw_open(target, apply_migrations=False)
    with old.transaction() as tx:
        for statement in SCHEMA.split(";"):
            if statement.strip():
                tx.execute(statement)
        tx.execute("INSERT INTO releases (version, major, minor, patch, target, manifest,"
                   " stage, percent, reason, published_at, updated_at) VALUES"
                   " ('1.0.0', 1, 0, 0, 't', '{}', 'stable', 100, '', 1, 1)")
    applied = migrate(old)
    assert ("releases", 1) in applied and ("releases", 2) in applied
    assert Rollout(old).target_for("K1")["version"] == "1.0.0"
    old.close()


def test_canary_cohort_grows_and_promotion_reaches_everyone(rollout):
    kiosks = [f"K{i:04d}" for i in range(400)]
    rollout.add(Manifest("1.0.0"), "kiosk-1.0.0.tar.gz", 10)
    first = {k for k in kiosks if rollout.target_for(k)["version"] == "1.0.0"}
    assert first == {k for k in kiosks if bucket(k) < 10} and 10 < len(first) < 80
    rollout.promote("1.0.0", 50)
    half = {k for k in kiosks if rollout.target_for(k)["version"] == "1.0.0"}
    assert first < half
    with pytest.raises(ReleaseError, match="halt it"):
        rollout.promote("1.0.0", 20)
    rollout.promote("1.0.0")
    assert {rollout.target_for(k)["stage"] for k in kiosks} == {"stable"}
    rollout.add(Manifest("1.1.0"), "kiosk-1.1.0.tar.gz", 0)
    assert {rollout.target_for(k)["version"] for k in kiosks} == {"1.0.0"}


def test_halt_sends_canaries_back_to_stable(rollout):
    rollout.add(Manifest("1.0.0"), "kiosk-1.0.0.tar.gz", 100)
    rollout.promote("1.0.0")
    rollout.add(Manifest("1.1.0"), "kiosk-1.1.0.tar.gz", 100)
    assert rollout.target_for("K1")["version"] == "1.1.0"
    rollout.halt("1.1.0", "receipts cut off")
    assert rollout.target_for("K1") == {"version": "1.0.0", "stage": "stable",
                                        "target": "kiosk-1.0.0.tar.gz", "halted": ["1.1.0"]}


def test_a_canary_rollback_report_halts_the_canary_once(rollout):
    rollout.add(Manifest("2.0.0"), "kiosk-2.0.0.tar.gz", 100)
    report = {"id": "r-0001-abcd", "version": "2.0.0", "outcome": "rolled_back",
              "reason": "self-test: printer did not answer"}
    assert rollout.report("K1", report) == {"ok": True, "duplicate": False, "halted": True}
    assert rollout.get("2.0.0")["stage"] == "halted"
    assert "K1 rolled back" in rollout.get("2.0.0")["reason"]
    assert rollout.report("K1", report)["duplicate"] is True
    assert rollout.status()[0]["reports"] == {"rolled_back": 1}


@pytest.mark.parametrize("body", [[], {"id": "short", "version": "1.0.0", "outcome": "installed"},
                                  {"id": "r-0001-abcd", "version": "x", "outcome": "installed"},
                                  {"id": "r-0001-abcd", "version": "1.0.0", "outcome": "??"},
                                  {"id": "r-0001-abcd", "version": "1.0.0",
                                   "outcome": "installed", "reason": 5}])
def test_bad_reports_are_refused(rollout, body):
    with pytest.raises(ReleaseError):
        rollout.report("K1", body)


def test_routes(tmp_path, client_factory):
    repo = tmp_path / "repo"
    (repo / "metadata").mkdir(parents=True)
    (repo / "metadata" / "timestamp.json").write_text('{"signed": {}}')
    with run_server(tmp_path / "s.db", release_repo=repo) as (url, admin):
        client = client_factory(url, admin, "K0001")
        other = client_factory(url, admin, "K0002")
        Rollout(admin.db).add(Manifest("1.0.0"), "kiosk-1.0.0.tar.gz", 100)
        assert client.get("/v1/kiosks/K0001/release").json()["version"] == "1.0.0"
        assert client.get("/v1/kiosks/K0002/release").status_code == 403
        assert client.get("/v1/releases/tuf/metadata/timestamp.json").json() == {"signed": {}}
        for bad in ("metadata/..%2Fs.db", "other/x.json", "metadata/.hidden", "metadata/none"):
            assert client.get(f"/v1/releases/tuf/{bad}").status_code == 404
        body = {"id": "r-0001-abcd", "version": "1.0.0", "outcome": "installed"}
        assert client.post("/v1/kiosks/K0001/update-report", body).json()["ok"] is True
        reply = client.post("/v1/kiosks/K0001/update-report", {"id": 1})
        assert reply.status_code == 422 and reply.json()["error"] == "invalid_report"
        assert other.post("/v1/kiosks/K0001/update-report", body).status_code == 403
        unauth = client.session.get(url + "/v1/releases/tuf/metadata/timestamp.json")
        assert unauth.status_code == 401
