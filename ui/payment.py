"""Session events on screen: the cash tally, card prompts, "still there?", the outcome.

Why apart from the journey controller: this is the part that must be fast and exact.
Each ``paid`` event repaints the cash screen as soon as the queued signal arrives (the
event is emitted after the ledger commit, so the screen never shows money that is not
recorded), and the end of a session always lands on a result that says where the money
went. Receipts print on the core's worker; a printer that cannot print turns into a QR.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QObject

from kiosk.ledger.states import TxnStatus
from kiosk.rules.limits import acceptable_notes
from kiosk.rules.vouchers import format_code
from ui.screens.card import CardScreen
from ui.screens.cash import CashScreen, CashView
from ui.screens.choice import Choice, ChoiceScreen
from ui.screens.qr import QrScreen, wallet_name
from ui.screens.result import ResultView
from ui.texts import explain, money, short_money

if TYPE_CHECKING:
    from ui.customer import CustomerFlow

translate = QCoreApplication.translate
log = logging.getLogger(__name__)


class PaymentView(QObject):
    def __init__(self, flow: CustomerFlow):
        super().__init__(flow)
        self.flow = flow
        self.window = flow.window
        self.core: Any = flow.core
        self.cash = flow.window.add_screen(CashScreen())
        self.card = flow.window.add_screen(CardScreen())
        # The honest cancel: with cash in, "cancel" or a short "finish" asks this question
        # (the core's ``choose`` event); the session ends only on the customer's answer.
        self.settle = flow.window.add_screen(ChoiceScreen("settle", columns=1))
        self.settle.home_allowed = self.settle.back_allowed = False
        self.settle.chosen.connect(self._settled)
        self.cash.finish_requested.connect(lambda: self.flow.bridge.call(self.core.finish))
        self.cash.cancel_requested.connect(lambda: self.flow.bridge.call(self.core.cancel))
        self.card.cancel_requested.connect(lambda: self.flow.bridge.call(self.core.cancel))
        self.qr = flow.window.add_screen(QrScreen())
        self.qr.mode_chosen.connect(self.pay_qr)
        self.qr.retry_requested.connect(lambda: self.pay_qr(self.qr.mode))
        self.qr.back_requested.connect(self._qr_back)
        self.qr.cancel_requested.connect(lambda: self.flow.bridge.call(self.core.cancel))
        self.status: Callable[[], str] = str  # the last note's fate, in today's language
        self.status_error = False
        self.last_event: Any = None
        self.declined: str | None = None  # the terminal's reason for the last decline
        self.latency = QElapsedTimer()
        self.inactivity_s = float(self.core.config.get("timeouts.inactivity_s"))
        self.cash_since = flow.clock()  # the core's inactivity timer restarts here
        flow.bridge.session_event.connect(self.on_event)
        flow.inactivity.tap_listeners.append(self._tapped)
        flow.inactivity.poll_listeners.append(self.update_countdown)

    def pay(self, method: str) -> None:
        if method == "qr":
            self.show_qr_choice()
            return
        self.declined = None
        self.cash.set_service(self.flow.session.order.service
                              if getattr(self.flow, "session", None) else "")
        verb = self.core.pay_cash if method == "cash" else self.core.pay_card
        self.flow.bridge.call(verb, failed=self.flow.show_error)

    # --- QR (扫码支付) -------------------------------------------------------------------
    def show_qr_choice(self) -> None:
        av = getattr(self.flow, "availability", None)
        session = getattr(self.flow, "session", None)
        due = session.order.due if session is not None else None
        self.qr.show_choice(self.flow.fmt(due or 0), getattr(av, "wallets", ()),
                            bool(getattr(av, "qr_code", False)),
                            explain(getattr(av, "qr_code_reason", None)),
                            bool(getattr(av, "qr", False)), explain(getattr(av, "qr_reason",
                                                                              None)))
        self.window.show_screen("qr")

    def pay_qr(self, mode: str) -> None:
        self.qr.set_page("scan" if mode == "code" else "wait", mode)
        self.flow.bridge.call(self.core.pay_qr, mode, failed=self.flow.show_error)

    def _qr_back(self) -> None:
        if self.qr.page in ("choose", "failed"):  # the session waits in ready: choose again
            self.flow.bridge.call(self.core.availability, done=self.flow._show_confirm)
        else:
            self.flow.bridge.call(self.core.qr_back)

    def _on_qr(self, detail: dict[str, Any]) -> None:
        step = str(detail.get("step", ""))
        if self.window.current.name != "qr" and step not in ("show", "failed"):
            self.window.show_screen("qr")
        if step == "scan":
            self.qr.set_page("scan", "code")
        elif step in ("sent", "waiting", "creating"):
            self.qr.set_page("wait")
        elif step == "confirm_on_phone":
            self.qr.set_page("phone")
        elif step == "show":
            self.qr.show_code(str(detail.get("code_url", "")), float(detail.get("deadline", 0)),
                              self.flow.clock)
            self.window.show_screen("qr")
        elif step == "cancelling":
            self.qr.set_page("cancelling")
        elif step in ("failed", "scan_timeout"):
            self.qr.show_failure(str(detail.get("reason", step)),
                                 bool(detail.get("refunded", False)))
            self.window.show_screen("qr")
        elif step == "back":
            self.flow.bridge.call(self.core.availability, done=self.flow._show_confirm)

    # --- the cash countdown ---------------------------------------------------------------
    def _tapped(self) -> None:
        self.cash_since = self.flow.clock()

    def update_countdown(self) -> None:
        """Seconds to the core's "still there?" in cash: shown, never counted here."""
        if self.window.current.name == "cash":
            left = self.inactivity_s - (self.flow.clock() - self.cash_since)
            self.cash.show_countdown(math.ceil(left))

    # --- events ---------------------------------------------------------------------------
    def on_event(self, ev: Any) -> None:
        """One SessionEvent, on the GUI thread (queued from the worker that caused it)."""
        self.last_event = ev
        kind = ev.kind
        if kind == "still_there":
            self.flow.inactivity.session_prompt()
            return
        if kind in ("state", "paid") and ev.state not in ("still_there", "cash_still_there"):
            self.flow.inactivity.session_resumed()
        if ev.state in ("cash", "escrow"):
            self.cash_since = self.flow.clock()
        if kind == "state":
            self._on_state(ev)
        elif kind == "paid":
            self.status = lambda: translate("PaymentView", "Note accepted")
            self.status_error = False
        elif kind == "note_returned":
            reason = ev.detail.get("reason")
            self.status = lambda: translate("PaymentView", "Note returned: %1").replace(
                "%1", explain(reason))
            self.status_error = True
        elif kind == "note_rejected":
            self.status = lambda: translate("PaymentView", "Note not accepted, please try "
                                            "another")
            self.status_error = True
        elif kind == "card_declined":
            self.declined = str(ev.detail.get("reason") or ev.detail.get("status") or "")
        elif kind == "card_progress":
            self.card.show_prompt(self._card_text(str(ev.detail.get("text", ""))))
        elif kind == "qr":
            self._on_qr(ev.detail)
        elif kind == "choose":
            self._choose(ev)
            return
        elif kind == "error":
            log.warning("session error: %s", ev.detail)
        elif kind == "ended":
            self._ended(ev)
            return
        elif kind == "late_credit":
            self._late_credit(ev)
            return
        if ev.state in ("cash", "cash_still_there", "escrow"):
            self.show_cash(ev)

    def _on_state(self, ev: Any) -> None:
        if ev.state in ("cash", "escrow") and self.window.current.name != "cash":
            self.status, self.status_error = str, False
            self.window.show_screen("cash")
            self.update_countdown()
        elif ev.state == "card":
            self.card.show_amount(self.flow.fmt(ev.due or 0))
            self.window.show_screen("card")
        elif ev.state in ("confirming", "reversing", "card_aborting"):
            self.flow._busy(translate("PaymentView", "Confirming your payment with the bank…"))
        elif ev.state == "ready" and self.window.current.name in ("card", "processing"):
            # Card declined: back to the choice of method, saying so and why.
            why = self.declined
            self.flow.bridge.call(self.core.availability, done=lambda av: self.flow._show_confirm(
                av, lambda: self._declined_text(why)))

    def _declined_text(self, reason: str | None) -> str:
        # The terminal's own words (English, bank codes) go to the log, not the screen.
        log.info("card declined: %s", reason)
        return translate("PaymentView", "Your card was declined. No money was taken. You can "
                         "try again, use another card or pay cash.")

    # --- the honest cancel ----------------------------------------------------------------
    def _choose(self, ev: Any) -> None:
        # Drawn from the event each time, so a language switch on this page redraws it.
        self.flow.views["settle"] = lambda: self._render_settle(ev)
        self._render_settle(ev)
        self.window.show_screen("settle")

    def _render_settle(self, ev: Any) -> None:
        paid = self.flow.fmt(ev.paid)
        texts = {
            "complete_with_paid": (
                translate("PaymentView", "Pay %1 now").replace("%1", paid),
                translate("PaymentView", "Complete the payment with the money inserted")),
            "keep_as_voucher": (
                translate("PaymentView", "Keep %1 as a voucher").replace("%1", paid),
                translate("PaymentView", "Nothing is paid now; use the code at any of our "
                          "kiosks")),
            "continue": (translate("PaymentView", "Continue paying"),
                         translate("PaymentView", "Back to inserting money")),
        }
        options = [str(k) for k in ev.detail.get("options", ()) if k in texts]
        self.settle.set_choices(
            translate("PaymentView", "You have inserted %1").replace("%1", paid),
            translate("PaymentView", "This kiosk does not give cash back. Please choose:"),
            [Choice(k, *texts[k]) for k in options])

    def _settled(self, key: str) -> None:
        if key == "continue":
            self.window.show_screen("cash", replace=True)
            return
        verb = self.core.complete_with_paid if key == "complete_with_paid" \
            else self.core.keep_as_voucher
        self.flow.bridge.call(verb, failed=self.flow.show_error)

    def show_cash(self, ev: Any) -> None:
        self.flow.views["cash"] = lambda: self._render_cash(ev)
        self._render_cash(ev)

    def _render_cash(self, ev: Any) -> None:
        fmt = self.flow.fmt
        validator = self.core.validator
        denoms = validator.denominations() if validator is not None else ()
        cur = self.flow.currency
        session = getattr(self.flow, "session", None)
        overshoot = int(getattr(session, "overshoot", 0) or 0)
        accepted = acceptable_notes(list(denoms), ev.room, overshoot)
        rows = []
        if ev.due is not None:
            rows = [(translate("PaymentView", "Total to pay"), fmt(ev.due)),
                    (translate("PaymentView", "Inserted"), fmt(ev.paid)),
                    (translate("PaymentView", "Remaining"), fmt(max(0, ev.due - ev.paid)))]
        else:
            rows = [(translate("PaymentView", "Inserted"), fmt(ev.paid))]
        self.cash.show_view(CashView(
            inserted=fmt(ev.paid), rows=rows,
            accepted=translate("PaymentView", "Accepted notes: %1").replace(
                "%1", "  ".join(short_money(d, cur, self.flow.lang) for d in accepted)
                if accepted else translate("PaymentView", "none right now")),
            limit=translate("PaymentView", "You can insert up to %1 more").replace(
                "%1", fmt(ev.room)),
            status=self.status() or (self.no_refund_notice() if ev.paid == 0 else ""),
            status_error=self.status_error, can_finish=ev.paid > 0, can_cancel=True))

    def no_refund_notice(self) -> str:
        """Said before the first note (issue 15): no cash back, and how any difference
        is handled for this order (account credit or a change voucher)."""
        session = getattr(self.flow, "session", None)
        order = getattr(session, "order", None)
        text = translate("PaymentView", "This kiosk does not give cash back; any excess is "
                         "credited to your account or kept as a voucher, as you choose.")
        if order is not None and order.service == "bill" and order.due is not None:
            text += "\n" + (translate("PaymentView", "Overpayment is credited to the account.")
                            if order.overpay_ok else
                            translate("PaymentView", "Change is given as a voucher code."))
        return text

    def _card_text(self, text: str) -> str:
        known = {
            "insert card": translate("PaymentView", "Insert, tap or swipe your card"),
            "enter pin": translate("PaymentView", "Enter your PIN on the terminal"),
            "please wait": translate("PaymentView", "Please wait…"),
            "remove card": translate("PaymentView", "Please take your card"),
        }
        lowered = text.lower()
        for key, value in known.items():
            if key in lowered:
                return value
        return text or translate("PaymentView", "Please follow the card terminal")

    # --- the end ----------------------------------------------------------------------------
    def _ended(self, ev: Any) -> None:
        self.flow.inactivity.session_resumed()
        outcome = ev.outcome
        paying = self.window.current.name in ("confirm", "cash", "card", "qr", "processing")
        if outcome is None and str(ev.detail.get("reason", "")).startswith(
                "QR payment outcome not known"):
            self.flow._show_result(lambda: ResultView(
                "failure", translate("PaymentView", "Your QR payment is being checked"),
                translate("PaymentView", "The bank has not answered yet. If money was "
                          "taken, your top-up or bill payment is made, or the money goes "
                          "back to your wallet, automatically. You do not need to wait.")))
            return
        if outcome is None and ev.paid == 0:
            # Ended before any payment was opened (the customer went back or home).
            if paying:
                self.flow._show_result(lambda: ResultView(
                    "failure", translate("PaymentView", "Payment cancelled"),
                    translate("PaymentView", "No money was taken.")))
            return
        if outcome is None:
            self.flow._show_result(lambda: ResultView(
                "failure", translate("PaymentView", "Something went wrong"),
                translate("PaymentView", "Your payment is recorded and will be settled. "
                          "Please keep this screen's reference and call staff.")))
            return
        reason = str(ev.detail.get("reason") or outcome.detail or "")
        if outcome.status == TxnStatus.CANCELLED:
            # Nothing was taken: no receipt (a ¥0.00 "thank you" slip reads as a charge),
            # and a customer who already left for the start page stays there.
            if paying:
                self._show_outcome(outcome, None, reason)
            return
        self.flow._busy(translate("PaymentView", "Printing your receipt…"))
        self.flow.bridge.call(self.core.print_receipt, outcome, self.flow.lang,
                              done=lambda printed: self._show_outcome(outcome, printed, reason),
                              failed=lambda exc: self._show_outcome(outcome, None, reason))

    def _late_credit(self, ev: Any) -> None:
        """A note of the last customer's reached the cassette after their payment ended.

        Shown only where that customer is the one looking (their result page, or the
        idle attract screen right after them) and only when the core says nobody has
        used the kiosk since (``owner_here``): a change voucher is bearer value, so the
        next customer must never see it. Otherwise it waits on the original receipt's
        find-my-payment page and in the back office.
        """
        out = ev.outcome
        if out is None or not ev.detail.get("owner_here") or \
                self.window.current.name not in ("result", "attract"):
            return
        amount = int(ev.detail.get("amount") or out.voucher_amount)
        code = str(out.voucher_code or "")
        qr = self._receipt_qr(out)
        self.flow._show_result(lambda: ResultView(
            "credited", translate("PaymentView", "Your note was counted"),
            translate("PaymentView", "A %1 note reached the cassette after your payment "
                      "ended. It is kept for you as a change voucher: enter this code at "
                      "any of our kiosks.").replace("%1", self.flow.fmt(amount)),
            voucher_code=format_code(code) if code else "",
            receipt_note=translate("PaymentView", "Scan this code to keep your receipt."),
            qr_payload=qr))

    def _show_outcome(self, outcome: Any, printed: Any, reason: str = "") -> None:
        qr = ""
        if outcome.status != TxnStatus.CANCELLED and not (printed is not None and printed.ok):
            qr = self._receipt_qr(outcome)
        self.flow._show_result(lambda: outcome_view(self.flow, outcome, printed, reason, qr))

    def _receipt_qr(self, outcome: Any) -> str:
        try:
            doc = self.core.receipt(outcome, self.flow.lang)
        except Exception:  # a receipt we cannot render must not hide the outcome
            log.exception("receipt rendering failed")
            return outcome.transaction_id
        return str(doc.qr_payload or "\n".join(doc.lines))


