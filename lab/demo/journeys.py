"""Scripted customer journeys on the real UI, the real core and emulated devices.

Why scripted through the widgets: the headless demo's screenshots and the journey tests
must show what a customer would see after pressing the same buttons, so each step
clicks the real button and then waits (bounded) for the screen the core leads to. A
journey yields a short step name after every screen worth a screenshot.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtWidgets import QApplication

from kiosk.payment.qr_flow import order_no
from kiosk.rules.catalog import luhn_ok
from kiosk.staff.users import Role
from ui.customer import CustomerFlow

Journey = Callable[["Driver"], Iterator[str]]


class JourneyTimeout(AssertionError):
    """The UI did not reach the expected screen in time."""


class Driver:
    """Presses buttons on the kiosk window and controls the emulators."""

    def __init__(self, flow: CustomerFlow, demo: Any, timeout_s: float = 15.0):
        self.flow = flow
        self.window = flow.window
        self.demo = demo
        self.timeout_s = timeout_s

    def wait(self, cond: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + self.timeout_s
        pause = threading.Event()
        while not cond():
            if time.monotonic() > deadline:
                raise JourneyTimeout(f"timed out waiting for {what} "
                                     f"(screen {self.window.current.name})")
            QApplication.processEvents()
            pause.wait(0.01)
        QApplication.processEvents()

    def screen(self, name: str) -> None:
        if name == "confirm":  # a journey run again: past the duplicate guard's question
            self.wait(lambda: self.window.current.name in ("confirm", "duplicate")
                      and self.flow.bridge.pending == 0, f"screen {name}")
            if self.window.current.name == "duplicate":
                self.flow.duplicate.tiles["again"].click()
        self.wait(lambda: self.window.current.name == name
                  and self.flow.bridge.pending == 0, f"screen {name}")

    def home(self) -> None:
        self.window.go_home()
        self.screen("attract")
        self.wait(lambda: self.flow.bridge.pending == 0, "availability")

    def fresh(self) -> None:
        """Undo what an earlier journey may have left, so the next starts clean and online.

        Every journey assumes the kiosk as the demo opens: network up (and known to be up:
        the switch alone does not tell the client, a probe does), paper loaded, the next
        card approved, no staff logged in, in service, the attract page without a banner.
        A journey that stops half-way (a timeout) must not leak its state into the next
        one's screenshots.
        """
        demo = self.demo
        demo.network_up(True)
        demo.paper("ok")
        demo.card_outcome("approve")
        staff = self.flow.staff
        if staff is not None:
            if staff.user is not None:
                staff.logout()
            staff.stack.maintenance.logout()
            state = staff.stack.service_state
            if any(r.source == "technician" for r in state.reasons()):
                state.clear_manual(by="demo", role="technician", source="technician")
        self.home()
        self.flow.refresh()
        self.wait(lambda: self.flow.bridge.pending == 0 and demo.client.online
                  and self.window.current.name == "attract"
                  and not self.window.banner.text(), "clean online start")

    def tile(self, service: str) -> None:
        self.flow.attract.tiles[service].click()

    def choose(self, screen: str, key: str) -> None:
        self.screen(screen)
        getattr(self.flow, {"amount": "amounts", "biller": "billers"}[screen]).tiles[key].click()

    def type_number(self, screen: str, digits: str) -> None:
        self.screen(screen)
        entry = {"number": self.flow.number, "voucher": self.flow.voucher}.get(
            screen, self.flow.account)
        entry.keypad.press(digits)
        QApplication.processEvents()

    def submit(self, screen: str) -> None:
        entry = self.flow.number if screen == "number" else self.flow.account
        entry.next_button.click()

    def start_topup(self, number: str, amount: str) -> None:
        """From the attract page: a top-up of ``amount`` to ``number``, up to its confirm
        page (the steps most journeys and the journey tests begin with)."""
        self.tile("topup")
        self.type_number("number", number)
        self.submit("number")
        self.choose("amount", amount)
        self.screen("confirm")

    def start_bill(self, biller: str, account: str) -> None:
        """From the attract page: a bill of ``biller`` for ``account``, up to its confirm page."""
        self.tile("bill_payment")
        self.choose("biller", biller)
        self.type_number("account", account)
        self.submit("account")
        self.screen("confirm")

    def pay_cash(self, *notes: int) -> None:
        """On the confirm page: pay cash with ``notes`` (in this order), up to the result."""
        self.flow.confirm.buttons["cash"].click()
        for note in notes:
            self.insert(note)
        self.screen("result")

    def insert(self, amount: int) -> None:
        """Insert one note once the validator is enabled; wait until the screen shows it."""
        emu = self.demo.validator_emu
        self.wait(lambda: bool(emu.model.enabled), "validator enabled")
        before = self.demo.core.session.cash
        self.demo.insert_note(amount)
        self.wait(lambda: (self.flow.payment.last_event is not None
                           and self.flow.payment.last_event.paid >= before + amount)
                  or self.window.current.name in ("processing", "result"), "note credited")


    def later(self, seconds: float, cond: Callable[[], bool], what: str,
              pause_s: float = 0.05) -> None:
        """Let ``seconds`` of session time pass (a fake clock is moved; a real one is
        waited for) until ``cond()``: the kiosk's QR polling and countdown run on it."""
        advance = getattr(self.demo.clock, "advance", None)
        deadline = time.monotonic() + self.timeout_s
        pause = threading.Event()
        while not cond():
            if time.monotonic() > deadline:
                raise JourneyTimeout(f"timed out waiting for {what} "
                                     f"(screen {self.window.current.name})")
            if advance is not None:
                advance(seconds)
                self.demo.core.tick()
            QApplication.processEvents()
            pause.wait(pause_s)
        QApplication.processEvents()

    def qr_page(self, page: str) -> None:
        self.wait(lambda: self.window.current.name == "qr" and self.flow.payment.qr.page == page
                  and self.flow.bridge.pending == 0, f"QR page {page}")


