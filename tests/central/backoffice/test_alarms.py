"""Alarm engine: one alarm per kiosk and condition, hysteresis, states; stepped clock."""

from __future__ import annotations

import json

import pytest

from central.backoffice.alarms import AlarmEngine
from central.backoffice.config import BackofficeConfig
from central.backoffice.errors import Conflict, NotFound

CONFIG = BackofficeConfig(stale_after_s=180, heartbeat_fresh_s=90, clear_hold_s=120)


@pytest.fixture
def engine(store, clock, server) -> AlarmEngine:
    _, admin = server
    admin.add_kiosk("K1")
    return AlarmEngine(store, CONFIG, clock)


def beat(store, clock, kiosk="K1", **body):
    """What POST /v1/kiosks/{id}/heartbeat stores, at the clock's time."""
    store.run("INSERT INTO heartbeats (kiosk_id, at, body) VALUES (?, ?, ?)",
              (kiosk, clock(), json.dumps(body)))
    store.run("UPDATE kiosks SET last_heartbeat = ? WHERE kiosk_id = ?",
              (json.dumps({"at": clock(), **body}), kiosk))


def active(engine, condition):
    return [a for a in engine.rows(active_only=True) if a["condition"] == condition]


def test_stale_heartbeat_opens_holds_and_resolves(engine, store, clock):
    beat(store, clock)
    assert engine.evaluate()["opened"] == 0
    clock.now += 181
    assert engine.evaluate()["opened"] == 1
    [alarm] = active(engine, "heartbeat_stale")
    assert alarm["state"] == "open" and alarm["detail"] == "181 s"
    beat(store, clock)           # the kiosk is back ...
    engine.evaluate()
    clock.now += 60
    beat(store, clock)
    engine.evaluate()
    assert active(engine, "heartbeat_stale")  # ... but not for long enough yet
    clock.now += 60
    beat(store, clock)
    assert engine.evaluate()["resolved"] == 1
    assert not active(engine, "heartbeat_stale")
    [done] = engine.rows(condition="heartbeat_stale")
    assert done["state"] == "resolved" and done["resolved_by"] is None


def test_a_flapping_link_keeps_one_alarm(engine, store, clock):
    beat(store, clock)
    clock.now += 200
    engine.evaluate()
    for _ in range(10):          # up for 60 s, down for 200 s, ten times
        beat(store, clock)
        engine.evaluate()
        clock.now += 60
        engine.evaluate()
        clock.now += 200
        engine.evaluate()
    rows = engine.rows(condition="heartbeat_stale")
    assert len(rows) == 1 and rows[0]["active"] == 1 and rows[0]["flaps"] == 10


def test_between_the_thresholds_restarts_the_hold(engine, store, clock):
    beat(store, clock)
    clock.now += 200
    engine.evaluate()
    for _ in range(3):           # back, beating every 30 s ...
        beat(store, clock)
        engine.evaluate()
        clock.now += 30
    clock.now += 70              # ... then 100 s without a beat: not fresh, not stale
    engine.evaluate()
    for _ in range(4):           # the run starts again: 4 beats = 90 s, under the hold
        beat(store, clock)
        assert engine.evaluate()["resolved"] == 0
        clock.now += 30
    beat(store, clock)           # 120 s of fresh beats
    assert engine.evaluate()["resolved"] == 1


def test_the_hold_counts_from_the_beats_not_from_the_evaluations(engine, store, clock):
    beat(store, clock)
    clock.now += 200
    engine.evaluate()
    for _ in range(5):           # nobody looks while the kiosk beats for 120 s
        beat(store, clock)
        clock.now += 30
    clock.now -= 30
    assert engine.evaluate()["resolved"] == 1


def test_cassette_threshold_hysteresis(engine, store, clock):
    for notes, expect_active in ((850, False), (900, True), (850, True), (799, False)):
        beat(store, clock, cassette={"notes": notes, "capacity": 1000})
        engine.evaluate()
        assert bool(active(engine, "cassette_full")) is expect_active, notes
        clock.now += 10
    assert len(engine.rows(condition="cassette_full")) == 1


