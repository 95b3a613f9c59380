"""Retention: expired nonces and old heartbeats are purged, nothing else (both engines)."""

from __future__ import annotations

from central.auth import MAX_SKEW_S
from central.db import open_database
from central.retention import EVERY_S, HEARTBEAT_KEEP_S, Retention


def _count(admin, table: str) -> int:
    row = admin.db.one(f"SELECT COUNT(*) AS n FROM {table}")
    return int(row["n"])


def test_purge_drops_expired_nonces_and_old_heartbeats_only(client, server, clock, record,
                                                            txn):
    _, admin = server
    retention = admin.app.state.retention
    t0 = clock.now
    replay = client.sign("POST", "/v1/kiosks/K0001/heartbeat", b"{}", nonce="replay-0001")
    assert client.post("/v1/kiosks/K0001/heartbeat", {"version": "1"}).status_code == 200
    assert client.post("/v1/transactions", {"records": [record("t-1", txn("t-1"))]}
                       ).status_code == 200
    clock.now = t0 + 2 * MAX_SKEW_S + 1  # every nonce of t0 can never match again
    assert client.post("/v1/kiosks/K0001/heartbeat", {"version": "2"}).status_code == 200
    nonces_before = _count(admin, "nonces")
    assert retention.purge() == {"nonces": nonces_before - 1, "heartbeats": 0}
    assert _count(admin, "nonces") == 1 and _count(admin, "heartbeats") == 2
    # a purged nonce is still refused: its timestamp fails the skew check
    r = client.session.post(client.base_url + "/v1/kiosks/K0001/heartbeat", data=b"{}",
                            headers=replay, timeout=10)
    assert r.status_code == 401
    clock.now = t0 + HEARTBEAT_KEEP_S + MAX_SKEW_S  # the first beat is past the keep time
    assert retention.purge()["heartbeats"] == 1
    [beat] = admin.db.query("SELECT body FROM heartbeats")
    assert '"2"' in beat["body"]
    # money records and the kiosk's latest heartbeat are never purged
    assert admin.record_count() == 1 and len(admin.transactions()) == 1
    [kiosk] = admin.kiosks()
    assert kiosk["last_heartbeat"]["version"] == "2"


def test_each_verified_request_may_purge_at_most_every_period(db_target):
    db = open_database(db_target)
    try:
        db.execute("INSERT INTO kiosks (kiosk_id, secret_hex, created_at) VALUES"
                   " ('K1', '00', 0)")
        now = [10_000.0]
        mono = [0.0]
        retention = Retention(db, lambda: now[0], monotonic=lambda: mono[0])

        def stale_nonce(n: str) -> None:
            db.execute("INSERT INTO nonces (kiosk_id, nonce, ts) VALUES ('K1', ?, ?)",
                       (n, now[0] - 3 * MAX_SKEW_S))

        stale_nonce("a")
        retention.maybe_purge()  # the first call purges
        assert db.one("SELECT COUNT(*) AS n FROM nonces")["n"] == 0
        stale_nonce("b")
        mono[0] += EVERY_S - 1
        retention.maybe_purge()  # too soon: nothing
        assert db.one("SELECT COUNT(*) AS n FROM nonces")["n"] == 1
        mono[0] += 1
        retention.maybe_purge()
        assert db.one("SELECT COUNT(*) AS n FROM nonces")["n"] == 0
    finally:
        db.close()


def test_the_nonce_purge_uses_an_index_on_its_time(db_target):
    db = open_database(db_target)
    try:
        if db.engine == "sqlite":
            plan = db.query("EXPLAIN QUERY PLAN DELETE FROM nonces WHERE ts < ?", (1.0,))
            assert any("nonces_ts" in str(r.get("detail")) for r in plan), plan
        else:
            assert db.one("SELECT indexname FROM pg_indexes WHERE tablename = 'nonces' AND"
                          " indexname = 'nonces_ts'")
    finally:
        db.close()
