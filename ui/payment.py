"""Session events on screen: the cash tally, card prompts, "still there?", the outcome.

Why apart from the journey controller: this is the part that must be fast and exact.
Each ``paid`` event repaints the cash screen as soon as the queued signal arrives (the
event is emitted after the ledger commit, so the screen never shows money that is not
recorded), and the end of a session always lands on a result that says where the money
went. Receipts print on the core's worker; a printer that cannot print turns into a QR.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QObject

from kiosk.rules.limits import acceptable_notes
from kiosk.rules.vouchers import format_code
from ui.screens.card import CardScreen
from ui.screens.cash import CashScreen, CashView
from ui.screens.result import ResultView
from ui.texts import explain, short_money

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
        self.cash.finish_requested.connect(lambda: self.flow.bridge.call(self.core.finish))
        self.cash.cancel_requested.connect(lambda: self.flow.bridge.call(self.core.cancel))
        self.card.cancel_requested.connect(lambda: self.flow.bridge.call(self.core.cancel))
        self.status = ""
        self.status_error = False
        self.last_event: Any = None
        self.latency = QElapsedTimer()
        flow.bridge.session_event.connect(self.on_event)

    def pay(self, method: str) -> None:
        verb = self.core.pay_cash if method == "cash" else self.core.pay_card
        self.flow.bridge.call(verb, failed=self.flow.show_error)

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
        if kind == "state":
            self._on_state(ev)
        elif kind == "paid":
            self.status, self.status_error = translate("PaymentView", "Note accepted"), False
        elif kind == "note_returned":
            self.status = translate("PaymentView", "Note returned: %1").replace(
                "%1", explain(ev.detail.get("reason")))
            self.status_error = True
        elif kind == "note_rejected":
            self.status = translate("PaymentView", "Note not accepted, please try another")
            self.status_error = True
        elif kind == "card_progress":
            self.card.show_prompt(self._card_text(str(ev.detail.get("text", ""))))
        elif kind == "error":
            log.warning("session error: %s", ev.detail)
        elif kind == "ended":
            self._ended(ev)
            return
        if ev.state in ("cash", "cash_still_there", "escrow"):
            self.show_cash(ev)

    def _on_state(self, ev: Any) -> None:
        if ev.state in ("cash", "escrow") and self.window.current.name != "cash":
            self.status, self.status_error = "", False
            self.window.show_screen("cash")
        elif ev.state == "card":
            self.card.show_amount(self.flow.fmt(ev.due or 0))
            self.window.show_screen("card")
        elif ev.state in ("confirming", "reversing", "card_aborting"):
            self.flow._busy(translate("PaymentView", "Confirming your payment with the bank…"))
        elif ev.state == "ready" and self.window.current.name in ("card", "processing"):
            # Card declined: back to the choice of method, with the reason.
            self.flow.bridge.call(self.core.availability, done=self.flow._show_confirm)

    def show_cash(self, ev: Any) -> None:
        fmt = self.flow.fmt
        validator = self.core.validator
        denoms = validator.denominations() if validator is not None else ()
        cur = self.flow.currency
        accepted = acceptable_notes(list(denoms), ev.room)
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
            status=self.status, status_error=self.status_error,
            can_finish=ev.paid > 0, can_cancel=True))

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
        if outcome is None:
            self.flow._show_result(ResultView(
                "failure", translate("PaymentView", "Something went wrong"),
                translate("PaymentView", "Your payment is recorded and will be settled. "
                          "Please keep this screen's reference and call staff.")))
            return
        self.flow._busy(translate("PaymentView", "Printing your receipt…"))
        self.flow.bridge.call(self.core.print_receipt, outcome,
                              done=lambda printed: self._show_outcome(outcome, printed),
                              failed=lambda exc: self._show_outcome(outcome, None))

    def _show_outcome(self, outcome: Any, printed: Any) -> None:
        fmt = self.flow.fmt
        ref = f"{outcome.transaction_id[:8].upper()}-{outcome.seq}"
        rows = [(translate("PaymentView", "Reference"), ref)]
        status = outcome.status
        if status == "completed":
            rows += [(translate("PaymentView", "Paid"), fmt(outcome.total))]
            view = ResultView("success", translate("PaymentView", "Payment successful"),
                              rows=rows)
        elif status == "credited":
            view = ResultView("credited", translate("PaymentView", "Your money is kept"),
                              translate("PaymentView", "The payment could not be made. Your "
                                        "%1 is kept as a credit: enter this code at any of "
                                        "our kiosks to use it.").replace(
                                  "%1", fmt(outcome.voucher_amount)), rows)
        elif status == "cancelled":
            view = ResultView("failure", translate("PaymentView", "Payment cancelled"),
                              translate("PaymentView", "No money was taken."))
        elif status == "reversed":
            view = ResultView("failure", translate("PaymentView", "Payment failed"),
                              translate("PaymentView", "The card payment was reversed: "
                                        "no money was taken from your account."), rows)
        else:
            view = ResultView("failure", translate("PaymentView", "Payment failed"),
                              translate("PaymentView", "Your payment is recorded; staff will "
                                        "settle it. Keep the reference."), rows)
        code = outcome.voucher_code or ""
        if code and status == "completed":
            view = ResultView(view.outcome, view.headline, translate(
                "PaymentView", "The extra %1 is kept as a credit: enter this code at any of "
                "our kiosks.").replace("%1", fmt(outcome.voucher_amount)), rows)
        receipt_note, qr = "", ""
        if status != "cancelled":
            if printed is not None and printed.ok:
                receipt_note = translate("PaymentView", "Please take your receipt.")
            else:
                receipt_note = translate("PaymentView", "The printer cannot print now: scan "
                                         "this code to keep your receipt.")
                qr = self._receipt_qr(outcome)
        self.flow._show_result(ResultView(view.outcome, view.headline, view.message, view.rows,
                                          voucher_code=format_code(code) if code else "",
                                          receipt_note=receipt_note,
                                          qr_payload=qr))

    def _receipt_qr(self, outcome: Any) -> str:
        try:
            doc = self.core.receipt(outcome)
        except Exception:  # a receipt we cannot render must not hide the outcome
            log.exception("receipt rendering failed")
            return outcome.transaction_id
        return str(doc.qr_payload or "\n".join(doc.lines))
