"""PINs are scrypt-hashed and salted; 5 failures lock for 30 minutes; all of it audited."""

from __future__ import annotations

import pytest

from kiosk.staff.users import AuthError, Role, UserError, UserStore, check_pin, hash_pin
from offline_queue import Store


def test_hash_is_salted_and_states_its_parameters() -> None:
    a, b = hash_pin("482913", n=2**10), hash_pin("482913", n=2**10)
    assert a != b and a.startswith("scrypt$1024$8$1$")
    assert check_pin("482913", a) and not check_pin("482914", a)
    assert not check_pin("482913", "garbage") and not check_pin("482913", "md5$x$y$z$a$b")


def test_default_parameters_are_the_documented_ones() -> None:
    assert hash_pin("482913").startswith("scrypt$16384$8$1$")


def test_pin_is_never_stored_in_clear(users: UserStore, store: Store) -> None:
    users.add("alice", Role.ADMIN, "482913")
    dump = "".join(str(r) for r in store.query("SELECT * FROM maint_users"))
    dump += "".join(str(r) for r in store.query("SELECT * FROM journal"))
    dump += "".join(str(r) for r in store.query("SELECT * FROM outbox"))
    assert "482913" not in dump


@pytest.mark.parametrize("name,pin", [("a", "482913"), ("bob smith", "482913"),
                                      ("bob", "1234"), ("bob", "111111"), ("bob", "123456"),
                                      ("bob", "12ab56")])
def test_bad_names_and_weak_pins_are_refused(users: UserStore, name: str, pin: str) -> None:
    with pytest.raises(UserError):
        users.add(name, Role.TECHNICIAN, pin)


def test_duplicate_user_is_refused(users: UserStore) -> None:
    users.add("tech1", Role.TECHNICIAN, "482913")
    with pytest.raises(UserError, match="exists"):
        users.add("tech1", Role.COLLECTOR, "482913")


def test_login_ok_and_unknown_user_indistinguishable(users: UserStore) -> None:
    users.add("tech1", Role.TECHNICIAN, "482913")
    assert users.authenticate("tech1", "482913").role is Role.TECHNICIAN
    with pytest.raises(AuthError) as wrong:
        users.authenticate("tech1", "000001")
    with pytest.raises(AuthError) as unknown:
        users.authenticate("nobody", "482913")
    assert str(wrong.value) == str(unknown.value) == "wrong name or PIN"


def test_five_failures_lock_for_thirty_minutes(users, clock, payloads) -> None:
    users.add("tech1", Role.TECHNICIAN, "482913")
    for _ in range(4):
        with pytest.raises(AuthError) as info:
            users.authenticate("tech1", "999990")
        assert info.value.locked_until is None
    with pytest.raises(AuthError) as info:
        users.authenticate("tech1", "999990")
    assert info.value.locked_until == clock() + 1800
    clock.advance(1799)
    with pytest.raises(AuthError, match="locked"):  # even the right PIN is refused
        users.authenticate("tech1", "482913")
    assert users.list()[0]["locked"] is True
    clock.advance(1)
    assert users.authenticate("tech1", "482913").name == "tech1"
    actions = [p["action"] for p in payloads("audit")]
    assert actions.count("login.failed") == 5 and "login.refused" in actions
    assert actions[-1] == "login"


def test_success_resets_the_failure_count(users: UserStore) -> None:
    users.add("tech1", Role.TECHNICIAN, "482913")
    for _ in range(4):
        with pytest.raises(AuthError):
            users.authenticate("tech1", "999990")
    users.authenticate("tech1", "482913")
    for _ in range(4):
        with pytest.raises(AuthError) as info:
            users.authenticate("tech1", "999990")
        assert info.value.locked_until is None


def test_failures_after_an_expired_lock_start_fresh(users: UserStore, clock) -> None:
    users.add("tech1", Role.TECHNICIAN, "482913")
    for _ in range(5):
        with pytest.raises(AuthError):
            users.authenticate("tech1", "999990")
    clock.advance(1801)
    with pytest.raises(AuthError) as info:
        users.authenticate("tech1", "999990")
    assert info.value.locked_until is None


def test_lockout_survives_a_restart(users: UserStore, store: Store, clock) -> None:
    users.add("tech1", Role.TECHNICIAN, "482913")
    for _ in range(5):
        with pytest.raises(AuthError):
            users.authenticate("tech1", "999990")
    from kiosk.ledger.audit import Auditor

    again = UserStore(store, Auditor(store, clock), clock, scrypt_n=2**10)
    with pytest.raises(AuthError, match="locked"):
        again.authenticate("tech1", "482913")


def test_user_add_is_audited_and_synced(users: UserStore, store: Store) -> None:
    users.add("alice", Role.ADMIN, "482913")
    rows = store.query("SELECT record_type, data FROM outbox WHERE record_type = 'audit'")
    assert len(rows) == 1 and '"user.add"' in rows[0]["data"]
    assert users.has_admin()
