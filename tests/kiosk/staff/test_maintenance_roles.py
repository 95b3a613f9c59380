"""Role checks on every action, idle logout with a fake clock, audit of refusals."""

from __future__ import annotations

import pytest

from kiosk.staff.maintenance import PERMISSIONS, NotLoggedIn, PermissionDenied
from kiosk.staff.users import AuthError, Role

# One call per action in PERMISSIONS; each must be guarded.
CALLS = {
    "diagnostics": lambda m: m.diagnostics(),
    "device_test": lambda m: m.test_device("printer", "paper"),
    "logs": lambda m: m.recent_audit(),
    "out_of_service": lambda m: m.set_out_of_service("door open"),
    "cash_collection": lambda m: m.expected_cash(),
    "settlement": lambda m: m.close_settlement(),
    "users": lambda m: m.list_users(),
}
EXTRA = {  # further entry points guarded by the same actions
    "logs": [lambda m: m.export_logs()],
    "out_of_service": [lambda m: m.clear_out_of_service()],
    "cash_collection": [lambda m: m.collect({})],
    "users": [lambda m: m.add_user("newbie", Role.TECHNICIAN, "582913")],
}
USERS = {"admin1": Role.ADMIN, "tech1": Role.TECHNICIAN, "coll1": Role.COLLECTOR}


def test_every_action_has_a_call() -> None:
    assert set(CALLS) | {"config"} == set(PERMISSIONS)


@pytest.mark.parametrize("action", sorted(CALLS))
@pytest.mark.parametrize("name", sorted(USERS))
def test_role_check_on_every_action(maint, payloads, action, name) -> None:
    maint.login(name, "482913")
    calls = [CALLS[action], *EXTRA.get(action, [])]
    for call in calls:
        if USERS[name] in PERMISSIONS[action]:
            call(maint)
        else:
            with pytest.raises(PermissionDenied):
                call(maint)
    if USERS[name] not in PERMISSIONS[action]:
        denied = [p for p in payloads("audit") if p["action"] == "denied"]
        assert len(denied) == len(calls) and denied[0]["user"] == name


@pytest.mark.parametrize("action", sorted(CALLS))
def test_nothing_without_login(maint, action) -> None:
    with pytest.raises(NotLoggedIn):
        CALLS[action](maint)


def test_idle_logout_after_two_minutes(maint, clock, payloads) -> None:
    maint.login("tech1", "482913")
    clock.advance(119)
    maint.diagnostics()  # an action counts as activity
    clock.advance(120)
    assert maint.current_user() is not None
    clock.advance(1)
    with pytest.raises(NotLoggedIn):
        maint.diagnostics()
    assert maint.current_user() is None
    assert next(p for p in payloads("audit") if p["action"] == "logout.idle")["user"] == "tech1"


def test_touch_keeps_the_session(maint, clock) -> None:
    maint.login("tech1", "482913")
    for _ in range(5):
        clock.advance(100)
        maint.touch()
    assert maint.allowed("diagnostics") and not maint.allowed("cash_collection")


def test_wrong_pin_keeps_no_session(maint) -> None:
    with pytest.raises(AuthError):
        maint.login("tech1", "000111")
    assert maint.current_user() is None


def test_logout_and_relogin_are_audited(maint, payloads) -> None:
    maint.login("tech1", "482913")
    maint.login("coll1", "482913")
    maint.logout()
    actions = [(p["user"], p["action"]) for p in payloads("audit")]
    assert ("tech1", "logout.replaced") in actions and actions[-1] == ("coll1", "logout")


def test_diagnostics_aggregate(maint) -> None:
    maint.login("tech1", "482913")
    d = maint.diagnostics()
    assert d["devices"]["bill_validator"]["required"] is True
    assert d["devices"]["bill_validator"]["fault"] is None
    assert d["queue"]["pending"] >= 1 and d["server"] == {"reachable": True}
    assert d["disk"]["free"] > 0 and d["service"]["in_service"] is True


