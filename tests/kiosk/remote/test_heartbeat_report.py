"""Heartbeat body from diagnostics, delivered to the real server; offline is not fatal."""

from __future__ import annotations

import json
import time

from central.testing import run_server
from kiosk.remote.heartbeat import Heartbeat, build_body
from offline_queue import HmacAuth


def test_body_from_status(maint, add_txn) -> None:
    add_txn(total=15000, notes=(10000, 5000))
    body = build_body(maint.collect_status(), uptime_s=123.9)
    assert body["uptime_s"] == 123 and body["version"]
    assert body["cassette"] == {"notes": 2, "amount": 15000,
                                "by_denomination": {"5000": 1, "10000": 1}}
    assert body["paper"] == "ok" and body["service"]["in_service"] is True
    assert body["devices"]["bill_validator"]["connected"] is True
    assert "recent_frames" not in body["devices"]["bill_validator"]
    assert body["queue"]["pending"] >= 1


def test_card_like_numbers_never_leave() -> None:
    status = {"devices": {"card_terminal": {"last_error": "card 6228480012345678 declined"}}}
    assert "6228480012345678" not in json.dumps(build_body(status, uptime_s=1))


def test_heartbeat_reaches_the_server(tmp_path, maint) -> None:
    ticks = []
    with run_server(tmp_path / "central.db") as (url, admin):
        secret = admin.add_kiosk("K0001")
        hb = Heartbeat(url, "K0001", HmacAuth("K0001", bytes.fromhex(secret)),
                       maint.collect_status, interval_s=60, on_tick=lambda: ticks.append(1))
        assert hb.beat_once() and ticks == [1]
        rows = admin.db.query("SELECT body FROM heartbeats WHERE kiosk_id = 'K0001'")
        assert json.loads(rows[0]["body"])["devices"]["printer"]["paper"] == "ok"
        assert hb.server_status()["reachable"] is True


def test_offline_heartbeat_is_noted_not_raised(maint) -> None:
    hb = Heartbeat("http://127.0.0.1:9", "K0001", None, maint.collect_status,
                   timeout=(0.5, 0.5))
    assert not hb.beat_once()
    assert "ConnectionError" in hb.last_error and hb.server_status()["reachable"] is False


def test_thread_beats_and_stops(tmp_path, maint) -> None:
    with run_server(tmp_path / "central.db") as (url, admin):
        secret = admin.add_kiosk("K0001")
        hb = Heartbeat(url, "K0001", HmacAuth("K0001", bytes.fromhex(secret)),
                       maint.collect_status, interval_s=60)
        hb.start()
        deadline = time.monotonic() + 10
        while hb.sent == 0:
            assert time.monotonic() < deadline
            hb._stop.wait(0.01)
        assert hb.stop()


def test_floats_with_long_fractions_survive() -> None:
    status = {"queue": {"oldest_pending_age_s": 0.012345678901234567}}
    assert build_body(status, uptime_s=1)["queue"]["oldest_pending_age_s"] == 0.012345678901234567
