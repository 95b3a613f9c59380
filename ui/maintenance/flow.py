"""The maintenance controller: entry, login, the role's menu, and each topic's data.

Why apart from the customer controller: the maintenance side has its own session (the
``MaintenanceService`` user, idle logout after ``maintenance.idle_logout_s``) and its own
data; it shares the window (header, footer, overlay) and the bridge's worker, so no
service call ever runs on the GUI thread. Every tap on a maintenance page keeps the
session alive (``touch``); a poll notices the service's idle logout and returns to the
attract screen.

Hidden entry: five taps on the brand name in the header within three seconds
(``ui.maintenance.gesture``), or the "Staff" button on the out-of-service page.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from kiosk.staff.maintenance import NotLoggedIn, PermissionDenied
from kiosk.staff.users import AuthError, Role
from ui.maintenance.batches import SettlementScreen
from ui.maintenance.collection import CountScreen, ReportScreen, ReviewScreen
from ui.maintenance.gesture import TapGesture
from ui.maintenance.home import MaintHomeScreen
from ui.maintenance.login import PinScreen, StaffNumberScreen
from ui.maintenance.service_toggle import ServiceToggleScreen
from ui.maintenance.status import DeviceTestScreen, DiagnosticsScreen, QueueScreen
from ui.texts import money

if TYPE_CHECKING:
    from kiosk.staff.setup import MaintenanceStack
    from ui.customer import CustomerFlow

translate = QCoreApplication.translate
log = logging.getLogger(__name__)

LOGIN_SCREENS = frozenset({"maint_user", "maint_pin"})
TOPIC_SCREENS = {"diagnostics": "maint_diagnostics", "tests": "maint_tests",
                 "queue": "maint_queue", "collection": "maint_collect",
                 "settlement": "maint_settlement", "service": "maint_service"}
SESSION_SCREENS = frozenset({"maint_home", "maint_collect_review", "maint_collect_report",
                             *TOPIC_SCREENS.values()})
MAINT_SCREENS = LOGIN_SCREENS | SESSION_SCREENS
LIVE_SCREENS = frozenset({"maint_diagnostics", "maint_queue"})
#: Customer screens with money in flight: the hidden entry does nothing there.
BUSY_SCREENS = frozenset({"cash", "card", "processing"})


class MaintenanceFlow(QObject):
    def __init__(self, customer: CustomerFlow, stack: MaintenanceStack, *,
                 poll_ms: int = 1000, refresh_every: int = 2):
        super().__init__(customer)
        self.customer = customer
        self.window = window = customer.window
        self.bridge = customer.bridge
        self.stack = stack
        self.service = stack.maintenance
        self.user: Any = None
        self.users = window.add_screen(StaffNumberScreen())
        self.pin = window.add_screen(PinScreen())
        self.home = window.add_screen(MaintHomeScreen())
        self.diagnostics = window.add_screen(DiagnosticsScreen())
        self.tests = window.add_screen(DeviceTestScreen())
        self.queue = window.add_screen(QueueScreen())
        self.count = window.add_screen(CountScreen())
        self.review = window.add_screen(ReviewScreen())
        self.report = window.add_screen(ReportScreen())
        self.settlement = window.add_screen(SettlementScreen())
        self.toggle = window.add_screen(ServiceToggleScreen())
        for name in MAINT_SCREENS:  # staff see the network state on their own pages
            window.screens[name].shows_banner = False
        customer.inactivity.idle_screens = customer.inactivity.idle_screens | LOGIN_SCREENS
        customer.inactivity.tap_listeners.append(self.tapped)
        if customer.service_watch is not None:
            customer.service_watch.passive_screens |= MAINT_SCREENS
            customer.service_watch.screen.staff_requested.connect(self.enter)
        self.gesture = TapGesture(window.header.brand)
        self.gesture.triggered.connect(self.enter)
        self.users.submitted.connect(self.number_entered)
        self.pin.submitted.connect(self.pin_submitted)
        self.home.topic_chosen.connect(lambda t: window.show_screen(TOPIC_SCREENS[t]))
        self.home.logout_requested.connect(self.logout)
        self.tests.test_requested.connect(self.run_test)
        self.queue.sync_requested.connect(self.force_sync)
        self.queue.retry_requested.connect(self.retry_parked)
        self.count.review_requested.connect(self.show_review)
        self.review.confirmed.connect(self.collect)
        self.report.done.connect(lambda: window.show_screen("maint_home"))
        self.settlement.close_requested.connect(self.close_batch)
        self.toggle.take_out.connect(self.take_out)
        self.toggle.resume.connect(self.resume)
        window.screen_changed.connect(self._screen_changed)
        self._touch_queued = False
        self._polls = 0
        self.refresh_every = refresh_every
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.poll)
        if poll_ms > 0:
            self.timer.start()
        self.counted: dict[str, int] = {}

    def fmt(self, minor: int) -> str:
        return money(minor, self.customer.currency, self.window.lang)

    # --- entry and login ------------------------------------------------------------------
    def enter(self) -> None:
        """The hidden gesture (or "Staff"): the login picker, unless money is in flight."""
        if self.window.current.name in BUSY_SCREENS | MAINT_SCREENS:
            return
        self.bridge.call(self.stack.users.list, done=self._show_users)

    def _show_users(self, users: list[dict[str, Any]]) -> None:
        """The staff-number pad; only whether any account exists is shown, no names."""
        self.users.start(has_users=any(u["active"] for u in users))
        self.window.show_screen("maint_user")

    def number_entered(self, staff_no: str) -> None:
        self.pin.start(staff_no)
        self.window.show_screen("maint_pin")

    def pin_submitted(self, pin: str) -> None:
        self.pin.login.setEnabled(False)
        self.bridge.call(self.service.login_number, self.pin.staff_no, pin,
                         done=self._logged_in, failed=self._login_failed)

    def _login_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AuthError) and exc.locked_until is not None:
            until = datetime.fromtimestamp(exc.locked_until).strftime("%H:%M")
            text = translate("Maintenance", "Too many wrong PINs: locked until %1.").replace(
                "%1", until)
        elif isinstance(exc, AuthError) and exc.tries_left:
            text = translate("Maintenance", "Wrong PIN. %1 more tries before a lock.").replace(
                "%1", str(exc.tries_left))
        elif isinstance(exc, AuthError):
            text = translate("Maintenance", "Wrong PIN. Please try again.")
        else:
            log.warning("login failed: %r", exc)
            text = translate("Maintenance", "Login is not possible right now.")
        self.pin.show_error(text)

    def _logged_in(self, user: Any) -> None:
        self.user = user
        self.home.show_user(user.name, Role(user.role))
        self.window.history[:] = []
        self.window.show_screen("maint_home")

    def logout(self) -> None:
        self.bridge.call(self.service.logout)
        self._ended()

    def _ended(self) -> None:
        self.user = None
        self.window.go_home()

    # --- session upkeep -------------------------------------------------------------------
    def tapped(self) -> None:
        if self.user is None or self.window.current.name not in SESSION_SCREENS:
            return
        if not self._touch_queued:
            self._touch_queued = True
            self.bridge.call(self.service.touch, done=self._touched, failed=self._touched)

    def _touched(self, _result: object) -> None:
        self._touch_queued = False

    def poll(self) -> None:
        """Timer: notice the service's idle logout; refresh live pages now and then."""
        if self.user is None:
            return
        self.bridge.call(self.service.current_user, done=self._check_user)
        self._polls += 1
        name = self.window.current.name
        if name in LIVE_SCREENS and self._polls % self.refresh_every == 0:
            self.bridge.call(self.service.collect_status, done=self._show_status)

    def _check_user(self, user: Any) -> None:
        if user is None and self.user is not None:
            log.info("maintenance session ended (idle)")
            self._ended()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, NotLoggedIn):
            self._ended()
            return
        log.warning("maintenance action refused: %r", exc)
        text = (translate("Maintenance", "Your role may not do this.")
                if isinstance(exc, PermissionDenied)
                else translate("Maintenance", "Not done: %1").replace("%1", str(exc)))
        for screen in (self.queue, self.settlement):
            if self.window.current is screen:
                screen.show_message(text) if screen is self.settlement else \
                    self.queue.show_note(text)
        if self.window.current is self.review:
            self.review.show_error(text)

    # --- topic pages ----------------------------------------------------------------------
    def _screen_changed(self, name: str) -> None:
        if self.user is None and name in SESSION_SCREENS:
            self.window.go_home()  # never a maintenance page without a session
            return
        if name == "maint_diagnostics":
            self.bridge.call(self.service.diagnostics, done=self._show_status,
                             failed=self._refused)
        elif name == "maint_queue":
            self.queue.show_note("")
            self.bridge.call(self.service.collect_status, done=self._show_status)
        elif name == "maint_collect":
            self.bridge.call(self._expected, done=self._start_count, failed=self._refused)
        elif name == "maint_settlement":
            self.settlement.show_message("")
            self.bridge.call(self._batches, done=self._show_batches, failed=self._refused)
        elif name == "maint_service":
            self.bridge.call(self._service_state, done=self._show_service)

    def _show_status(self, status: dict[str, Any]) -> None:
        self.diagnostics.show_status(status, datetime.now().strftime("%H:%M:%S"))
        self.queue.show_status(status)

    def run_test(self, device: str, action: str) -> None:
        self.tests.result.setText(translate("Maintenance", "Testing…"))
        self.bridge.call(self.service.test_device, device, action,
                         done=lambda r: self.tests.show_result(device, action, r),
                         failed=self._refused)

    def force_sync(self) -> None:
        self.queue.show_note(translate("Maintenance", "Sync started…"))
        self.bridge.call(self._sync_now, done=self._synced, failed=self._refused)

    def _sync_now(self, action: str = "sync.force") -> dict[str, Any]:
        """Worker: one delivery pass now (audited), then the queue as it is afterwards.

        Why a pass and not only a kick: the technician must see what "sync now" did (a
        kick alone returned the status from before the pass, so it looked like nothing).
        """
        user = self.service.current_user()
        if user is None or not self.service.allowed("diagnostics"):
            raise NotLoggedIn("log in first")
        sync = getattr(self.customer.core, "sync", None)
        self.stack.auditor.record(user.name, user.role.value, action)
        if sync is not None:
            sync.kick()
            once = getattr(sync, "sync_once", None)
            if callable(once):
                try:
                    once()
                except Exception:  # the status below says what is left
                    log.exception("sync pass from the queue screen failed")
        self.service.touch()
        return self.service.collect_status()

    def retry_parked(self) -> None:
        self.queue.show_note(translate("Maintenance", "Sync started…"))
        self.bridge.call(self._retry_parked, done=self._retried, failed=self._refused)

    def _retry_parked(self) -> dict[str, Any]:
        """Worker: put every parked record back in the queue (original order), sync."""
        if self.service.current_user() is None or not self.service.allowed("diagnostics"):
            raise NotLoggedIn("log in first")
        store = self.customer.core.ledger.store
        for row in store.dead_letters():
            store.requeue_dead_letter(str(row["record_id"]))
        return self._sync_now("sync.retry_parked")

    def _retried(self, status: dict[str, Any]) -> None:
        self._show_status(status)
        self.queue.show_note(translate("Maintenance", "Parked records are back in the queue."))

    def _synced(self, status: dict[str, Any]) -> None:
        self._show_status(status)
        self.queue.show_note(translate("Maintenance", "Sync requested: records are sent in "
                                       "the background."))

    # --- cash collection ------------------------------------------------------------------
    def _expected(self) -> tuple[dict[str, int], list[int]]:
        expected = self.service.expected_cash()
        validator = getattr(self.customer.core, "validator", None)
        denoms = list(validator.denominations()) if validator is not None else []
        return expected, denoms

    def _start_count(self, result: tuple[dict[str, int], list[int]]) -> None:
        expected, denoms = result
        self.count.start(expected, denoms, self.fmt)

    def show_review(self, counted: dict[str, int]) -> None:
        self.counted = counted
        expected = sum(int(d) * n for d, n in self.count.expected.items())
        total = sum(int(d) * n for d, n in counted.items())
        notes = sum(counted.values())
        self.review.show_totals([
            (translate("Maintenance", "Expected"), self.fmt(expected)),
            (translate("Maintenance", "Counted"), self.fmt(total)),
            (translate("Maintenance", "Notes counted"), str(notes)),
            (translate("Maintenance", "Difference"), ("+" if total > expected else "")
             + self.fmt(total - expected))], total - expected, self.fmt)
        self.window.show_screen("maint_collect_review")

    def collect(self) -> None:
        self.review.confirm.setEnabled(False)
        self.bridge.call(self.service.collect, dict(self.counted), done=self._collected,
                         failed=self._refused)

    def _collected(self, result: Any) -> None:
        self.last_collection = result
        printed = None if result.printed is None else bool(result.printed.ok)
        self.report.show_report(result.report.lines, printed)
        self.window.show_screen("maint_collect_report")

    # --- settlement and service -----------------------------------------------------------
    def _batches(self) -> list[dict[str, Any]]:
        if not self.service.allowed("settlement"):
            raise NotLoggedIn("log in first")
        self.service.touch()
        return self.stack.settlement.batches()

    def _show_batches(self, batches: list[dict[str, Any]]) -> None:
        self.settlement.show_batches(batches, self.fmt)

    def close_batch(self) -> None:
        self.bridge.call(self.service.close_settlement,
                         done=lambda _b: self.bridge.call(self._batches,
                                                          done=self._show_batches),
                         failed=self._refused)

    def _service_state(self) -> tuple[bool, list[Any]]:
        state = self.stack.service_state
        return state.in_service, state.reasons()

    def _show_service(self, result: tuple[bool, list[Any]]) -> None:
        self.toggle.show_state(*result)

    def take_out(self, reason: str) -> None:
        self.bridge.call(self.service.set_out_of_service, reason,
                         done=lambda _r: self.bridge.call(self._service_state,
                                                          done=self._show_service),
                         failed=self._refused)

    def resume(self) -> None:
        self.bridge.call(self.service.clear_out_of_service,
                         done=lambda _r: self.bridge.call(self._service_state,
                                                          done=self._show_service),
                         failed=self._refused)