def test_device_fault_and_dead_letters(engine, store, clock):
    beat(store, clock, devices={"printer": {"fault": "paper out"}},
         queue={"pending": 0, "dead_letters": 1})
    engine.evaluate()
    assert active(engine, "device_fault")[0]["detail"] == "printer: paper out"
    assert active(engine, "parked_dead")
    beat(store, clock, devices={"printer": {"fault": None}}, queue={"pending": 0,
                                                                     "dead_letters": 0})
    engine.evaluate()
    assert not active(engine, "parked_dead")   # item counts clear at once
    clock.now += 120
    beat(store, clock, devices={"printer": {}}, queue={"pending": 0, "dead_letters": 0})
    engine.evaluate()
    assert not active(engine, "device_fault")  # a fault clears after the hold


def test_backlog(engine, store, clock):
    beat(store, clock, queue={"pending": 3, "oldest_pending_age_s": 1000.5})
    engine.evaluate()
    assert active(engine, "backlog")


def test_acknowledge_then_resolve_by_hand(engine, store, clock):
    beat(store, clock)
    clock.now += 181
    engine.evaluate()
    [alarm] = active(engine, "heartbeat_stale")
    engine.acknowledge(alarm["alarm_id"], "dan")
    with pytest.raises(Conflict):
        engine.acknowledge(alarm["alarm_id"], "dan")
    engine.resolve(alarm["alarm_id"], "dan")
    with pytest.raises(Conflict):
        engine.resolve(alarm["alarm_id"], "dan")
    with pytest.raises(NotFound):
        engine.resolve("nope", "dan")
    row = engine.rows(condition="heartbeat_stale")[0]
    assert (row["acknowledged_by"], row["resolved_by"], row["state"]) == ("dan", "dan",
                                                                          "resolved")


def collection(store, rid, difference, kiosk="K1"):
    data = {"collection_id": rid, "difference": difference, "expected_total": 10000,
            "counted_total": 10000 + difference}
    store.run("INSERT INTO records (record_id, kiosk_id, type, payload_hash, payload,"
              " received_at) VALUES (?, ?, 'cash_collection', 'h', ?, ?)",
              (rid, kiosk, json.dumps({"data": data}), "2025-11-24T10:00:00Z"))


def test_collection_difference_stays_until_a_person_resolves_it(engine, store, clock):
    collection(store, "c1", -5000)
    engine.evaluate()
    [alarm] = active(engine, "collection")
    assert "-¥50.00" in alarm["detail"]
    collection(store, "c2", 0)   # a clean collection later does not hide the shortage
    engine.evaluate()
    assert active(engine, "collection")
    engine.resolve(alarm["alarm_id"], "fay")
    engine.evaluate()
    assert not active(engine, "collection")      # the same shortage is not raised again
    collection(store, "c3", 2000)
    engine.evaluate()
    [again] = active(engine, "collection")
    assert again["subject"] == "c3"


def test_reconciliation_difference_follows_the_latest_report(engine, store, clock):
    def report(balanced, at):
        store.run("INSERT INTO reconciliations (kiosk_id, batch_no, created_at, report)"
                  " VALUES ('K1', 3, ?, ?)", (at, json.dumps({"balanced": balanced})))
    report(False, clock.now)
    engine.evaluate()
    assert active(engine, "reconciliation")[0]["detail"] == "batch 3"
    report(True, clock.now + 1)
    engine.evaluate()
    assert not active(engine, "reconciliation")


def test_records_refused_by_the_server(engine, store, clock):
    from central import refusals
    with store.db.tx() as conn:
        refusals.refused(conn, int(clock()), "K1", "r1", "settlement", "no_public_key", "x")
    engine.evaluate()
    assert "settlement: no_public_key" in active(engine, "refused_records")[0]["detail"]
    with store.db.tx() as conn:
        refusals.accepted(conn, int(clock()), "K1", "r1")
    engine.evaluate()
    assert not active(engine, "refused_records")


def test_voucher_ledger_alarms_are_events(engine, store, clock):
    from central.vouchers import events
    with store.db.tx() as conn:
        events.record(conn, int(clock()), "double_spend", {"amount": 100}, code="C1",
                      kiosk_id="K1")
        events.record(conn, int(clock()), "redeemed", {"amount": 100}, code="C2", kiosk_id="K1")
    engine.evaluate()
    [alarm] = active(engine, "voucher")
    assert alarm["detail"] == "double_spend C1"
    engine.resolve(alarm["alarm_id"], "fay")
    engine.evaluate()
    assert not active(engine, "voucher")