def fault_text(reason: str) -> str:
    """Why a payment stopped by itself, in customer words ("" when the customer ended it)."""
    lowered = reason.lower()
    if "jam" in lowered:
        return translate("PaymentView", "A note is stuck in the bill validator, so the payment "
                         "stopped.")
    if lowered.startswith(("device fault", "timeout in escrow", "storage fault")):
        return translate("PaymentView", "The bill validator stopped working, so the payment "
                         "stopped.")
    return ""


def qr_wallet(flow: CustomerFlow, outcome: Any) -> str:
    """The wallet a QR payment came from (the ledger's ``qr_info``), ``wechat`` if unknown."""
    try:
        raw = flow.core.ledger.row(outcome.transaction_id).get("qr_info")
        return str(json.loads(raw).get("wallet") or "wechat") if raw else "wechat"
    except Exception:  # the wallet's name is a nicety: never hide the outcome for it
        return "wechat"


def outcome_view(flow: CustomerFlow, outcome: Any, printed: Any, reason: str,
                 qr: str) -> ResultView:
    """The result page for a finished session: what happened to the money, in words."""
    fmt = flow.fmt
    record = outcome.record
    topup = record.get("service") == "topup"
    # The short reference find my payment takes (and the receipt prints); without a kiosk
    # secret nothing could check one, so the transaction's own short form stays.
    short = getattr(flow.core, "short_reference", None)
    ref = (short(outcome.transaction_id, outcome.seq) if short else "") or \
        f"{outcome.transaction_id[:8].upper()}-{outcome.seq}"
    rows = [(translate("PaymentView", "Reference"), ref)]
    order = getattr(getattr(flow, "session", None), "order", None)
    if order is not None and order.account == record.get("account") and outcome.total:
        rows = flow.order_rows(order)[:1] + rows  # whose number or account was paid
    fault = fault_text(reason)
    gap = "" if flow.lang == "zh_CN" else " "  # Chinese sentences follow without a space
    staff = translate("PaymentView", "Please tell staff; this kiosk is now out of service.")
    status = outcome.status
    message = ""
    if status == TxnStatus.COMPLETED:
        if topup:
            rows.append((translate("PaymentView", "Topped up"), fmt(outcome.gross)))
            headline = translate("PaymentView", "Top-up successful")
        else:
            rows.append((translate("PaymentView", "Paid"), fmt(outcome.gross)))
            headline = translate("PaymentView", "Bill paid")
        if outcome.fee:
            rows.append((translate("PaymentView", "Fee"), fmt(outcome.fee)))
        if record.get("method") == "qr":
            rows.append((translate("PaymentView", "Paid with"),
                         wallet_name(qr_wallet(flow, outcome))))
        for applied in getattr(getattr(flow, "session", None), "applied", []):
            rows.append((translate("PaymentView", "Voucher used"), fmt(applied.amount)))
            if applied.remainder:  # partial redemption: the rest stays on the code
                rows.append((translate("PaymentView", "Left on the voucher"),
                             fmt(applied.remainder)))
        kind = "success"
        if order is not None and order.offline:
            # Offline, the money is a promise until the records are delivered: say so.
            hours = getattr(getattr(flow.core, "allowance", None), "credit_within_h", 24)
            headline = translate("PaymentView", "Payment accepted")
            message = translate("PaymentView", "Network down: credited within %1 h.").replace(
                "%1", str(hours))
        if fault:
            kind, headline = "failure", translate("PaymentView", "Payment stopped")
            message = gap.join((fault, (translate(
                "PaymentView", "The %1 you inserted was topped up.") if topup else translate(
                "PaymentView", "The %1 you inserted was paid.")).replace(
                "%1", money(outcome.total, flow.currency, flow.lang)), staff))
    elif status == TxnStatus.CREDITED:
        rows = rows[-1:]  # the reference; the voucher code below is what matters now
        kind, headline = "credited", translate("PaymentView", "Your money is kept")
        message = translate("PaymentView", "The payment could not be made. Your %1 is not lost: "
                            "it is kept as a change voucher. Enter its code at any of our "
                            "kiosks to use it.").replace("%1", fmt(outcome.voucher_amount))
        if fault:
            message = gap.join((fault, message, staff))
    elif status == TxnStatus.CANCELLED:
        kind, headline = "failure", translate("PaymentView", "Payment cancelled")
        message = translate("PaymentView", "No money was taken.")
        if fault:
            message = gap.join((fault, message, staff))
        rows = []
    elif status == TxnStatus.REVERSED and record.get("method") == "qr":
        kind, headline = "failure", translate("PaymentView", "Payment failed")
        message = translate("PaymentView", "Your QR payment is refunded to your wallet.")
    elif status == TxnStatus.REVERSED:
        kind, headline = "failure", translate("PaymentView", "Payment failed")
        message = translate("PaymentView", "The card payment was reversed: no money was taken "
                            "from your account.")
    else:
        kind, headline = "failure", translate("PaymentView", "Payment failed")
        message = translate("PaymentView", "Your payment is recorded; staff will settle it. "
                            "Keep the reference.")
    code = outcome.voucher_code or ""
    if code and status == TxnStatus.COMPLETED:
        extra = translate("PaymentView", "The extra %1 is kept as a change voucher: enter "
                          "this code at any of our kiosks.").replace(
            "%1", fmt(outcome.voucher_amount))
        message = gap.join(part for part in (message, extra) if part)
    receipt_note = ""
    if status != TxnStatus.CANCELLED:
        receipt_note = (translate("PaymentView", "Please take your receipt.")
                        if printed is not None and printed.ok else
                        translate("PaymentView", "The printer cannot print now: scan this "
                                  "code to keep your receipt."))
    return ResultView(kind, headline, message, rows,
                      voucher_code=format_code(code) if code else "",
                      receipt_note=receipt_note, qr_payload=qr)