def test_device_tests(maint, validator, printer) -> None:
    maint.login("tech1", "482913")
    assert maint.test_device("bill_validator", "enable")["ok"]
    assert validator.enabled == (1000, 5000, 10000)
    assert maint.test_device("bill_validator", "disable")["ok"] and validator.enabled == ()
    assert maint.test_device("printer", "test_page")["ok"] and len(printer.printed) == 1
    assert not maint.test_device("card_terminal", "register")["ok"]  # not configured
    assert not maint.test_device("printer", "explode")["ok"]


def test_out_of_service_by_technician_persists(maint, store, auditor, clock) -> None:
    from kiosk.staff.service_state import ServiceState

    maint.login("tech1", "482913")
    maint.set_out_of_service("cassette door broken")
    assert not maint.service_state.in_service
    reborn = ServiceState(store, auditor, clock)
    assert not reborn.in_service and reborn.reasons()[0].by == "tech1"
    maint.clear_out_of_service()
    assert maint.service_state.in_service
    assert ServiceState(store, auditor, clock).in_service


def test_required_device_fault_is_automatic(maint, validator) -> None:
    seen = []
    maint.service_state.add_listener(lambda ok, reasons: seen.append(ok))
    validator.connected = False
    maint.check_devices()
    assert not maint.service_state.in_service
    assert maint.service_state.reasons()[0].source == "device:bill_validator"
    validator.connected = True
    maint.check_devices()
    assert maint.service_state.in_service and seen == [False, True]


def test_journal_failure_takes_kiosk_out_of_service(tmp_path, clock) -> None:
    from kiosk.ledger.audit import Auditor
    from kiosk.staff.service_state import ServiceState
    from kiosk.staff.users import UserStore
    from offline_queue import StorageFault, Store

    st = Store(tmp_path / "small.db", clock=clock)
    aud = Auditor(st, clock)
    UserStore(st, aud, clock, scrypt_n=2**10)
    state = ServiceState(st, aud, clock)
    pages = st.query("PRAGMA page_count")[0]["page_count"]
    with st.atomic() as tx:
        tx.execute(f"PRAGMA max_page_count={pages + 1}")
    with pytest.raises(StorageFault):
        for _ in range(200):
            aud.record("tech1", "technician", "x", {"pad": "y" * 4000})
    assert not state.in_service and state.reasons()[0].source == "storage"
    assert not state.recheck_storage()
    with st.atomic() as tx:
        tx.execute("PRAGMA max_page_count=1000000")
    assert state.recheck_storage() and state.in_service
    st.close()


def test_service_gate_says_why_no_money_is_taken(tmp_path) -> None:
    import time

    from kiosk.ledger.audit import Auditor
    from kiosk.staff.service_state import ServiceState
    from offline_queue import Store

    store = Store(tmp_path / "k.db")
    try:
        state = ServiceState(store, Auditor(store, time.time), time.time)
        assert state.gate() == (True, "")
        state.set_manual("validator jammed", by="bob", role="technician", source="maint")
        ok, why = state.gate()
        assert not ok and "validator jammed" in why
    finally:
        store.close()


def test_a_one_request_session_leaves_the_screens_session_alone(maint, payloads) -> None:
    """The control socket's login (``session_for``): the same PIN check, roles and audit,
    but its own user; before it, a shell login replaced (and then ended) the session of
    whoever was at the screen."""
    maint.login("coll1", "482913")  # the collector is counting at the screen
    with maint.session_for("tech1", "482913", via="control socket") as session:
        assert session.diagnostics()["version"]
        assert session.test_device("printer", "paper")["ok"] is True
    with maint.session_for("coll1", "482913", via="control socket") as session, \
            pytest.raises(PermissionDenied):
        session.diagnostics()
    with pytest.raises(AuthError) as refused:
        maint.session_for("tech1", "000000", via="control socket").__enter__()
    assert refused.value.tries_left == 4
    user = maint.current_user()
    assert user is not None and user.name == "coll1"
    audit = [(p["user"], p["action"], (p.get("detail") or {}).get("via"))
             for p in payloads("audit")]
    assert ("tech1", "diagnostics", None) in audit and ("tech1", "device.test", None) in audit
    assert ("tech1", "logout", "control socket") in audit
    assert ("coll1", "denied", None) in audit
    assert not [a for a in audit if a[1] == "logout.replaced"]
