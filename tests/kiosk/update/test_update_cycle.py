"""Issue 20's cases against a real TUF repository and real slots (see conftest)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

from central.releases.tuf_repo import ReleaseRepository
from kiosk.update.guard import count_start
from kiosk.update.slots import Slots
from kiosk.update.state import UpdateState


def outbox(world):
    return world.store.query("SELECT id, record_id, state, attempts, data FROM outbox"
                             " ORDER BY id")


def test_good_update_switches_self_tests_and_keeps_the_outbox(world):
    before_outbox, before_head = outbox(world), world.store.chain_head()
    world.publish("1.1.0")
    up = world.updater()
    out = up.check()
    assert (out["result"], out["switch"]) == ("staged", "switched"), out
    assert world.restarts == ["switched to 1.1.0"] and world.gate.held
    assert Slots(world.slots_root).current() == "1.1.0"
    code, result = world.start_kiosk()
    assert code == 0 and result["self_test"] == {"passed": True, "failures": {}}
    assert result["code"] == str(world.slots_root / "current" / "lib" / "kiosk")
    assert result["version"] == "1.1.0"
    assert UpdateState(world.data_dir).load()["trial"] is None
    assert outbox(world) == before_outbox and world.store.chain_head() == before_head
    assert world.store.verify_chain()
    assert up.send_reports() == 1
    assert [r["outcome"] for r in world.reports("1.1.0")] == ["installed"]
    assert up.check()["result"] == "up-to-date"


def test_tampered_target_is_refused_and_nothing_installed(world):
    targets = world.publish("1.1.0")
    stored = next(targets.glob("*.kiosk-1.1.0.tar.gz"))
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0xFF
    stored.write_bytes(bytes(data))
    out = world.updater().check()
    assert out["result"] == "error" and out["kind"] == "verify", out
    assert "LengthOrHashMismatch" in out["error"]
    assert not Slots(world.slots_root).has("1.1.0") and world.restarts == []
    assert [r["outcome"] for r in world.reports("1.1.0")] == ["failed"]


def test_expired_timestamp_is_refused(world, tmp_path):
    world.publish("1.1.0")
    stale = ReleaseRepository(world.repo.dir, tmp_path / "keys",
                              clock=lambda: (datetime.now(UTC) - timedelta(days=2)).timestamp())
    stale.resign_timestamp()
    out = world.updater().check()
    assert out["kind"] == "verify" and "ExpiredMetadataError" in out["error"], out
    assert Slots(world.slots_root).current() is None


def test_rollback_attacks_are_refused(world):
    old_timestamp = (world.repo.metadata_dir / "timestamp.json").read_bytes()
    world.publish("1.1.0")
    up = world.updater()
    assert up.check()["switch"] == "switched"
    # a mirror replays the older (validly signed, unexpired) timestamp
    (world.repo.metadata_dir / "timestamp.json").write_bytes(old_timestamp)
    try:
        up.fetcher.fetch("1.1.0")
    except Exception as exc:
        assert "BadVersionNumberError" in str(exc)
    else:
        raise AssertionError("an older timestamp was accepted")
    # the server (or whoever answers for it) points the kiosk at an older release
    world.admin.db.execute("UPDATE releases SET stage = 'stable', percent = 100,"
                           " version = '1.0.0' WHERE version = '1.1.0'")
    out = up.check()
    assert (out["result"], out["reason"]) == ("refused", "downgrade"), out
    assert Slots(world.slots_root).current() == "1.1.0"


def test_failed_self_test_rolls_back_and_halts_the_canary(world):
    world.publish("1.1.0", data_schema={"offline_queue": 99}, canary=100)
    up = world.updater()
    assert up.check()["switch"] == "switched"
    code, result = world.start_kiosk()
    failures = result["self_test"]["failures"]
    assert code == 3 and "offline_queue at 1, release expects 99" in failures["journal"]
    assert Slots(world.slots_root).current() is None  # back to the factory install
    state = UpdateState(world.data_dir).load()
    assert state["bad"] == ["1.1.0"] and state["trial"] is None
    up.send_reports()
    assert [r["outcome"] for r in world.reports("1.1.0")] == ["rolled_back"]
    assert world.admin.db.query("SELECT stage FROM releases WHERE version = '1.1.0'"
                                )[0]["stage"] == "halted"
    assert up.check()["result"] == "up-to-date"  # stable: nothing; never 1.1.0 again


def test_crash_loop_after_the_switch_rolls_back(world):
    def broken(src):
        (src / "kiosk" / "update" / "boot.py").write_text("raise SystemExit('boom')\n")
    world.publish("1.1.0")
    up = world.updater()
    assert up.check()["switch"] == "switched"
    world.publish("1.2.0", edit=broken)
    assert up.check()["switch"] == "switched"
    for _ in range(3):
        code, _ = world.start_kiosk()
        assert code == 1
    assert Slots(world.slots_root).current() == "1.2.0"
    guard = world.run("kiosk.update.guard", slot=False)
    assert '"rolled back"' in guard.stdout, guard.stdout
    assert Slots(world.slots_root).current() == "1.1.0"
    code, result = world.start_kiosk()
    assert code == 0 and result["self_test"] is None
    up.send_reports()
    [report] = world.reports("1.2.0")
    assert report["outcome"] == "rolled_back" and "crash loop: 3 starts" in report["body"][
        "reason"]


def test_update_deferred_while_a_session_is_active(world):
    world.publish("1.1.0")
    up = world.updater()
    world.gate.busy = "session active"
    out = up.check()
    assert (out["switch"], out["reason"]) == ("deferred", "session active")
    assert Slots(world.slots_root).has("1.1.0") and Slots(world.slots_root).current() is None
    assert world.restarts == []
    world.gate.busy = None
    assert up.try_switch()["switch"] == "switched"
    assert world.restarts == ["switched to 1.1.0"]


def test_switch_waits_for_quiet_hours(world):
    world.publish("1.1.0")
    out = world.updater(quiet_hours="02:00-05:00", hour=14).check()
    assert out["switch"] == "deferred" and "quiet hours" in out["reason"]
    assert world.updater(quiet_hours="23:00-05:00", hour=3).try_switch()["switch"] == "switched"


def test_a_release_that_cannot_be_rolled_back_is_not_auto_installed(world):
    world.publish("1.1.0", rollback=False)
    up = world.updater()
    out = up.check()
    assert out["kind"] == "refused" and "cannot be rolled back" in out["error"]
    assert not Slots(world.slots_root).has("1.1.0")
    up.check()  # the refusal is reported once, not on every check
    assert [r["outcome"] for r in world.reports("1.1.0")] == ["refused"]
    up.install("1.1.0", allow_no_rollback=True)
    assert Slots(world.slots_root).has("1.1.0")


def test_halted_release_goes_back_to_the_previous_slot(world):
    world.publish("1.1.0")
    up = world.updater()
    up.check()
    assert world.start_kiosk()[0] == 0
    world.publish("1.2.0")
    up.check()
    assert world.start_kiosk()[0] == 0 and Slots(world.slots_root).current() == "1.2.0"
    world.admin.db.execute("UPDATE releases SET stage = 'halted' WHERE version = '1.2.0'")
    out = up.check()
    assert (out["result"], out["switch"]) == ("back-to-stable", "switched"), out
    assert Slots(world.slots_root).current() == "1.1.0"


def test_guard_clears_a_trial_whose_switch_never_happened(world, tmp_path):
    state = UpdateState(world.data_dir)
    state.update(lambda s: s.__setitem__("trial", {"version": "9.9.9", "previous": None,
                                                   "boots": 0}))
    assert count_start(Slots(world.slots_root), state, 3)["guard"] == "stale trial cleared"
    assert state.load()["trial"] is None
    shutil.rmtree(world.data_dir / "update")
    assert count_start(Slots(world.slots_root), state, 3) == {"guard": "no trial"}
