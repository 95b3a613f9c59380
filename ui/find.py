"""Find my payment at the kiosk (查找我的付款): a receipt's number or QR to its status.

Why a controller apart from ``CustomerFlow``: this journey takes no money and opens no
session; it asks the core three things (find, reprint, scanner on/off), each on the
bridge's worker, and shows the answer in words. Nothing is browsable without proof: the
core takes only a signed reference (the receipt QR) or the short number with its check
digits, and pauses after five wrong tries; the page counts the wait down and, when it is over,
lets the same digits be sent again.

The scanner: while the number page is up the core turns the QR scanner on (serial I/O on
the worker) and hands every code it reads to ``bridge.listen``; the code arrives here as
a queued signal and is looked up like a typed number.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt

from kiosk.ledger.states import TxnStatus
from kiosk.payment.lookup import FoundPayment, LookupLocked
from kiosk.rules.catalog import mask_account
from kiosk.rules.receipt_ref import BadReference, parse
from kiosk.rules.vouchers import format_code
from ui.screens.find import MAX_DIGITS, PaymentStatusScreen, reference_text
from ui.screens.number_entry import EntryCheck, NumberEntryScreen
from ui.screens.result import ResultView
from ui.texts import explain, money

if TYPE_CHECKING:
    from ui.customer import CustomerFlow

translate = QCoreApplication.translate
log = logging.getLogger(__name__)
SCAN_TAG = "receipt_scan"
MIN_DIGITS = 7  # one sequence digit and the six check digits


@dataclass(frozen=True)
class Answer:
    """A found payment with what the page needs from the core (asked on the worker)."""

    found: FoundPayment
    reference: str  # the short number, as the receipt prints it
    biller_names: tuple[str, str] | None  # (zh, en) of a bill's company


def look_up(core: Any, text: str) -> Answer:
    """Worker thread: the payment, its short number and its biller's names."""
    found: FoundPayment = core.find_payment(text)
    names = None
    if found.biller:
        for biller in core.billers():
            if biller.code == found.biller:
                names = (str(biller.name_zh), str(biller.name_en))
    return Answer(found, core.short_reference(found.transaction_id, found.seq) or
                  reference_text(str(found.seq)), names)


