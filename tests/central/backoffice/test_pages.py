"""Sessions, CSRF, idle logout, roles and the fleet pages, over real HTTP."""

from __future__ import annotations

import pytest

from central.testing import run_server


def test_pages_need_a_login_and_keep_the_target(server, browser):
    b = browser()
    r = b.get("/bo/fleet", allow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/bo/login?next=%2Fbo%2Ffleet"
    assert b.session.get(b.base_url + "/", allow_redirects=False).headers["location"] == "/bo/"


def test_login_cookie_flags_and_landing(server, operators, browser):
    b = browser()
    b.get("/bo/login")
    r = b.post("/bo/login", {"username": "alice", "password": "correct horse 42",
                             "next": "/bo/alarms"}, allow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/bo/alarms"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    r = b.get("/bo/fleet")
    assert r.status_code == 200 and "alice" in r.text
    for key in ("Content-Security-Policy", "X-Frame-Options"):
        assert key in r.headers
    assert r.headers["Cache-Control"] == "no-store"


def test_open_redirect_is_refused(server, operators, browser):
    b = browser()
    b.get("/bo/login")
    r = b.post("/bo/login", {"username": "hal", "password": "correct horse 42",
                             "next": "//evil.example/"}, allow_redirects=False)
    assert r.headers["location"] == "/bo/payments"


def test_secure_cookie_when_configured(tmp_path, monkeypatch, clock):
    monkeypatch.setenv("KIOSK_BACKOFFICE_COOKIE_SECURE", "on")
    with run_server(tmp_path / "c.db", clock=clock) as (url, admin):
        import requests

        from central.backoffice.accounts import Accounts
        from central.backoffice.config import BackofficeConfig
        from central.backoffice.store import Store
        Accounts(Store(admin.db), BackofficeConfig(test_fast_kdf=1), clock).add("alice", "admin",
                                                                 "correct horse 42")
        with requests.Session() as s:
            page = s.get(url + "/bo/login")
            assert "Secure" in page.headers["set-cookie"]
            token = page.text.split('name="csrf" value="')[1].split('"')[0]
            r = s.post(url + "/bo/login", data={"csrf": token, "username": "alice",
                                                "password": "correct horse 42"},
                       cookies={"bo_csrf": token}, allow_redirects=False)
            assert r.status_code == 303 and "Secure" in r.headers["set-cookie"]


def test_wrong_password_and_lockout_are_audited(server, operators, browser, store):
    b = browser()
    for _ in range(4):
        assert b.login("hal", "wrong password").status_code == 401
    r = b.login("hal", "wrong password")
    assert r.status_code == 401 and "锁定" in r.text
    assert b.login("hal").status_code == 401  # locked: the right password is refused too
    actions = [a["action"] for a in store.rows("SELECT action FROM bo_audit ORDER BY audit_id")]
    assert actions.count("login.bad_credentials") == 4 and "login.locked" in actions


def test_login_form_needs_its_csrf_cookie(server, operators, browser):
    b = browser()
    b.get("/bo/login")
    b.session.cookies.clear()
    r = b.post("/bo/login", {"username": "alice", "password": "correct horse 42"})
    assert r.status_code == 403 and "bo_session" not in b.session.cookies


def test_posts_without_the_session_csrf_token_change_nothing(server, operators, browser,
                                                              client):
    _, admin = server
    b = browser()
    b.login("dan")
    r = b.post("/bo/kiosks/K0001/commands", {"command": "force-sync"}, csrf="forged")
    assert r.status_code == 403 and admin.commands("K0001") == []
    b.get("/bo/kiosks/K0001")
    r = b.post("/bo/kiosks/K0001/commands", {"command": "force-sync", "args": "reason=test"})
    assert r.status_code == 200
    sent = admin.commands("K0001")
    assert [c["command"] for c in sent] == ["force-sync"] and sent[0]["args"] == {
        "reason": "test"}


def test_idle_logout(server, operators, browser, clock):
    b = browser()
    b.login("alice")
    clock.now += 14 * 60
    assert b.get("/bo/fleet").status_code == 200   # activity keeps the session alive
    clock.now += 16 * 60
    r = b.get("/bo/fleet", allow_redirects=False)
    assert r.status_code == 303 and "idle=1" in r.headers["location"]
    assert "自动退出" in b.get(r.headers["location"]).text


def test_logout_ends_the_session(server, operators, browser):
    b = browser()
    b.login("alice")
    b.get("/bo/fleet")
    token = b.session.cookies["bo_session"]
    b.post("/bo/logout")
    b.session.cookies.set("bo_session", token)
    assert b.get("/bo/fleet", allow_redirects=False).status_code == 303


@pytest.mark.parametrize(("user", "path", "allowed"), [
    ("hal", "/bo/fleet", False), ("hal", "/bo/alarms", False), ("dan", "/bo/fleet", True),
    ("fay", "/bo/alarms", True)])
def test_roles(server, operators, browser, user, path, allowed):
    b = browser()
    b.login(user)
    assert b.get(path).status_code == (200 if allowed else 403)


def test_hall_staff_cannot_send_commands(server, operators, browser, client):
    _, admin = server
    b = browser()
    b.login("hal")
    assert b.post("/bo/kiosks/K0001/commands", {"command": "force-sync"}).status_code == 403
    assert admin.commands("K0001") == []


def test_language_switch(server, operators, browser):
    b = browser()
    b.login("alice")
    assert "终端" in b.get("/bo/fleet").text
    b.get("/bo/lang/en?next=/bo/fleet")
    assert "Fleet" in b.get("/bo/fleet").text


def test_fleet_state_follows_heartbeats(server, operators, browser, client, clock):
    b = browser()
    b.login("dan")
    body = {"service": {"in_service": False, "reasons": [{"reason": "validator jammed"}]},
            "devices": {"bill_validator": {"fault": "jammed", "required": True}},
            "queue": {"pending": 4, "dead_letters": 2}, "version": "1.2.3",
            "cassette": {"notes": 500, "amount": 2500000, "by_denomination": {"5000": 500}}}
    assert client.post("/v1/kiosks/K0001/heartbeat", body).status_code == 200
    page = b.get("/bo/fleet").text
    assert 'id="count-online">1<' in page and "validator jammed" in page
    assert "¥25,000.00" in page and "1.2.3" in page
    clock.now += 200
    assert 'id="count-stale">1<' in b.get("/bo/fleet").text
    clock.now += 750  # 950 s in all; each step is inside the idle timeout
    page = b.get("/bo/fleet?status=offline").text
    assert 'id="count-offline">1<' in page and 'id="kiosk-K0001"' in page
    assert 'id="kiosk-K0001"' not in b.get("/bo/fleet?status=online").text
    kiosk = b.get("/bo/kiosks/K0001").text
    assert "jammed" in kiosk and "1.2.3" in kiosk
    assert b.get("/bo/kiosks/NOPE").status_code == 404


def test_bad_input_is_a_page_not_a_crash(server, operators, browser):
    b = browser()
    b.login("alice")
    r = b.get("/bo/fleet?q=" + "x" * 500)
    assert r.status_code == 400 and "text/html" in r.headers["content-type"]
    r = b.post("/bo/kiosks/K0001/commands", {"command": "format-disk"})
    assert r.status_code == 400
