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

from PySide6.QtCore import QCoreApplication, QObject, Qt

from kiosk.errors import DuplicateSuspected, KioskError, ServerUnavailable, ValidationError
from kiosk.rules.catalog import mask_account, normalize_msisdn, operator_for
from kiosk.rules.vouchers import CODE_DIGITS, format_code, normalize_code
from ui.bridge import CoreBridge
from ui.find import FindPayment
from ui.inactivity import Inactivity
from ui.payment import PaymentView
from ui.screens.attract import AttractScreen
from ui.screens.choice import Choice, ChoiceScreen
from ui.screens.confirm import ConfirmScreen, MethodState
from ui.screens.number_entry import EntryCheck, NumberEntryScreen, group_digits
from ui.screens.progress import ProcessingScreen
from ui.screens.qr import wallets_text
from ui.screens.result import ResultScreen, ResultView
from ui.texts import explain, money, operator_name
from ui.window import KioskWindow

translate = QCoreApplication.translate
log = logging.getLogger(__name__)
SESSION_SCREENS = ("confirm", "cash", "card", "qr", "processing", "result", "voucher",
                   "settle")
ACCOUNT_GROUPS = (4, 4, 4, 4, 4)
OTHER_AMOUNT = "other"  # the amount tile for "whatever cash I insert"
VOUCHER_SCAN_TAG = "voucher_scan"  # CoreBridge.reported: a voucher code at the scanner


