"""The card half of a payment session: pay, confirm with the server, reverse if needed.

Why separate from ``kiosk.payment.session``: card work blocks (the terminal waits for the
customer, the server for the network), so it runs on a worker thread and re-enters the
session only through its lock and its table transitions. An approval the server does not
confirm is reversed on the terminal and recorded (status ``reversed``, or ``failed`` when
the reversal itself fails, for the back office to settle by hand).

The confirmation may reach the server even when its reply is lost, so the attempt is
recorded before it is sent, and a later reversal is reported as a separate
``transaction_reversal`` record instead of a changed ``transaction`` record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from devices.card_terminal import CardResult, CardTerminal
from kiosk.errors import ServerRejected, SessionError
from kiosk.ledger.states import TxnStatus
from kiosk.payment.session_table import State, next_state

if TYPE_CHECKING:
    from kiosk.payment.session import ConfirmFn, PaymentSession


class CardFlow:
    def __init__(self, session: PaymentSession, terminal: CardTerminal | None,
                 confirm: ConfirmFn | None, run_async: Callable[[Callable[[], None]], None]
                 ) -> None:
        self.s = session
        self.terminal = terminal
        self.confirm = confirm
        self.run_async = run_async
        self.result: CardResult | None = None

    @property
    def available(self) -> bool:
        return self.terminal is not None and self.confirm is not None

    def start(self) -> None:
        """Called with the session lock held; raises ``SessionError`` when not allowed."""
        s = self.s
        if not self.available:
            raise SessionError("card payment is not available (offline or no terminal)")
        if s.order.due is None:
            raise SessionError("choose an amount before paying by card")
        if s.paid:
            raise SessionError("card cannot be combined with cash or vouchers")
        if next_state(s.state, "pay_card") is None:
            raise SessionError(f"cannot start card payment in state {s.state.value}")
        txn = s.ensure_txn("card")
        s.ledger.set_status(txn, TxnStatus.CARD_PENDING, method="card")
        s.fire("pay_card")
        self.run_async(self._pay)

    def abort(self) -> None:
        if self.terminal is not None:
            self.terminal.abort()

    def on_timeout(self) -> None:
        """The state's timeout (lock held): abort a running payment or stop waiting."""
        if self.s.state is State.CARD:
            self.s.fire("timeout")
            self.abort()
        elif self.s.state is State.CONFIRMING and self.s.fire("timeout"):
            self._mark_reversing("server confirmation timed out")
            self.run_async(self._reverse)

    # -- worker thread ----------------------------------------------------------------
    def _progress(self, text: str) -> None:
        self.s._do(lambda: self.s._event("card_progress", text=text))

    def _pay(self) -> None:
        s = self.s
        assert self.terminal is not None and s.txn_id is not None and s.order.due is not None
        result = self.terminal.pay(s.order.due, s.order.currency, s.txn_id, self._progress)
        self.result = result
        s._do(lambda: self._on_result(result))
        if s.state is State.CONFIRMING:
            self._confirm()

    def _on_result(self, r: CardResult) -> None:
        s = self.s
        assert s.txn_id is not None and s.order.due is not None
        if r.approved:
            if s.state is State.ENDED:  # approved after we gave up: undo it at once
                s._event("error", reason="late card approval; reversing")
                self.run_async(self._reverse_late)
                return
            info = {"masked_pan": r.masked_pan, "auth_code": r.auth_code,
                    "receipt_no": r.receipt_no, "brand": r.card_brand}
            s.ledger.set_status(s.txn_id, TxnStatus.CARD_APPROVED, f"auth {r.auth_code}",
                                card=s.order.due, card_info=info)
            s.card = s.order.due
            s.fire("card_approved")
        elif r.status == "unknown":
            s._forced = TxnStatus.FAILED
            s.fire("card_unknown", "card result unknown")
        else:
            if s.state is not State.ENDED:
                s.ledger.set_status(s.txn_id, TxnStatus.CARD_DECLINED, f"{r.status}: {r.reason}")
            s._event("card_declined", status=r.status, reason=r.reason)
            s.fire("card_declined", f"card {r.status}")

    def _confirm(self) -> None:
        s = self.s
        assert s.txn_id is not None and self.confirm is not None
        at = s.ledger.now()
        record = s.ledger.finalize(s.txn_id, "card confirmed", at=at, dry_run=True).record
        refused = s._do(lambda: self._attempt(record))
        event, detail = ("unreachable", refused) if refused else self._send(record)

        def apply() -> bool:
            """True if this call moved the session to reversing (then it reverses)."""
            if event == "confirmed":
                if s.state is State.CONFIRMING:
                    s.final_at = at
                s.fire("confirmed", "card confirmed")
                return False
            if s.fire(event, detail):
                self._mark_reversing(detail)
                return True
            return False  # the timeout got there first and reverses on its own
        if s._do(apply):
            self._reverse()

    def _attempt(self, record: dict[str, Any]) -> str | None:
        """Durably note the attempt (lock held) before anything leaves the kiosk.

        Why: once the server may have the ``completed`` record, every later outcome must
        be sent without changing it (see ``Ledger.record_confirm_attempt``). Returns why
        the confirmation must not be sent, or ``None``.
        """
        s = self.s
        if s.state is not State.CONFIRMING or s.txn_id is None:
            return "confirmation not sent: no longer confirming"
        try:
            s.ledger.record_confirm_attempt(s.txn_id, record)
        except Exception as exc:  # not recorded -> not sent -> reversed like unreachable
            return f"confirmation not sent: {exc}"
        return None

    def _send(self, record: dict[str, Any]) -> tuple[str, str]:
        assert self.confirm is not None
        try:
            self.confirm(record, str(record["completed_at"]))
        except ServerRejected as exc:
            return "rejected", f"server rejected: {exc}"
        except Exception as exc:  # unreachable, malformed: not confirmed -> reverse
            return "unreachable", f"server not reached: {exc}"
        return "confirmed", ""

    def _mark_reversing(self, detail: str) -> None:
        if self.s.txn_id is not None:
            self.s.ledger.set_status(self.s.txn_id, TxnStatus.REVERSING, detail)

    def _reverse(self) -> None:
        s = self.s
        ok, detail = self._do_reverse()

        def apply() -> None:
            if s.state is not State.REVERSING:
                return
            s._forced = TxnStatus.REVERSED if ok else TxnStatus.FAILED
            s.card = 0
            s.fire("reversed" if ok else "reverse_failed", detail)
        s._do(apply)

    def _do_reverse(self) -> tuple[bool, str]:
        r = self.result
        if self.terminal is None or r is None or r.receipt_no is None:
            return False, "reversal impossible: no receipt number"
        try:
            rev = self.terminal.reverse(r.receipt_no)
        except Exception as exc:  # a driver must not raise, but money code must not die
            return False, f"reversal error: {exc}"
        if rev.approved:
            return True, f"card payment reversed (receipt {r.receipt_no})"
        return False, f"reversal {rev.status}: {rev.reason}"

    def _reverse_late(self) -> None:
        ok, detail = self._do_reverse()
        self.s._do(lambda: self.s._event("error", reason=detail, reversed=ok))


