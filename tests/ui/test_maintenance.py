"""Maintenance screens on the real MaintenanceService: entry, lockout, roles, collection,
idle logout (fake clock), out-of-service toggle. Calls go through the bridge's worker."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from kiosk.staff.users import Role

TECH_PIN, COLLECTOR_PIN = "204857", "739102"


@pytest.fixture
def staff(small_kiosk):
    k = small_kiosk
    k.maint.users.add("tina", Role.TECHNICIAN, TECH_PIN)
    k.maint.users.add("carl", Role.COLLECTOR, COLLECTOR_PIN)
    return k


def enter(k, qtbot) -> None:
    for _ in range(5):
        qtbot.mouseClick(k.flow.window.header.brand, Qt.MouseButton.LeftButton)
    k.wait(lambda: k.flow.window.current.name == "maint_user", "staff login")


def staff_no(k, name: str) -> str:
    return next(str(u["staff_no"]) for u in k.maint.users.list() if u["name"] == name)


def type_number(k, number: str) -> None:
    k.staff.users.keypad.press(number)
    k.staff.users.next.click()


def login(k, qtbot, name: str, pin: str, expect: str = "maint_home") -> None:
    enter(k, qtbot)
    type_number(k, staff_no(k, name))
    assert k.flow.window.current.name == "maint_pin"
    k.staff.pin.keypad.press(pin)
    k.staff.pin.login.click()
    k.settle()
    k.wait(lambda: k.flow.window.current.name == expect, expect)


def test_hidden_gesture_needs_five_quick_taps(staff, qtbot):
    k = staff
    gesture = k.staff.gesture
    now = [100.0]
    gesture.clock = lambda: now[0]
    for _ in range(4):
        gesture.tap()
        now[0] += 1.0  # five taps over four seconds: too slow
    gesture.tap()
    k.settle()
    assert k.flow.window.current.name == "attract"
    enter(k, qtbot)
    page = k.staff.users
    assert page.prompt.text() == "Enter your staff number"
    shown = " ".join(w.text() for w in page.findChildren(type(page.prompt)))
    assert "tina" not in shown and "carl" not in shown  # issue 19 item 10: no names listed
    assert not page.next.isEnabled()
    page.keypad.press("100")
    assert not page.next.isEnabled(), "a staff number has at least four digits"


def test_staff_numbers_are_given_from_1001(staff):
    assert [(u["name"], u["staff_no"]) for u in staff.maint.users.list()] == [
        ("carl", "1002"), ("tina", "1001")]


def test_an_unknown_staff_number_is_answered_like_a_wrong_pin(staff, qtbot):
    """Same words, same tries-left count, same lock: the pad tells nobody which exist."""
    k = staff
    texts = {}
    for number in (staff_no(k, "tina"), "4711"):
        enter(k, qtbot)
        type_number(k, number)
        pin = k.staff.pin
        assert pin.who.text() == f"Staff number {number}"
        seen = []
        for _ in range(5):
            pin.keypad.press("111222")
            pin.login.click()
            k.settle()
            seen.append(pin.message.text())
        texts[number] = seen
        k.flow.window.go_home()
        k.settle()
    assert texts[staff_no(k, "tina")] == texts["4711"]
    assert texts["4711"][0] == "Wrong PIN. 4 more tries before a lock."
    assert "locked until" in texts["4711"][-1]


def test_lockout_after_five_wrong_pins(staff, qtbot):
    k = staff
    enter(k, qtbot)
    type_number(k, staff_no(k, "tina"))
    pin = k.staff.pin
    for attempt in range(5):
        pin.keypad.press("111222")
        pin.login.click()
        k.settle()
        if attempt < 4:  # issue 19 item 10: the tries left are said
            assert pin.message.text() == f"Wrong PIN. {4 - attempt} more tries before a lock."
    until = datetime.fromtimestamp(k.clock() + 1800).strftime("%H:%M")
    assert pin.message.text() == f"Too many wrong PINs: locked until {until}."
    pin.keypad.press(TECH_PIN)  # even the right PIN is refused while locked
    pin.login.click()
    k.settle()
    assert k.flow.window.current.name == "maint_pin"
    assert "locked until" in pin.message.text()
    assert pin.pin == "", "a refused PIN is wiped from the pad"


def test_roles_see_their_topics(staff, qtbot):
    k = staff
    login(k, qtbot, "carl", COLLECTOR_PIN)
    home = k.staff.home
    assert home.visible_topics == ["collection", "settlement"]
    assert home.tiles["collection"].isVisible() and not home.tiles["service"].isVisible()
    home.logout.click()
    k.wait(lambda: k.flow.window.current.name == "attract", "logged out")
    login(k, qtbot, "tina", TECH_PIN)
    assert "service" in home.visible_topics and "collection" not in home.visible_topics
    assert home.tiles["service"].isVisible() and not home.tiles["collection"].isVisible()


def test_collection_with_a_counted_difference(staff, qtbot):
    k = staff
    for amount in (10000, 10000, 5000):  # notes in the cassette, per the journal
        k.core.ledger.credit_orphan_note(amount, "CNY", None, "test note")
    login(k, qtbot, "carl", COLLECTOR_PIN)
    k.staff.home.tiles["collection"].click()
    count = k.staff.count
    k.wait(lambda: set(count.counts) == {"10000", "5000"}, "expected notes")
    k.settle()
    assert count.expected == {"10000": 2, "5000": 1}
    assert not count.review.isEnabled(), "every row needs a count"
    # issue 19 item 10: no difference before anything is counted
    assert "¥" not in count.total.text() and count.total.objectName() == "value"
    qtbot.mouseClick(count.row_buttons["10000"], Qt.MouseButton.LeftButton)
    count.keypad.press("2")
    assert "¥" not in count.total.text(), "one row counted, one to go"
    count.row_buttons["5000"].click()
    count.keypad.press("0")
    assert count.difference() == -5000
    assert count.row_buttons["5000"].text().endswith("1 → 0  (-1)")
    assert "¥50.00" in count.total.text()
    count.review.click()
    review = k.staff.review
    assert k.flow.window.current.name == "maint_collect_review"
    assert "differs" in review.warning.text()
    review.confirm.click()
    k.wait(lambda: k.flow.window.current.name == "maint_collect_report", "report")
    result = k.staff.last_collection
    assert result.record["difference"] == -5000
    assert result.record["counted"] == {"10000": 2}
    assert "DIFFERENCE RECORDED" in k.staff.report.report.text()
    assert k.staff.report.printed.text().startswith("No printer")
    rows = k.store.query("SELECT difference, collector FROM cash_collections")
    assert rows == [{"difference": -5000, "collector": "carl"}]
    k.staff.report.done_button.click()
    assert k.flow.window.current.name == "maint_home"
    k.staff.home.tiles["settlement"].click()
    k.wait(lambda: bool(k.staff.settlement.batches), "batch list")
    assert k.staff.settlement.batches[-1]["reason"] == "collection"


def test_idle_logout_after_two_minutes(staff, qtbot):
    k = staff
    login(k, qtbot, "tina", TECH_PIN)
    k.staff.home.tiles["diagnostics"].click()
    k.wait(lambda: bool(k.staff.diagnostics.status), "diagnostics")
    k.clock.advance(100)
    qtbot.mouseClick(k.staff.diagnostics.title, Qt.MouseButton.LeftButton)  # a tap
    k.settle()
    k.clock.advance(100)  # 200 s since login, 100 s since the tap
    k.staff.poll()
    k.settle()
    assert k.flow.window.current.name == "maint_diagnostics"
    k.clock.advance(21)
    k.staff.poll()
    k.wait(lambda: k.flow.window.current.name == "attract", "idle logout")
    assert k.maint.maintenance.current_user() is None
    actions = [r["action"] for r in k.maint.auditor.recent(10)]
    assert "logout.idle" in actions


def test_technician_takes_kiosk_out_of_service(staff, qtbot):
    k = staff
    login(k, qtbot, "tina", TECH_PIN)
    k.staff.home.tiles["service"].click()
    toggle = k.staff.toggle
    k.wait(lambda: toggle.state.text() != "", "service state")
    toggle.tiles["Device repair"].click()
    k.wait(lambda: toggle.resume_button.isVisible(), "out of service")
    assert k.flow.window.current.name == "maint_service", "no customer page over maintenance"
    k.staff.home.logout.click()
    k.wait(lambda: k.flow.window.current.name == "out_of_service", "customer page")
    assert not k.core.availability().cash
    k.flow.service_watch.screen.staff.click()
    k.wait(lambda: k.flow.window.current.name == "maint_user", "login from the page")


def test_no_offline_banner_on_staff_pages(staff, qtbot):
    k = staff  # no server configured: offline, so the customer pages carry the banner
    window = k.flow.window
    k.wait(window.banner.isVisible, "offline banner on the attract page")
    login(k, qtbot, "tina", TECH_PIN)
    assert not window.banner.isVisible()
    k.staff.home.tiles["queue"].click()
    k.wait(lambda: window.current.name == "maint_queue", "queue page")
    assert not window.banner.isVisible()
    k.staff.home.logout.click()
    k.wait(lambda: window.current.name == "attract", "attract")
    assert window.banner.isVisible()


def test_queue_page_tells_the_truth_about_parked_records(qapp):
    """Issue 15: the technician page said "online" while a refused record sat parked."""
    from ui.maintenance.status import QueueScreen
    screen = QueueScreen()
    screen.show_status({"server": {"online": True},
                        "queue": {"pending": 0, "dead_letters": 2, "last_success": None}})
    rows = dict(screen.card.rows)
    assert "2" in screen.note.text() and not screen.retry.isHidden()
    assert rows["Server"] == "online, 2 parked"
    screen.show_status({"server": {"online": True}, "queue": {"pending": 0, "dead_letters": 0}})
    assert screen.retry.isHidden()