def show_number(digits: str) -> str:
    """The full number, grouped for reading: the customer checks every digit here."""
    return group_digits(digits) if len(digits) == 11 else group_digits(digits, ACCOUNT_GROUPS)


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
                                                           groups=ACCOUNT_GROUPS))
        self.amounts = window.add_screen(ChoiceScreen("amount"))
        self.billers = window.add_screen(ChoiceScreen("biller", columns=1))
        self.confirm = window.add_screen(ConfirmScreen())
        self.voucher = window.add_screen(NumberEntryScreen("voucher", max_digits=CODE_DIGITS,
                                                           groups=(4, 4, 4, 4)))
        self.duplicate = window.add_screen(ChoiceScreen("duplicate", columns=1))
        # From the home screen: the voucher's balance, then what to pay with it.
        self.voucher_use = window.add_screen(ChoiceScreen("voucher_use", columns=1))
        # 16-digit voucher codes (19 characters grouped) do not fit the "huge" digits in
        # large text: the code is shown one size down on entry and on the result page.
        self.voucher.display.setObjectName("title")
        self.processing = window.add_screen(ProcessingScreen())
        self.result = window.add_screen(ResultScreen())
        self.payment = PaymentView(self)
        self.find = FindPayment(self)  # 查找我的付款, from the home screen
        self.attract.find_payment.setVisible(self.find.available)
        self.service = ""
        self.msisdn = ""
        self.biller: Any = None
        self.bill_info: Any = None  # the inquiry shown before paying a bill
        self.session: Any = None
        # A voucher entered on the home screen, applied as soon as the session opens.
        self.pending_voucher: str | None = None
        # What each page shows, as a function of the facts: run again on a language
        # switch, so no row stays in the old language.
        self.views: dict[str, Callable[[], None]] = {}
        self.result_action: Callable[[], None] | None = None
        self.service_watch: Any = None  # ui.service.ServiceWatch, when maintenance is wired
        self.staff: Any = None  # ui.maintenance.flow.MaintenanceFlow, likewise
        self.attract.service_chosen.connect(self.choose_service)
        self.number.submitted.connect(self.number_entered)
        self.account.submitted.connect(self.account_entered)
        self.amounts.chosen.connect(self.amount_chosen)
        self.billers.chosen.connect(self.biller_chosen)
        self.confirm.method_chosen.connect(self.method_chosen)
        self.voucher.submitted.connect(self.voucher_entered)
        self.duplicate.chosen.connect(self.duplicate_answered)
        self.voucher_use.chosen.connect(self.voucher_use_chosen)
        # A voucher's QR at the scanner fills and submits the entry page (ui.bridge).
        self._voucher_scanning = False
        self.voucher_scan_ok = False  # the scanner reads for the entry page now
        self._scanned_code: str | None = None  # the last code submitted from the scanner
        self._scan_refused: str | None = None  # ... refused: not asked again on this page
        add_scan = getattr(self.core, "add_voucher_scan_listener", None)
        if add_scan is not None:
            bridge.listen(add_scan, VOUCHER_SCAN_TAG)
        bridge.reported.connect(self._reported, Qt.ConnectionType.QueuedConnection)
        self.result.done.connect(self.window.go_home)
        self.result.action_requested.connect(self._result_action)
        window.screen_changed.connect(self._screen_changed)
        window.language_changed.connect(self._language_changed)
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

    def _language_changed(self, _lang: str) -> None:
        for name, render in list(self.views.items()):
            try:
                render()
            except Exception:  # a stale page must not keep the others in the old language
                log.exception("redrawing %s after a language switch failed", name)
        self.refresh()

    def go(self, name: str) -> None:
        """Show ``name``; a processing page in between leaves no back step."""
        self.window.show_screen(name, replace=self.window.current.name == "processing")

    # --- attract ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-ask availability (after a language switch, network or device change)."""
        self.bridge.call(self.core.availability, done=self._show_availability)

    def _show_availability(self, av: Any) -> None:
        self.availability = av
        tiles = self.attract.tiles
        paying = av.cash or av.card or getattr(av, "qr", False)
        tiles["topup"].set_available(paying, explain(av.cash_reason))
        tiles["bill_payment"].set_available(paying, explain(av.cash_reason))
        tiles["balance_query"].set_available(av.queries, explain(av.queries_reason))
        tiles["bill_query"].set_available(av.queries, explain(av.queries_reason))
        self.attract.voucher.setEnabled(paying)
        # Only a network outage gets the banner: out of service also stops queries, but
        # "cash still works" would then be false (the out-of-service page says why).
        offline = not av.queries and str(av.queries_reason or "").startswith("offline")
        self.window.set_banner(None if not offline else translate(
            "CustomerFlow", "Network is down: cash top-up and cash bill payment still work; "
            "card and QR payment and queries are paused."))

    def choose_service(self, service: str) -> None:
        if service == "voucher":
            self._show_voucher_entry()
            return
        if service == "find":
            self.find.start()
            return
        self.service = service
        if service in ("topup", "balance_query"):
            def title() -> str:  # evaluated at each language switch
                return (translate("CustomerFlow", "Mobile top-up") if service == "topup"
                        else translate("CustomerFlow", "Balance query"))
            self.number.configure(
                title, lambda: translate("CustomerFlow", "Enter the mobile number"),
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
                             failed=lambda exc: self._number_refused(digits, exc))
            return
        av = getattr(self, "availability", None)
        if av is None or not av.queries:
            self._show_amounts()  # offline: the core's own rules already passed it
            return
        # Ask the operator now, so a suspended line is refused here, not after the amount.
        self._busy(translate("CustomerFlow", "Checking the number…"))
        self.bridge.call(self.core.query_balance, digits, done=self._number_checked,
                         failed=lambda exc: self._number_refused(digits, exc))

    def _number_checked(self, info: Any) -> None:
        if not info.topup_allowed:
            self._number_refused(info.msisdn, "this number cannot be topped up")
        else:
            self._show_amounts()

    def _number_refused(self, digits: str, why: BaseException | str) -> None:
        if isinstance(why, ServerUnavailable) and self.service == "topup":
            self._show_amounts()  # the server went away: an offline top-up is still fine
            return
        if not isinstance(why, str | ValidationError):
            self.show_error(why, retry="number")
            return
        self.number.refuse(digits, lambda: explain(why))
        self.go("number")

    def _show_amounts(self) -> None:
        def render() -> None:
            av = getattr(self, "availability", None)
            cap = max(av.cash_cap if av and av.cash else 0,
                      int(self.core.limits.max_transaction) if av and av.card else 0)
            choices = [Choice(str(v), self.fmt(v), enabled=v <= cap,
                              reason=translate("CustomerFlow", "Over the limit right now"))
                       for v in self.core.topup_denominations()]
            if not self.pending_voucher:  # "what you insert" is cash only
                choices.append(Choice(OTHER_AMOUNT, translate("CustomerFlow", "Other amount"),
                                      translate("CustomerFlow", "Cash only"),
                                      enabled=bool(av and av.cash),
                                      reason=explain(av.cash_reason) if av else ""))
            self.amounts.set_choices(
                translate("CustomerFlow", "Choose an amount"),
                translate("CustomerFlow", "Top-up for %1 (%2). Wrong number? Press Back.")
                .replace("%1", show_number(self.msisdn))
                .replace("%2", operator_name(operator_for(self.msisdn))), choices)
        self.views["amount"] = render
        render()
        self.go("amount")

    def amount_chosen(self, key: str, confirmed: bool = False) -> None:
        self._busy(translate("CustomerFlow", "Checking the number…"))
        amount = None if key == OTHER_AMOUNT else int(key)
        self.pending_start: tuple[Any, tuple[Any, ...]] = (self.core.start_topup,
                                                           (self.msisdn, amount))
        self.bridge.call(lambda: self.core.start_topup(self.msisdn, amount,
                                                       confirmed=confirmed),
                         done=self._session_opened, failed=self._start_failed)

    # --- the duplicate guard ---------------------------------------------------------------
    def _start_failed(self, error: BaseException) -> None:
        if not isinstance(error, DuplicateSuspected):
            self.show_error(error, retry=None if self.service == "topup" else "account")
            return
        when = str(error.earlier_at)
        try:
            from datetime import datetime
            when = datetime.fromisoformat(when.replace("Z", "+00:00")).astimezone().strftime(
                "%H:%M")
        except ValueError:
            pass

        def render() -> None:  # registered: a language switch redraws the question
            self.duplicate.set_choices(
                translate("CustomerFlow", "Pay the same again?"),
                translate("CustomerFlow", "The same account was paid the same amount at %1. "
                          "Pay again?").replace("%1", when),
                [Choice("again", translate("CustomerFlow", "Yes, pay again")),
                 Choice("stop", translate("CustomerFlow", "No, back to the start"))])
        self.views["duplicate"] = render
        render()
        self.window.show_screen("duplicate", replace=self.window.current.name == "processing")

    def duplicate_answered(self, key: str) -> None:
        fn, args = self.pending_start
        if key != "again":
            self.window.go_home()
            return
        self._busy(translate("CustomerFlow", "Checking the number…"))
        self.bridge.call(lambda: fn(*args, confirmed=True), done=self._session_opened,
                         failed=self.show_error)

    # --- vouchers --------------------------------------------------------------------------
    def method_chosen(self, method: str) -> None:
        if method != "voucher":
            self.payment.pay(method)
            return
        self._show_voucher_entry()

    def _show_voucher_entry(self) -> None:
        """The code on the keypad: during a payment (confirm's 凭证) or from home."""
        self.voucher.configure(
            lambda: translate("CustomerFlow", "Use a voucher"), self._voucher_prompt,
            self.check_voucher)
        self.window.show_screen("voucher")

    def _voucher_prompt(self) -> str:
        if self.voucher_scan_ok:  # the core said the scanner reads for this page
            return translate("CustomerFlow", "Enter the 16-digit code printed on your "
                             "voucher, or hold the voucher's QR code under the scanner")
        return translate("CustomerFlow", "Enter the 16-digit code printed on your voucher")

    def check_voucher(self, digits: str) -> EntryCheck:
        if len(digits) < CODE_DIGITS:
            return EntryCheck(False, translate("CustomerFlow", "%1 more digits").replace(
                "%1", str(CODE_DIGITS - len(digits))))
        if normalize_code(digits) is None:
            return EntryCheck(False, translate("CustomerFlow", "This code is not right, "
                                               "please check it"), error=True)
        return EntryCheck(True, translate("CustomerFlow", "Code looks right"))

    def _reported(self, tag: str, value: object) -> None:
        if tag == VOUCHER_SCAN_TAG:
            self._voucher_scanned(str(value))

    def _voucher_scanned(self, code: str) -> None:
        """A voucher's QR read at the scanner: as if its digits were typed and Continue
        pressed. Only on the entry page; a code just refused there is not asked about
        again (a voucher left under a presentation-mode scanner would otherwise be
        re-read after each refusal and spend the kiosk's lookup limit)."""
        if self.window.current.name != "voucher" or code == self._scan_refused:
            return
        self.inactivity.tapped()  # the customer is there
        self.voucher.set_digits(code)
        if self.check_voucher(code).ready:
            self._scanned_code = code
            self.voucher_entered(code)

    def _sync_voucher_scan(self, name: str) -> None:
        """The scanner reads voucher codes exactly while the entry page is shown."""
        want = name == "voucher"
        if name not in ("voucher", "processing"):
            self._scanned_code = self._scan_refused = None
        scan = getattr(self.core, "voucher_scan", None)
        if want != self._voucher_scanning and scan is not None:
            self._voucher_scanning = want
            self.bridge.call(scan, want, done=self._voucher_scan_state)  # device command

    def _voucher_scan_state(self, on: bool) -> None:
        self.voucher_scan_ok = bool(on) and self.window.current.name == "voucher"
        if self.window.current.name == "voucher":
            self.voucher.prompt.setText(self._voucher_prompt())

    def voucher_entered(self, digits: str) -> None:
        if digits != self._scanned_code:
            self._scanned_code = None  # typed: a refusal does not block a later scan
        self._busy(translate("CustomerFlow", "Checking the voucher…"))
        if self.session is None:  # from the home screen: its balance first
            self.bridge.call(self.core.voucher_balance, digits,
                             done=self._show_voucher_balance,
                             failed=lambda exc: self._voucher_lookup_refused(digits, exc))
            return
        self.bridge.call(self.core.redeem_voucher, digits, done=self._voucher_applied,
                         failed=self._voucher_refused)

    def _voucher_applied(self, _amount: int) -> None:
        if self.session is not None and self.session.ended.is_set():
            return  # the voucher paid it all: the result screen follows
        self.bridge.call(self.core.availability, done=self._show_confirm)

    def _voucher_refused(self, error: BaseException) -> None:
        self._scan_refused = self._scanned_code
        self.window.show_screen("voucher", replace=self.window.current.name == "processing")
        self.voucher.clear()
        self.voucher.message.setText(explain(error))

    def _voucher_lookup_refused(self, digits: str, error: BaseException) -> None:
        """Unknown, used, expired, in use elsewhere, offline: said on the entry page, the
        digits kept for correcting."""
        log.info("voucher lookup refused: %r", error)
        self._scan_refused = self._scanned_code
        self.voucher.refuse(digits, lambda: explain(error))
        self.go("voucher")

    def _show_voucher_balance(self, found: Any) -> None:
        self.pending_voucher = found.code

        def render() -> None:
            av = getattr(self, "availability", None)
            paying = bool(av and (av.cash or av.card or getattr(av, "qr", False)))
            why = explain(av.cash_reason) if av else ""
            prompt = translate("CustomerFlow", "Code %1. Choose what to pay with it; what "
                               "is not used stays on the code.").replace(
                                   "%1", format_code(found.code))
            self.voucher_use.set_choices(
                translate("CustomerFlow", "This voucher holds %1").replace(
                    "%1", self.fmt(found.balance)), prompt,
                [Choice("topup", translate("CustomerFlow", "Mobile top-up"),
                        enabled=paying, reason=why),
                 Choice("bill_payment", translate("CustomerFlow", "Bill payment"),
                        enabled=paying, reason=why)])
        self.views["voucher_use"] = render
        render()
        self.go("voucher_use")

    def voucher_use_chosen(self, service: str) -> None:
        self.choose_service(service)  # the voucher is applied when the session opens

    def _apply_pending_voucher(self, code: str) -> None:
        def refused(error: BaseException) -> None:  # e.g. spent elsewhere since the lookup
            self.bridge.call(self.core.availability,
                             done=lambda av: self._show_confirm(av, lambda: explain(error)))
        self._busy(translate("CustomerFlow", "Checking the voucher…"))
        self.bridge.call(self.core.redeem_voucher, code, done=self._voucher_applied,
                         failed=refused)

    # --- bills --------------------------------------------------------------------------
    def _show_billers(self, billers: list[Any]) -> None:
        self.biller_list = {b.code: b for b in billers}

        def render() -> None:
            choices = [Choice(b.code, self.biller_name(b)) for b in billers]
            title = (translate("CustomerFlow", "Bill payment")
                     if self.service == "bill_payment"
                     else translate("CustomerFlow", "Bill query"))
            prompt = (translate("CustomerFlow", "Choose the company") if choices else
                      translate("CustomerFlow", "No billers available yet: the kiosk has not "
                                "received the list from the server."))
            self.billers.set_choices(title, prompt, choices)
        self.views["biller"] = render
        render()
        self.window.show_screen("biller")

    def biller_name(self, biller: Any) -> str:
        return str(biller.name_zh if self.lang == "zh_CN" else biller.name_en)

    def biller_chosen(self, code: str) -> None:
        self.biller = self.biller_list[code]
        biller = self.biller
        self.account.configure(
            lambda: self.biller_name(biller),
            lambda: translate("CustomerFlow", "Enter the account number printed on your bill"),
            self.check_account)
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
        self.bill_info = None
        self._busy(translate("CustomerFlow", "Looking up your bill…"))
        av = getattr(self, "availability", None)
        retry = lambda exc: self.show_error(exc, retry="account")  # noqa: E731
        if self.service == "bill_query":
            self.bridge.call(self.core.query_bill, self.biller.code, digits,
                             done=self._show_bill, failed=retry)
        elif av is not None and av.queries:
            self.bridge.call(self.core.query_bill, self.biller.code, digits,
                             done=self._pay_bill, failed=retry)
        else:  # offline: the core decides whether this biller takes open cash
            self.pending_start = (self.core.start_bill, (self.biller.code, digits))
            self.bridge.call(self.core.start_bill, self.biller.code, digits,
                             done=self._session_opened, failed=self._start_failed)

    def _pay_bill(self, bill: Any) -> None:
        """The inquiry answered: nothing due is information; otherwise open the session."""
        if bill.amount_due <= 0:
            self._show_bill(bill)
            return
        self.bill_info = bill
        self.pending_start = (lambda *a, **kw: self.core.start_bill(*a, bill=bill, **kw),
                              (self.biller.code, bill.account))
        self.bridge.call(lambda: self.core.start_bill(self.biller.code, bill.account, bill=bill),
                         done=self._session_opened, failed=self._start_failed)

    # --- confirm ------------------------------------------------------------------------
    def _session_opened(self, session: Any) -> None:
        self.session = session
        code, self.pending_voucher = self.pending_voucher, None
        if code:
            self._apply_pending_voucher(code)
            return
        self.bridge.call(self.core.availability, done=self._show_confirm)

    def _show_confirm(self, av: Any, notice: Callable[[], str] | None = None) -> None:
        """The summary and the methods; ``notice``: why the last try failed (declined)."""
        def render() -> None:
            if self.session is not None:  # a page of an ended session is not redrawn
                self._render_confirm(av, notice)
        self.views["confirm"] = render
        self._render_confirm(av, notice)
        self.go("confirm")

    def order_rows(self, order: Any) -> list[tuple[str, str]]:
        """What is being paid for, as the customer typed and the server answered it."""
        if order.service == "topup":
            return [(translate("CustomerFlow", "Mobile number"), show_number(order.account)),
                    (translate("CustomerFlow", "Operator"), operator_name(order.label))]
        biller = getattr(self, "biller_list", {}).get(order.biller)
        rows = [(translate("CustomerFlow", "Company"),
                 self.biller_name(biller) if biller is not None else order.label),
                (translate("CustomerFlow", "Account"), show_number(order.account))]
        bill = self.bill_info
        if bill is not None and bill.account == order.account and bill.customer_name_masked:
            rows.append((translate("CustomerFlow", "Name"), bill.customer_name_masked))
        return rows

    def _render_confirm(self, av: Any, notice: Callable[[], str] | None) -> None:
        order = self.session.order
        rows = self.order_rows(order)
        due = order.due
        if order.gross is not None and due is not None:
            rows += [(translate("CustomerFlow", "Amount"), self.fmt(order.gross)),
                     (translate("CustomerFlow", "Fee"), self.fmt(due - order.gross)),
                     (translate("CustomerFlow", "Total"), self.fmt(due))]
            for applied in getattr(self.session, "applied", []):
                rows.append((translate("CustomerFlow", "Voucher"), "-" + self.fmt(
                    applied.amount)))
            if getattr(self.session, "applied", []):
                rows.append((translate("CustomerFlow", "Still to pay"),
                             self.fmt(max(0, due - self.session.paid))))
        else:
            rows.append((translate("CustomerFlow", "Amount"),
                         translate("CustomerFlow", "What you insert (cash only)")))
        card_ok = av.card and due is not None
        card_reason = explain(av.card_reason) if not av.card else translate(
            "CustomerFlow", "Card needs a fixed amount")
        self.availability = av
        qr = getattr(av, "qr", False)
        qr_reason = explain(getattr(av, "qr_reason", None)) if not qr else translate(
            "CustomerFlow", "QR payment needs a fixed amount")
        terms = getattr(av, "offline_terms_h", None)
        if terms is not None:
            rows.append((translate("CustomerFlow", "Network down"),
                         translate("CustomerFlow", "Credited within %1 h").replace(
                             "%1", str(terms))))
        voucher_ok = not getattr(self.session, "applied", []) or due is not None
        self.confirm.show_summary(rows, [
            MethodState("cash", av.cash, explain(av.cash_reason)),
            MethodState("card", card_ok and not getattr(self.session, "applied", []),
                        card_reason),
            MethodState("qr", qr and due is not None, qr_reason,
                        wallets_text(getattr(av, "wallets", ()))),
            MethodState("voucher", voucher_ok, "")], notice() if notice else
            translate("CustomerFlow", "No paper: your receipt will be a QR code on screen.")
            if getattr(av, "paper_out", False) else "")

    # --- queries ------------------------------------------------------------------------
    def _show_balance(self, info: Any) -> None:
        def view() -> ResultView:
            number = mask_account(info.msisdn, gap=" ")
            rows = [(translate("CustomerFlow", "Mobile number"), number),
                    (translate("CustomerFlow", "Operator"), operator_name(info.operator))]
            if info.balance is not None:
                rows.append((translate("CustomerFlow", "Balance"), self.fmt(info.balance)))
            return ResultView("info", translate("CustomerFlow", "Your balance"), rows=rows,
                              action=translate("CustomerFlow", "Top up now")
                              if info.topup_allowed else "")
        self._show_result(view, action=lambda: self._top_up_now(info.msisdn))

    def _top_up_now(self, msisdn: str) -> None:
        self.choose_service("topup")
        self.number.set_digits(msisdn)  # on its page, for Back
        self.window.show_screen("number")
        self.number_entered(msisdn)

    def _show_bill(self, bill: Any) -> None:
        def view() -> ResultView:
            nothing = bill.amount_due <= 0
            rows = [(translate("CustomerFlow", "Account"), show_number(bill.account)),
                    (translate("CustomerFlow", "Name"), bill.customer_name_masked),
                    (translate("CustomerFlow", "Amount due"), self.fmt(bill.amount_due))]
            if bill.due_date and not nothing:
                rows.append((translate("CustomerFlow", "Due date"), bill.due_date))
            if nothing:
                return ResultView("info", explain("nothing is due"), translate(
                    "CustomerFlow", "This account has no open bill to pay. Check the account "
                    "number on your bill, or come back when the next bill is out."), rows,
                    action=translate("CustomerFlow", "Re-enter"))
            return ResultView("info", translate("CustomerFlow", "Your bill"), rows=rows,
                              action=translate("CustomerFlow", "Pay now"))
        if bill.amount_due <= 0:
            self._show_result(view, action=lambda: self.reenter("account"))
        else:
            self._show_result(view, action=lambda: self._pay_now(bill))

    def _pay_now(self, bill: Any) -> None:
        self.service = "bill_payment"
        self._busy(translate("CustomerFlow", "Looking up your bill…"))
        self._pay_bill(bill)

    # --- shared -------------------------------------------------------------------------
    def _busy(self, text: str) -> None:
        self.processing.show_message(text)
        self.window.show_screen("processing")

    def _show_result(self, view: ResultView | Callable[[], ResultView],
                     action: Callable[[], None] | None = None) -> None:
        """Show an outcome; a function is run again on a language switch."""
        make = view if callable(view) else (lambda: view)
        self.views["result"] = lambda: self.result.show_view(make())
        self.result_action = action
        self.result.show_view(make())
        self.go("result")

    def _result_action(self) -> None:
        action, self.result_action = self.result_action, None
        if action is not None:
            action()

    def show_error(self, error: BaseException, retry: str | None = None) -> None:
        """A refused request: say why and let the customer re-enter (``retry``) or go home."""
        log.info("request refused: %r", error)
        self._show_result(lambda: ResultView(
            "failure", translate("CustomerFlow", "Sorry"),
            explain(error) + "\n" + translate("CustomerFlow", "No money has been taken."),
            action=translate("CustomerFlow", "Re-enter") if retry else ""),
            action=(lambda: self.reenter(retry)) if retry else None)

    def reenter(self, screen: str) -> None:
        """Back to a number page, typed digits kept, to correct them."""
        self.window.show_screen(screen)

    def _screen_changed(self, name: str) -> None:
        self._sync_voucher_scan(name)
        if name == "attract":
            self.pending_voucher = None
            self.refresh()
        session = getattr(self, "session", None)
        if name not in SESSION_SCREENS and session is not None:
            self.session = None
            if not session.ended.is_set():
                self.bridge.call(self.core.cancel)  # left before paying: nothing taken
