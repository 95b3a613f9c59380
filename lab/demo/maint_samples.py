"""Maintenance screens filled with sample data, for layout checks (large text, both
orientations, both languages) without devices or a store."""

from __future__ import annotations

from collections.abc import Iterator

from kiosk.rules.money import Money
from kiosk.staff.service_state import Reason
from kiosk.staff.users import Role
from ui.maintenance.batches import SettlementScreen
from ui.maintenance.collection import CountScreen, ReportScreen, ReviewScreen
from ui.maintenance.home import MaintHomeScreen
from ui.maintenance.login import PinScreen, StaffNumberScreen
from ui.maintenance.service_toggle import ServiceToggleScreen
from ui.maintenance.status import DeviceTestScreen, DiagnosticsScreen, QueueScreen
from ui.window import KioskWindow

STATUS = {
    "version": "0.9.0", "service": {"in_service": True, "reasons": []},
    "devices": {
        "bill_validator": {"fault": None, "device_state": "idling", "firmware": "SM-RU1353",
                           "last_error": "timeout on poll", "notes_stacked": 42,
                           "timeouts": 3, "crc_errors": 0, "reconnects": 1},
        "card_terminal": {"fault": "not open", "registered": False,
                          "counters": {"frames_sent": 10, "frames_received": 9}},
        "printer": {"fault": None, "paper": "near_end", "counters": {"receipts": 17}}},
    "queue": {"pending": 3, "oldest_pending_age_s": 125.0, "last_success": 1746000000.0,
              "last_error": "ConnectionError: server unreachable"},
    "server": {"online": False}, "disk": {"free_pct": 81.5},
}


def add_samples(window: KioskWindow) -> None:
    for screen in (StaffNumberScreen(), PinScreen(), MaintHomeScreen(), DiagnosticsScreen(),
                   DeviceTestScreen(),
                   QueueScreen(), CountScreen(), ReviewScreen(), ReportScreen(),
                   SettlementScreen(), ServiceToggleScreen()):
        window.add_screen(screen)


def samples(window: KioskWindow) -> Iterator[str]:
    """Show each maintenance screen with sample content; yields its name."""
    lang = window.lang

    def fmt(minor: int) -> str:
        return Money(minor, "CNY").format(lang)

    screens = window.screens
    number = screens["maint_user"]
    assert isinstance(number, StaffNumberScreen)
    number.start(has_users=True)
    number.keypad.press("1001")
    window.show_screen("maint_user")
    yield "maint_user"
    pin = screens["maint_pin"]
    assert isinstance(pin, PinScreen)
    pin.start("1001")
    pin.keypad.press("1234")
    pin.message.setText("Too many wrong PINs: locked until 10:35.")
    window.show_screen("maint_pin")
    yield "maint_pin"
    home = screens["maint_home"]
    assert isinstance(home, MaintHomeScreen)
    home.show_user("technician-01", Role.ADMIN)
    home.visible_topics = list(home.tiles)
    home.set_landscape(window.width() > window.height())
    window.show_screen("maint_home")
    yield "maint_home"
    diag = screens["maint_diagnostics"]
    assert isinstance(diag, DiagnosticsScreen)
    diag.show_status(STATUS, "10:05:00")
    window.show_screen("maint_diagnostics")
    yield "maint_diagnostics"
    tests = screens["maint_tests"]
    assert isinstance(tests, DeviceTestScreen)
    tests.show_result("printer", "test_page", {"ok": True, "detail": {"paper": "ok"}})
    window.show_screen("maint_tests")
    yield "maint_tests"
    queue = screens["maint_queue"]
    assert isinstance(queue, QueueScreen)
    queue.show_status(STATUS)
    window.show_screen("maint_queue")
    yield "maint_queue"
    count = screens["maint_collect"]
    assert isinstance(count, CountScreen)
    count.start({"10000": 12, "5000": 7, "2000": 3, "1000": 25}, [1000, 2000, 5000, 10000], fmt)
    count.fill_expected()
    count.select("10000")
    count.keypad.keys["clear"].click()
    count.keypad.press("11")
    window.show_screen("maint_collect")
    yield "maint_collect"
    review = screens["maint_collect_review"]
    assert isinstance(review, ReviewScreen)
    review.show_totals([("Expected", fmt(180000)), ("Counted", fmt(170000)),
                        ("Difference", fmt(-10000))], -10000, fmt)
    window.show_screen("maint_collect_review")
    yield "maint_collect_review"
    report = screens["maint_collect_report"]
    assert isinstance(report, ReportScreen)
    report.show_report([f"{'Note':>10} {'Expect':>6} {'Count':>6} {'Diff':>6}"] + [
        f"{fmt(d):>10} {n:>6} {n:>6} {0:>+6}" for d, n in ((10000, 12), (5000, 7))], False)
    window.show_screen("maint_collect_report")
    yield "maint_collect_report"
    batches = screens["maint_settlement"]
    assert isinstance(batches, SettlementScreen)
    batches.show_batches([{"batch_no": n, "reason": r, "period_end": "2025-05-01T09:30:00Z",
                           "count": 120 + n, "total": 1234500 + n}
                          for n, r in enumerate(("cutover", "collection", "manual") * 3, 1)], fmt)
    window.show_screen("maint_settlement")
    yield "maint_settlement"
    toggle = screens["maint_service"]
    assert isinstance(toggle, ServiceToggleScreen)
    toggle.show_state(False, [Reason("technician", "Device repair", "technician-01",
                                     "2025-05-01T09:30:00Z"),
                              Reason("device:printer", "paper out", "system", "")])
    window.show_screen("maint_service")
    yield "maint_service"
    toggle.show_state(True, [])
    yield "maint_service_in"