def grid_account(base: str = "100000001") -> str:
    return next(base + d for d in "0123456789" if luhn_ok(base + d))


def cash_topup(d: Driver) -> Iterator[str]:
    d.home()
    yield "attract"
    d.tile("topup")
    d.type_number("number", "1391234567")
    yield "number-typing"
    d.type_number("number", "8")
    yield "number"
    d.submit("number")
    d.screen("amount")
    yield "amount"
    d.choose("amount", "10000")
    d.screen("confirm")
    yield "confirm"
    d.flow.confirm.buttons["cash"].click()
    d.screen("cash")
    yield "cash-empty"
    d.insert(5000)
    yield "cash-50"
    d.insert(5000)
    d.screen("result")
    yield "result-paid"


def card_bill(d: Driver) -> Iterator[str]:
    d.home()
    d.tile("bill_payment")
    d.screen("biller")
    yield "biller"
    d.choose("biller", "STATE_GRID")
    d.type_number("account", grid_account())
    yield "account"
    d.submit("account")
    d.screen("confirm")
    yield "confirm"
    d.demo.card_outcome("approve")
    d.flow.confirm.buttons["card"].click()
    d.wait(lambda: d.window.current.name in ("card", "processing", "result"), "card payment")
    if d.window.current.name == "card":
        yield "card"
    d.screen("result")
    yield "result-paid"


def offline_topup(d: Driver) -> Iterator[str]:
    d.demo.network_up(False)
    try:
        d.home()
        d.wait(lambda: d.window.banner.isVisible(), "offline banner")
        yield "attract-offline"
        d.start_topup("13800138000", "5000")
        yield "confirm-offline"
        d.pay_cash(5000)
        yield "result-offline"
    finally:
        d.demo.network_up(True)
    d.home()
    d.wait(lambda: not d.window.banner.isVisible(), "back online")


def cancel_with_credit(d: Driver) -> Iterator[str]:
    d.home()
    d.start_bill("CITY_WATER", "20260001")
    d.flow.confirm.buttons["cash"].click()
    d.insert(2000)
    yield "cash-partial"
    d.flow.payment.cash.cancel.click()
    d.screen("settle")  # the honest cancel: an explicit choice, never one ambiguous tap
    yield "cancel-choice"
    d.flow.payment.settle.tiles["keep_as_voucher"].click()
    d.screen("result")
    yield "result-credit"


