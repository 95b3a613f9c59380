"""The customer journeys: which screen follows which, and what to ask the core.

Why a controller apart from the screens: screens only show and emit; this object knows
the journey (service -> number -> amount -> confirm -> pay -> result) and asks
``KioskCore`` for every decision (validity, availability, limits, fees). It never calls
the core on the GUI thread: everything goes through ``CoreBridge.call``. Session events
(cash, card, end) are handled by ``ui.payment.PaymentView``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from kiosk.errors import KioskError
from kiosk.rules.catalog import normalize_msisdn, operator_for
from ui.bridge import CoreBridge
from ui.inactivity import Inactivity
from ui.payment import PaymentView
from ui.screens.attract import AttractScreen
from ui.screens.choice import Choice, ChoiceScreen
from ui.screens.confirm import ConfirmScreen, MethodState
from ui.screens.number_entry import EntryCheck, NumberEntryScreen
from ui.screens.progress import ProcessingScreen
from ui.screens.result import ResultScreen, ResultView
from ui.texts import explain, mask_account, mask_msisdn, money, operator_name
from ui.window import KioskWindow

translate = QCoreApplication.translate
log = logging.getLogger(__name__)
SESSION_SCREENS = ("confirm", "cash", "card", "processing", "result")


class CustomerFlow(QObject):
    def __init__(self, window: KioskWindow, bridge: CoreBridge,
                 clock: Callable[[], float] | None = None):
        super().__init__(window)
        self.window = window
        self.bridge = bridge
        self.core: Any = bridge.core
        # The core's own clock, so the UI's idle timer and the core's agree (and tests
        # drive both with one fake clock).
        core_clock: Callable[[], float] = getattr(self.core, "clock", time.monotonic)
        self.clock = clock or core_clock
        self.inactivity = Inactivity(window, bridge, clock=self.clock)
        self.currency = str(self.core.currency)
        self.attract = window.add_screen(AttractScreen())
        self.number = window.add_screen(NumberEntryScreen("number", max_digits=11))
        self.account = window.add_screen(NumberEntryScreen("account", max_digits=20,
                                                           groups=(4, 4, 4, 4, 4)))
        self.amounts = window.add_screen(ChoiceScreen("amount"))
        self.billers = window.add_screen(ChoiceScreen("biller", columns=1))
        self.confirm = window.add_screen(ConfirmScreen())
        self.processing = window.add_screen(ProcessingScreen())
        self.result = window.add_screen(ResultScreen())
        self.payment = PaymentView(self)
        self.service = ""
        self.msisdn = ""
        self.biller: Any = None
        self.service_watch: Any = None  # ui.service.ServiceWatch, when maintenance is wired
        self.staff: Any = None  # ui.maintenance.flow.MaintenanceFlow, likewise
        self.attract.service_chosen.connect(self.choose_service)
        self.number.submitted.connect(self.number_entered)
        self.account.submitted.connect(self.account_entered)
        self.amounts.chosen.connect(self.amount_chosen)
        self.billers.chosen.connect(self.biller_chosen)
        self.confirm.method_chosen.connect(self.payment.pay)
        self.result.done.connect(self.window.go_home)
        window.screen_changed.connect(self._screen_changed)
        window.language_changed.connect(lambda _lang: self.refresh())
        # Network up/down changes what is available: re-ask the core, update tiles/banner.
        server = getattr(self.core, "server", None)
        if server is not None and hasattr(server, "add_listener"):
            bridge.watch(server.add_listener, "online")
        bridge.changed.connect(lambda _tag: self.refresh())

    @property
    def lang(self) -> str:
        return self.window.lang

    def fmt(self, minor: int) -> str:
        return money(minor, self.currency, self.lang)

    # --- attract ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-ask availability (after a language switch, network or device change)."""
        self.bridge.call(self.core.availability, done=self._show_availability)

    def _show_availability(self, av: Any) -> None:
        self.availability = av
        tiles = self.attract.tiles
        paying = av.cash or av.card
        tiles["topup"].set_available(paying, explain(av.cash_reason))
        tiles["bill_payment"].set_available(paying, explain(av.cash_reason))
        tiles["balance_query"].set_available(av.queries, explain(av.queries_reason))
        tiles["bill_query"].set_available(av.queries, explain(av.queries_reason))
        # Only a network outage gets the banner: out of service also stops queries, but
        # "cash still works" would then be false (the out-of-service page says why).
        offline = not av.queries and str(av.queries_reason or "").startswith("offline")
        self.window.set_banner(None if not offline else translate(
            "CustomerFlow", "Network is down: cash top-up and cash bill payment still work; "
            "card payment and queries are paused."))

    def choose_service(self, service: str) -> None:
        self.service = service
        if service in ("topup", "balance_query"):
            title = (translate("CustomerFlow", "Mobile top-up") if service == "topup"
                     else translate("CustomerFlow", "Balance query"))
            self.number.configure(
                lambda: title, lambda: translate("CustomerFlow", "Enter the mobile number"),
                self.check_msisdn)
            self.window.show_screen("number")
        else:
            self.bridge.call(self.core.billers, done=self._show_billers,
                             failed=self.show_error)

    def check_msisdn(self, digits: str) -> EntryCheck:
        """As-you-type verdict, from the core's own rules (pure functions, no I/O)."""
        if not digits:
            return EntryCheck(False, translate("CustomerFlow", "11 digits, e.g. 138 0013 8000"))
        if len(digits) < 11:
            return EntryCheck(False, translate("CustomerFlow", "%1 more digits").replace(
                "%1", str(11 - len(digits))))
        try:
            return EntryCheck(True, operator_name(operator_for(normalize_msisdn(digits))))
        except KioskError as exc:
            return EntryCheck(False, explain(exc), error=True)

    def number_entered(self, digits: str) -> None:
        self.msisdn = digits
        if self.service == "balance_query":
            self._busy(translate("CustomerFlow", "Asking your operator…"))
            self.bridge.call(self.core.query_balance, digits, done=self._show_balance,
                             failed=self.show_error)
            return
        av = getattr(self, "availability", None)
        cap = max(av.cash_cap if av and av.cash else 0,
                  int(self.core.limits.max_transaction) if av and av.card else 0)
        choices = [Choice(str(v), self.fmt(v), enabled=v <= cap,
                          reason=translate("CustomerFlow", "Over the limit right now"))
                   for v in self.core.topup_denominations()]
        self.amounts.set_choices(
            translate("CustomerFlow", "Choose an amount"),
            mask_msisdn(digits) + "  " + operator_name(operator_for(digits)), choices)
        self.window.show_screen("amount")

    def amount_chosen(self, key: str) -> None:
        self._busy(translate("CustomerFlow", "Checking the number…"))
        self.bridge.call(self.core.start_topup, self.msisdn, int(key),
                         done=self._session_opened, failed=self.show_error)

    # --- bills --------------------------------------------------------------------------
    def _show_billers(self, billers: list[Any]) -> None:
        self.biller_list = {b.code: b for b in billers}
        zh = self.lang == "zh_CN"
        choices = [Choice(b.code, b.name_zh if zh else b.name_en) for b in billers]
        title = (translate("CustomerFlow", "Bill payment") if self.service == "bill_payment"
                 else translate("CustomerFlow", "Bill query"))
        prompt = (translate("CustomerFlow", "Choose the company") if choices else
                  translate("CustomerFlow", "No billers available yet: the kiosk has not "
                            "received the list from the server."))
        self.billers.set_choices(title, prompt, choices)
        self.window.show_screen("biller")

    def biller_chosen(self, code: str) -> None:
        self.biller = self.biller_list[code]
        name = self.biller.name_zh if self.lang == "zh_CN" else self.biller.name_en
        self.account.configure(
            lambda: name, lambda: translate("CustomerFlow", "Enter the account number "
                                            "printed on your bill"), self.check_account)
        self.window.show_screen("account")

    def check_account(self, digits: str) -> EntryCheck:
        length = self.biller.account_length if self.biller else None
        if length and len(digits) < length:
            return EntryCheck(False, translate("CustomerFlow", "%1 more digits").replace(
                "%1", str(length - len(digits))))
        if not digits:
            return EntryCheck(False, "")
        try:
            self.biller.validate_account(digits)
        except KioskError as exc:
            return EntryCheck(False, explain(exc), error=True)
        return EntryCheck(True, translate("CustomerFlow", "Account number looks right"))

    def account_entered(self, digits: str) -> None:
        self.account_no = digits
        self._busy(translate("CustomerFlow", "Looking up your bill…"))
        if self.service == "bill_query":
            self.bridge.call(self.core.query_bill, self.biller.code, digits,
                             done=self._show_bill, failed=self.show_error)
        else:
            self.bridge.call(self.core.start_bill, self.biller.code, digits,
                             done=self._session_opened, failed=self.show_error)

    # --- confirm ------------------------------------------------------------------------
    def _session_opened(self, session: Any) -> None:
        self.session = session
        self.bridge.call(self.core.availability, done=self._show_confirm)

    def _show_confirm(self, av: Any) -> None:
        order = self.session.order
        rows = []
        if order.service == "topup":
            rows += [(translate("CustomerFlow", "Mobile number"), mask_msisdn(order.account)),
                     (translate("CustomerFlow", "Operator"), operator_name(order.label))]
        else:
            rows += [(translate("CustomerFlow", "Company"), order.label),
                     (translate("CustomerFlow", "Account"), mask_account(order.account))]
        due = order.due
        if order.gross is not None and due is not None:
            rows += [(translate("CustomerFlow", "Amount"), self.fmt(order.gross)),
                     (translate("CustomerFlow", "Fee"), self.fmt(due - order.gross)),
                     (translate("CustomerFlow", "Total"), self.fmt(due))]
        else:
            rows.append((translate("CustomerFlow", "Amount"),
                         translate("CustomerFlow", "What you insert (cash only)")))
        card_ok = av.card and due is not None
        card_reason = explain(av.card_reason) if not av.card else translate(
            "CustomerFlow", "Card needs a fixed amount")
        self.confirm.show_summary(rows, [
            MethodState("cash", av.cash, explain(av.cash_reason)),
            MethodState("card", card_ok, card_reason)])
        self.window.show_screen("confirm", replace=self.window.current.name == "processing")

    # --- queries ------------------------------------------------------------------------
    def _show_balance(self, info: Any) -> None:
        rows = [(translate("CustomerFlow", "Mobile number"), mask_msisdn(info.msisdn)),
                (translate("CustomerFlow", "Operator"), operator_name(info.operator))]
        if info.balance is not None:
            rows.append((translate("CustomerFlow", "Balance"), self.fmt(info.balance)))
        self._show_result(ResultView("info", translate("CustomerFlow", "Your balance"),
                                     rows=rows))

    def _show_bill(self, bill: Any) -> None:
        rows = [(translate("CustomerFlow", "Account"), mask_account(bill.account)),
                (translate("CustomerFlow", "Name"), bill.customer_name_masked),
                (translate("CustomerFlow", "Amount due"), self.fmt(bill.amount_due)),
                (translate("CustomerFlow", "Due date"), bill.due_date)]
        self._show_result(ResultView("info", translate("CustomerFlow", "Your bill"), rows=rows))

    # --- shared -------------------------------------------------------------------------
    def _busy(self, text: str) -> None:
        self.processing.show_message(text)
        self.window.show_screen("processing")

    def _show_result(self, view: ResultView) -> None:
        self.result.show_view(view)
        self.window.show_screen("result", replace=self.window.current.name == "processing")

    def show_error(self, error: BaseException) -> None:
        """A refused request: say why and let the customer go back or home."""
        log.info("request refused: %r", error)
        self._show_result(ResultView("failure", translate("CustomerFlow", "Sorry"),
                                     explain(error) + "\n" + translate(
                                         "CustomerFlow", "No money has been taken.")))

    def _screen_changed(self, name: str) -> None:
        if name == "attract":
            self.refresh()
        session = getattr(self, "session", None)
        if name not in SESSION_SCREENS and session is not None:
            self.session = None
            if not session.ended.is_set():
                self.bridge.call(self.core.cancel)  # left before paying: nothing taken