def local_time(iso: str | None) -> str:
    """``2026-12-03T06:05:00Z`` -> the kiosk's local ``2026-12-03 14:05``."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime(
            "%Y-%m-%d %H:%M")
    except ValueError:
        return iso


class FindPayment(QObject):
    def __init__(self, flow: CustomerFlow):
        super().__init__(flow)
        self.flow = flow
        self.window = flow.window
        self.bridge = flow.bridge
        self.core: Any = flow.core
        self.entry = self.window.add_screen(NumberEntryScreen(
            "find", max_digits=MAX_DIGITS, formatter=reference_text))
        self.status = self.window.add_screen(PaymentStatusScreen())
        self.entry.submitted.connect(self.submit)
        self.status.done.connect(self.window.go_home)
        self.status.action_requested.connect(self.reprint)
        self.scanning = False  # the core said a receipt's QR can be read now
        self._scan_asked = False  # what the core was last asked (on/off)
        self._scan_refused: str | None = None  # a scanned code refused on this visit
        self.answer: Answer | None = None
        self._paused_until: float | None = None  # the core's clock; set while paused
        self._paused_reason: Any = None  # the refusal shown for the pause
        flow.inactivity.poll_listeners.append(self._tick)
        self.receipt_qr = ""  # the reprint could not print: its QR, on screen
        self.receipt_note: Any = None  # () -> str after a reprint
        self.printed = False  # reprinted once for this look-up
        if hasattr(self.core, "add_scan_listener"):
            self.bridge.listen(self.core.add_scan_listener, SCAN_TAG)
        self.bridge.reported.connect(self._reported, Qt.ConnectionType.QueuedConnection)
        self.window.screen_changed.connect(self._screen_changed)

    @property
    def available(self) -> bool:
        """Only a kiosk with its secret can check a receipt's number."""
        return getattr(self.core, "lookup", None) is not None

    # --- the number page ------------------------------------------------------------------
    def start(self) -> None:
        self.entry.configure(lambda: translate("FindPayment", "Find my payment"),
                             self._prompt, self.check)
        self.window.show_screen("find")

    def _prompt(self) -> str:
        if self.scanning:
            return translate("FindPayment", "Type the reference number printed on your "
                             "receipt, or hold the receipt's QR code under the scanner.")
        return translate("FindPayment", "Type the reference number printed on your receipt.")

    def check(self, digits: str) -> EntryCheck:
        if len(digits) < MIN_DIGITS:
            return EntryCheck(False, translate("FindPayment", "All the digits, e.g. "
                                               "42-955975: the dash comes by itself"))
        return EntryCheck(True, "")

    def _screen_changed(self, name: str) -> None:
        """Scanner on for the number page, off when it is left (asked once each way).

        The look-up's "please wait" page in between keeps it on: switching it off and on
        would start a new read period, and a code still under it would be read again.
        """
        want = name == "find" or (name == "processing" and self._scan_asked)
        if not want:
            self._scan_refused = None
        if want != self._scan_asked and hasattr(self.core, "scan_receipts"):
            self._scan_asked = want
            self.bridge.call(self.core.scan_receipts, want, done=self._scanner_state)

    def _scanner_state(self, on: bool) -> None:
        self.scanning = bool(on) and self.window.current.name == "find"
        self.entry.prompt.setText(self._prompt())

    def _reported(self, tag: str, code: object) -> None:
        """A code at the scanner. One that is no receipt reference at all (a payment code
        held up by mistake) is said at once and costs no try; a refused code still under
        the scanner is not asked about again (it would use up the five tries)."""
        text = str(code)
        if tag != SCAN_TAG or self.window.current.name != "find" or \
                text == self._scan_refused:
            return
        try:
            parse(text)
        except BadReference as exc:
            self._scan_refused = text
            self._refused(self.entry.digits, exc, scanned=True)
            return
        self._look_up(text, scanned=True)

    def submit(self, digits: str) -> None:
        self._look_up(digits, scanned=False)

    def _look_up(self, text: str, *, scanned: bool) -> None:
        typed = self.entry.digits
        self.flow._busy(translate("FindPayment", "Looking for your payment…"))
        def failed(exc: BaseException) -> None:
            if scanned:
                self._scan_refused = text
            self._refused(typed, exc, scanned)
        self.bridge.call(look_up, self.core, text, done=self._show, failed=failed)

    def _refused(self, typed: str, error: BaseException, scanned: bool) -> None:
        """Not found, paused or unavailable: said on the number page, digits kept."""
        log.info("find my payment refused: %s", type(error).__name__)
        if isinstance(error, LookupLocked):
            self._paused_until = self.flow.clock() + error.wait_s
            reason = self._paused_reason = lambda: translate(
                "FindPayment", "Too many wrong numbers. Please wait %1 seconds, then try "
                "again.").replace("%1", str(self._wait_left()))
        elif isinstance(error, BadReference) and scanned:
            reason = lambda: translate(  # noqa: E731
                "FindPayment", "This code is not a receipt from this kiosk.")
        elif isinstance(error, BadReference):
            reason = lambda: translate(  # noqa: E731
                "FindPayment", "No payment with this number at this kiosk. Please check "
                "the number on your receipt.")
        else:
            reason = lambda: explain(error)  # noqa: E731
        self.entry.refuse(typed, reason)
        self.flow.go("find")

    def _wait_left(self) -> int:
        if self._paused_until is None:
            return 0
        return max(0, math.ceil(self._paused_until - self.flow.clock()))

    def _tick(self) -> None:
        """Inactivity's poll: the pause counts down on the page and ends by itself."""
        if self._paused_until is None:
            return
        if self._wait_left() > 0:
            self.entry.redraw()
            return
        self._paused_until = None
        self.entry.withdraw_refusal(self._paused_reason)
        self._paused_reason = None

    # --- the status page ------------------------------------------------------------------
    def _show(self, answer: Answer) -> None:
        self.answer = answer
        self.receipt_qr, self.receipt_note, self.printed = "", None, False
        self.flow.views["find_status"] = self.render
        self.render()
        self.flow.go("find_status")

    def render(self) -> None:
        if self.answer is not None:
            note = self.receipt_note() if self.receipt_note else ""
            self.status.show_view(status_view(self.flow.lang, self.answer, self.receipt_qr, note,
                                              reprint=not self.printed))

    def reprint(self) -> None:
        answer = self.answer
        if answer is None:
            return
        self.flow._busy(translate("PaymentView", "Printing your receipt…"))
        self.bridge.call(self.core.reprint_receipt, answer.found.transaction_id,
                         self.flow.lang, done=self._reprinted, failed=self._reprint_failed)

    def _reprinted(self, reprint: Any) -> None:
        printed = reprint.printed
        if printed is not None and printed.ok:
            self.receipt_qr, self.printed = "", True
            self.receipt_note = lambda: translate("PaymentView", "Please take your receipt.")
        else:
            self.receipt_qr = str(reprint.qr_payload)
            self.receipt_note = lambda: translate(
                "PaymentView", "The printer cannot print now: scan this code to keep your "
                "receipt.")
        self.render()
        self.flow.go("find_status")

    def _reprint_failed(self, error: BaseException) -> None:
        log.warning("reprint failed: %r", error)
        self.receipt_qr = ""
        self.receipt_note = lambda: translate("FindPayment", "The receipt cannot be printed "
                                              "again now.")
        self.render()
        self.flow.go("find_status")