def synced(d: Driver) -> None:
    """Wait until the kiosk's outbox is empty (the server has seen every record)."""
    d.wait(lambda: (d.demo.sync.kick() or True) and d.demo.store.status().pending == 0,
           "outbox delivered")


def change_voucher(d: Driver, amount: str, note: int) -> str:
    """A top-up of ``amount`` with one ``note`` inserted, then cancelled and the cash kept
    as a change voucher; returns the voucher's code (for the journeys that spend one)."""
    d.home()
    d.start_topup("13800138000", amount)
    d.flow.confirm.buttons["cash"].click()
    d.insert(note)
    d.flow.payment.cash.cancel.click()
    d.screen("settle")
    d.flow.payment.settle.tiles["keep_as_voucher"].click()
    d.screen("result")
    return str(d.flow.payment.last_event.outcome.voucher_code)


def voucher_redeem(d: Driver) -> Iterator[str]:
    """A voucher from a cancelled top-up, then redeemed in part for another top-up: the
    server reserves it, the payment redeems ¥30 and ¥20 stays on the code."""
    code = change_voucher(d, "10000", 5000)
    yield "voucher-issued"
    synced(d)
    d.home()
    d.start_topup("13912345678", "3000")
    yield "confirm"
    d.flow.confirm.buttons["voucher"].click()
    d.type_number("voucher", code)
    yield "voucher-code"
    d.flow.voucher.next_button.click()
    d.screen("result")
    yield "result-voucher-redeemed"


def voucher_home(d: Driver) -> Iterator[str]:
    """A voucher spent from the home screen (使用凭证): the code, what it holds, then a
    top-up with the voucher already applied on the confirm page."""
    code = change_voucher(d, "5000", 2000)
    synced(d)
    d.home()
    d.flow.attract.voucher.click()
    d.type_number("voucher", code)
    yield "home-voucher-code"
    d.flow.voucher.next_button.click()
    d.screen("voucher_use")
    yield "voucher-balance"
    d.flow.voucher_use.tiles["topup"].click()
    d.type_number("number", "13912345678")
    d.submit("number")
    d.choose("amount", "3000")
    d.screen("confirm")
    yield "confirm-with-voucher"
    d.home()  # leaving before paying: the voucher is released untouched


def find_payment(d: Driver) -> Iterator[str]:
    """Find my payment (查找我的付款): a cash top-up's receipt number typed on the keypad
    (a wrong one first), its status and a reprint; then the receipt's QR at the scanner."""
    d.home()
    d.start_topup("13800138000", "3000")
    d.pay_cash(1000, 2000)
    out = d.flow.payment.last_event.outcome
    core = d.demo.core
    number = core.short_reference(out.transaction_id, out.seq).replace("-", "")
    d.home()
    d.flow.attract.find_payment.click()
    d.screen("find")
    d.wait(lambda: d.flow.find.scanning, "the scanner on for a receipt")
    yield "find"
    entry = d.flow.find.entry
    wrong = number[:-1] + ("1" if number[-1] == "0" else "0")
    entry.keypad.press(wrong)
    entry.next_button.click()
    d.wait(lambda: bool(entry.refused), "not found")
    d.screen("find")
    yield "find-not-found"
    entry.keypad.keys["clear"].click()
    entry.keypad.press(number)
    entry.next_button.click()
    d.screen("find_status")
    yield "find-status"
    d.flow.find.status.action_button.click()
    d.wait(lambda: d.flow.find.receipt_note is not None, "reprinted")
    d.screen("find_status")
    yield "find-reprinted"
    d.flow.find.status.done_button.click()
    d.screen("attract")
    d.flow.attract.find_payment.click()
    d.screen("find")
    d.wait(lambda: bool(core.scanner and core.scanner.enabled), "scanner on")
    d.demo.scan_code(core.receipt_qr(out.transaction_id))
    try:
        d.screen("find_status")
    finally:
        d.demo.scanner_emu.remove()  # taken away: not read again at the next visit
    yield "find-scanned"


def fraction_bill(d: Driver) -> Iterator[str]:
    """A ¥46.60 water bill (¥45.60 + ¥1 fee) in notes: no note fits the last 60 fen, so the
    smallest note above it is taken and the 40 fen change becomes a voucher."""
    d.home()
    d.start_bill("CITY_WATER", "20260001")
    yield "confirm"
    d.flow.confirm.buttons["cash"].click()
    d.screen("cash")
    yield "cash-notice"
    for note in (2000, 2000, 500, 100):
        d.insert(note)
    yield "cash-60-fen-left"
    d.insert(100)
    d.screen("result")
    yield "result-change-voucher"


def queries(d: Driver) -> Iterator[str]:
    d.home()
    d.tile("balance_query")
    d.type_number("number", "13800138000")
    d.submit("number")
    d.screen("result")
    yield "balance"
    d.home()
    d.tile("bill_query")
    d.choose("biller", "CITY_GAS")
    d.type_number("account", "300000002")
    d.submit("account")
    d.screen("result")
    yield "bill"


def paper_out_qr(d: Driver) -> Iterator[str]:
    d.demo.paper("out")
    try:
        d.home()
        d.start_topup("13800138000", "3000")
        d.pay_cash(1000, 2000)
        yield "result-qr"
    finally:
        d.demo.paper("ok")


def _qr_topup(d: Driver, amount: str) -> None:
    d.home()
    d.start_topup("13912345678", amount)


def qr_code_topup(d: Driver) -> Iterator[str]:
    """付款码: the customer's payment code at the scanner, confirmed on the phone."""
    _qr_topup(d, "5000")
    yield "confirm-qr"
    d.flow.confirm.buttons["qr"].click()
    d.qr_page("choose")
    yield "qr-choose"
    d.flow.payment.qr.modes["code"].click()
    d.qr_page("scan")
    d.wait(lambda: bool(d.demo.core.scanner and d.demo.core.scanner.enabled), "scanner on")
    yield "qr-scan"
    d.demo.scan_code(d.demo.payment_code("6"))  # 6: the wallet asks for the password first
    d.qr_page("phone")
    yield "qr-confirm-on-phone"
    # the server asks the wallet every 3 s (its own time): let the kiosk's time run slowly
    d.later(1.0, lambda: d.window.current.name == "result", "the wallet's confirmation",
            pause_s=0.5)
    d.screen("result")
    yield "qr-result-paid"


def qr_code_declined(d: Driver) -> Iterator[str]:
    """A payment code without enough balance: the reason and what to do next."""
    _qr_topup(d, "3000")
    d.flow.confirm.buttons["qr"].click()
    d.qr_page("choose")
    d.flow.payment.qr.modes["code"].click()
    d.qr_page("scan")
    d.demo.scan_code(d.demo.payment_code("8"))  # 8: not enough balance
    d.qr_page("failed")
    yield "qr-declined"
    d.flow.payment.qr.back.click()
    d.screen("confirm")


def qr_screen_topup(d: Driver) -> Iterator[str]:
    """The dynamic QR code on screen: the customer pays it with the phone."""
    _qr_topup(d, "10000")
    d.flow.confirm.buttons["qr"].click()
    d.qr_page("choose")
    d.flow.payment.qr.modes["show"].click()
    d.qr_page("show")
    yield "qr-show"
    d.demo.customer_pays_qr()
    d.later(2.0, lambda: d.window.current.name == "result", "the payment notification")
    d.screen("result")
    yield "qr-show-paid"


def qr_screen_expired(d: Driver) -> Iterator[str]:
    """The code on screen expires: closed, the customer is told; a payment that still
    lands after the close is refunded by the server and the kiosk shows nothing wrong."""
    _qr_topup(d, "3000")
    d.flow.confirm.buttons["qr"].click()
    d.qr_page("choose")
    d.flow.payment.qr.modes["show"].click()
    d.qr_page("show")
    d.demo.last_qr_order = order_no(d.demo.core.session.txn_id)  # nothing paid yet
    d.later(10.0, lambda: d.flow.payment.qr.page == "failed", "the code to expire")
    d.qr_page("failed")
    yield "qr-expired"
    d.demo.customer_pays_qr(late=True)  # too late: the server refunds it