def headline(found: FoundPayment) -> tuple[str, str, str]:
    """(result kind, headline, message): what became of the payment, in plain words."""
    status = found.status
    if status == TxnStatus.COMPLETED:
        if found.service == "topup":
            title = translate("PaymentView", "Top-up successful")
        else:
            title = translate("PaymentView", "Bill paid")
        extra = translate("FindPayment", "Money beyond the amount was kept as a change "
                          "voucher: enter its code at any of our kiosks.")
        return "success", title, extra if found.voucher_code else ""
    if status == TxnStatus.CREDITED:
        return "credited", translate("FindPayment", "Not paid: kept as a change voucher"), \
            translate("FindPayment", "The payment was not made. Your %1 is not lost: it is "
                      "kept as a change voucher. Enter its code at any of our kiosks.")
    if status == TxnStatus.CANCELLED:
        return "failure", translate("PaymentView", "Payment cancelled"), \
            translate("PaymentView", "No money was taken.")
    if status == TxnStatus.REVERSED:
        return "failure", translate("PaymentView", "Payment failed"), \
            translate("FindPayment", "The payment was not made: the card payment was "
                      "reversed, or the wallet payment refunded.")
    if status == TxnStatus.FAILED:
        return "failure", translate("PaymentView", "Payment failed"), \
            translate("PaymentView", "Your payment is recorded; staff will settle it. "
                      "Keep the reference.")
    return "info", translate("FindPayment", "Still being processed"), \
        translate("FindPayment", "This payment has not finished yet; the kiosk completes "
                  "it by itself. Please look again in a few minutes.")


def status_view(lang: str, answer: Answer, qr: str = "",
                receipt_note: str = "", reprint: bool = True) -> ResultView:
    """The status page of a found payment (run again on a language switch); ``reprint``:
    offer to print the receipt again (not once it printed: one extra slip per look-up)."""
    found = answer.found

    def fmt(minor: int) -> str:
        return money(minor, found.currency, lang)

    kind, title, message = headline(found)
    message = message.replace("%1", fmt(found.total))
    if found.service == "topup":
        service = translate("FindPayment", "Mobile top-up")
        account = translate("CustomerFlow", "Mobile number")
    else:
        names = answer.biller_names
        service = (names[0] if lang == "zh_CN" else names[1]) if names else \
            translate("FindPayment", "Bill payment")
        account = translate("CustomerFlow", "Account")
    rows = [(translate("PaymentView", "Reference"), answer.reference),
            (translate("FindPayment", "Service"), service),
            (account, mask_account(found.account, gap=" "))]
    if found.status != TxnStatus.CANCELLED:
        rows.append((translate("CustomerFlow", "Amount"), fmt(found.total)))
    when = local_time(found.completed_at)
    if when:
        rows.append((translate("FindPayment", "Time"), when))
    if found.delivered is not None:
        rows.append((translate("FindPayment", "Server"),
                     translate("FindPayment", "Received") if found.delivered else
                     translate("FindPayment", "Not yet sent")))
    for code, amount in found.late_credits:  # one row each: the amount, then its code
        rows.append((translate("FindPayment", "Late note %1, voucher").replace(
            "%1", fmt(amount)), format_code(code)))
    receipt = found.final and found.status != TxnStatus.CANCELLED
    return ResultView(kind, title, message, rows,
                      voucher_code=format_code(found.voucher_code) if found.voucher_code
                      else "", receipt_note=receipt_note, qr_payload=qr,
                      action=translate("FindPayment", "Reprint receipt")
                      if receipt and reprint else "")