#: Demo staff accounts, created by the maintenance journeys' set-up (never in a real store).
DEMO_STAFF = {"carl": (Role.COLLECTOR, "739102"), "tina": (Role.TECHNICIAN, "204857")}


def staff_login(d: Driver, name: str) -> Iterator[str]:
    """Create the demo account if needed, then the hidden gesture and the PIN pad."""
    staff = d.flow.staff
    assert staff is not None, "build_ui(..., maint=stack) wires the maintenance screens"
    role, pin = DEMO_STAFF[name]
    if name not in {u["name"] for u in staff.stack.users.list()}:
        staff.stack.users.add(name, role, pin)
    d.home()
    for _ in range(5):  # five taps on the brand name within three seconds
        staff.gesture.tap()
    d.screen("maint_user")
    number = next(str(u["staff_no"]) for u in staff.stack.users.list() if u["name"] == name)
    staff.users.keypad.press(number)
    yield "staff-login"
    staff.users.next.click()
    d.screen("maint_pin")
    staff.pin.keypad.press(pin)
    yield "pin"
    staff.pin.login.click()
    d.screen("maint_home")
    yield "menu"


def maint_collection(d: Driver) -> Iterator[str]:
    """A collector counts the cassette one note short: the difference is recorded."""
    yield from staff_login(d, "carl")
    staff = d.flow.staff
    staff.home.tiles["collection"].click()
    d.screen("maint_collect")
    count = staff.count
    d.wait(lambda: bool(count.counts), "expected notes")
    yield "count-empty"
    count.fill_expected()
    short = next((k for k in count.counts if count.expected.get(k)), None)
    if short is not None:
        count.select(short)
        count.keypad.keys["clear"].click()
        count.keypad.press(str(count.expected[short] - 1))
    yield "count"
    count.review.click()
    d.screen("maint_collect_review")
    yield "review"
    staff.review.confirm.click()
    d.screen("maint_collect_report")
    yield "report"
    staff.report.done_button.click()
    staff.home.tiles["settlement"].click()
    d.wait(lambda: bool(staff.settlement.batches), "settlement batches")
    d.screen("maint_settlement")
    yield "settlement"
    staff.home.logout.click()
    d.screen("attract")


def maint_technician(d: Driver) -> Iterator[str]:
    """A technician checks the devices and the queue, and takes the kiosk out of service."""
    yield from staff_login(d, "tina")
    staff = d.flow.staff
    staff.home.tiles["diagnostics"].click()
    d.wait(lambda: bool(staff.diagnostics.status), "diagnostics")
    d.screen("maint_diagnostics")
    yield "diagnostics"
    d.window.go_back()
    staff.home.tiles["tests"].click()
    staff.tests.buttons[("printer", "paper")].click()
    d.wait(lambda: "·" in staff.tests.result.text(), "test result")
    d.screen("maint_tests")
    yield "tests"
    d.window.go_back()
    staff.home.tiles["queue"].click()
    d.screen("maint_queue")
    yield "queue"
    d.window.go_back()
    staff.home.tiles["service"].click()
    d.wait(lambda: bool(staff.toggle.state.text()), "service state")
    d.screen("maint_service")
    yield "service"
    staff.toggle.tiles["Maintenance"].click()
    d.wait(lambda: staff.toggle.resume_button.isVisible(), "out of service")
    staff.home.logout.click()
    d.screen("out_of_service")
    yield "customer-out-of-service"
    staff.stack.maintenance.login(name="tina", pin=DEMO_STAFF["tina"][1])
    staff.stack.maintenance.clear_out_of_service()
    staff.stack.maintenance.logout()
    d.screen("attract")


JOURNEYS: dict[str, Journey] = {
    "cash-topup": cash_topup, "card-bill": card_bill, "offline-topup": offline_topup,
    "cancel-credit": cancel_with_credit, "voucher-redeem": voucher_redeem,
    "voucher-home": voucher_home, "find-payment": find_payment,
    "fraction": fraction_bill, "queries": queries, "paper-out": paper_out_qr,
    "maint-collection": maint_collection, "maint-technician": maint_technician,
    "qr-code": qr_code_topup, "qr-declined": qr_code_declined, "qr-screen": qr_screen_topup,
    "qr-expired": qr_screen_expired,
}
