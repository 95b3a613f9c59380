"""One customer's payment: the state machine that drives validator, terminal and ledger.

Transitions come only from ``kiosk.payment.session_table.TABLE``; this module adds the side
effects. The money rules it enforces:
- cash: the validator is enabled only for notes that keep the total within the cap and,
  for a fixed amount, the amount due; each escrowed note is checked again and written to
  the ledger *before* STACK is answered; only ``Stacked`` credits; observers hear about a
  new total only after the ledger committed it;
- card: the amount is fixed first; an approval is confirmed with the server; a rejected
  or unanswered confirmation is reversed on the terminal and recorded;
- QR (``kiosk.payment.qr_flow``): credited only on the server's confirmed success, one
  transaction per attempt, an unknown outcome asked again, never assumed;
- any end (finish, cancel, timeout, fault) goes through ``Ledger.finalize``: completed with
  what was paid where the service allows, otherwise a voucher. Cash is never returned;
- an honest cancel: "cancel" or "finish" with cash in and the amount not reached never
  ends the session on one tap; it emits a ``choose`` event (complete with what was
  inserted, where the service allows it, or keep it all as a voucher) and the customer's
  explicit ``complete_with_paid`` / ``keep_as_voucher`` ends it;
- vouchers (``kiosk.payment.vouchers``): reserved at the server and held as tender; they
  are spent only if the payment completes, released on any other end.

Threads: validator callbacks arrive on the driver thread, card work runs via
``run_async``, ``tick`` on a timer thread; one ``RLock`` serialises them. Observers are
called after the lock is released, on whichever thread caused the change.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from devices.bill_validator import (
    BillValidator,
    Escrow,
    EscrowDecision,
    RecordFailed,
    Rejected,
    Returned,
    Stacked,
    ValidatorEvent,
    is_fault,
)
from devices.card_terminal import CardTerminal
from kiosk.config import Config
from kiosk.errors import SessionError
from kiosk.ledger.ledger import Ledger, Outcome, TxnSpec
from kiosk.ledger.recovery import bind_report
from kiosk.ledger.states import NoteState, TxnStatus
from kiosk.payment.card_flow import CardFlow
from kiosk.payment.qr_flow import QR_STATES, QrFlow, Scanner
from kiosk.payment.session_table import TABLE, State, next_state
from kiosk.payment.vouchers import Applied, VoucherDesk
from kiosk.remote.qr_client import QrClient
from kiosk.rules.fees import FeeRule, quote_gross
from kiosk.rules.limits import acceptable_notes
from kiosk.rules.money import Money

CASH_STATES = (State.CASH, State.CASH_STILL_THERE, State.ESCROW)
ConfirmFn = Callable[[dict[str, Any], str], None]


@dataclass(frozen=True)
class Order:
    """What the customer asked for, fixed before any money moves."""

    service: str  # "topup" | "bill"
    account: str  # msisdn or biller account
    currency: str
    fee_rule: FeeRule = field(default_factory=FeeRule)
    gross: int | None = None  # None: open amount ("whatever I insert")
    biller: str | None = None
    partial_ok: bool = False  # may complete with less than due (top-up)
    overpay_ok: bool = False  # biller takes more than due as account credit
    offline: bool = False
    label: str = ""  # operator / biller name, for screens

    @property
    def due(self) -> int | None:
        """Total to pay (gross + fee) or ``None`` for an open amount."""
        if self.gross is None:
            return None
        return quote_gross(self.fee_rule, Money(self.gross, self.currency)).total.minor


@dataclass(frozen=True)
class SessionEvent:
    """What observers get: ``kind`` is state, paid, note_returned, note_rejected,
    still_there, card_progress, choose (detail ``options``, ``why``), error or ended."""

    kind: str
    state: str
    paid: int
    due: int | None
    room: int
    detail: dict[str, Any] = field(default_factory=dict)
    outcome: Outcome | None = None


Observer = Callable[[SessionEvent], None]


def run_in_thread(fn: Callable[[], None]) -> None:
    threading.Thread(target=fn, name="card-payment", daemon=True).start()


class PaymentSession:
    def __init__(self, order: Order, *, ledger: Ledger, config: Config, cap: int,
                 clock: Callable[[], float] = time.monotonic,
                 validator: BillValidator | None = None, terminal: CardTerminal | None = None,
                 confirm: ConfirmFn | None = None,
                 run_async: Callable[[Callable[[], None]], None] = run_in_thread,
                 observers: Iterable[Observer] = (), qr: QrClient | None = None,
                 scanner: Scanner | None = None,
                 on_qr_unresolved: Callable[[str], None] | None = None,
                 vouchers: VoucherDesk | None = None) -> None:
        self.order = order
        self.vouchers = vouchers
        self.applied: list[Applied] = []  # vouchers held as tender, in order
        self.ledger = ledger
        self.config = config
        self.cap = cap  # most this transaction may take (limits, offline room)
        self.clock = clock
        self.validator = validator
        self.observers = list(observers)
        self.state = State.READY
        self.txn_id: str | None = None
        self.outcome: Outcome | None = None
        self.ended = threading.Event()
        self.cash = self.voucher_in = self.card = self.qr = 0
        self._entered = clock()
        self._lock = threading.RLock()
        self._pending: list[SessionEvent] = []
        self._forced: TxnStatus | None = None
        self.final_at: float | None = None  # card: the confirmed record's completed_at
        #: The note told to STACK whose report has not come yet (amount), or None. If the
        #: session ends with one, the kiosk holds cash until the note's outcome is known.
        self.in_transport: int | None = None
        self.card_flow = CardFlow(self, terminal, confirm, run_async)
        self.qr_flow = QrFlow(self, qr, scanner, run_async, on_unresolved=on_qr_unresolved)

    # -- reading --------------------------------------------------------------------
    @property
    def paid(self) -> int:
        return self.cash + self.voucher_in + self.card + self.qr

    @property
    def room(self) -> int:
        """What more may be taken: the cap, and for a fixed amount the amount due."""
        limit = self.cap
        due = self.order.due
        if due is not None and not self.order.overpay_ok:
            limit = min(limit, due)
        return max(0, limit - self.paid)

    def _reached(self) -> bool:
        due = self.order.due
        if due is not None and not self.order.overpay_ok:
            return self.paid >= due
        return self.room == 0

    # -- machinery ------------------------------------------------------------------
    def _event(self, kind: str, **detail: Any) -> None:
        self._pending.append(SessionEvent(kind, self.state.value, self.paid, self.order.due,
                                          self.room, detail, self.outcome))

    def _emit(self) -> None:
        with self._lock:
            events, self._pending = self._pending, []
        for ev in events:
            for fn in list(self.observers):
                fn(ev)

    def fire(self, event: str, reason: str = "") -> bool:
        """Apply one table transition (caller holds the lock); False if not allowed."""
        old = self.state
        new = next_state(old, event)
        if new is None:
            return False
        self.state, self._entered = new, self.clock()
        if new is State.ENDED:
            if event in ("cancel", "timeout") and self.applied and self.txn_id is not None:
                self.ledger.release_vouchers(self.txn_id)  # never spent by a cancel
                self.voucher_in = 0
            self._finalize(reason or event)
            return True
        if new is not old:
            self._event("state", event=event)
            if new in (State.STILL_THERE, State.CASH_STILL_THERE):
                self._event("still_there")
        self._sync_validator()
        self.qr_flow.sync_scanner()
        return True

    @property
    def overshoot(self) -> int:
        """How far one last note may go past the amount due (a biller that takes no
        overpayment: the difference becomes a change voucher), so that a bill like ¥46.60
        can be paid with notes; 0 when no such note is needed."""
        due = self.order.due
        if due is None or self.order.overpay_ok or self.paid >= due:
            return 0
        return max(0, self.cap - self.paid)

    def note_ok(self, amount: int) -> bool:
        """Whether a note of ``amount`` may be stacked now (room, or the one overshoot)."""
        if 0 < amount <= self.room:
            return True
        denoms = self.validator.denominations() if self.validator is not None else ()
        return amount in acceptable_notes(list(denoms), self.room, self.overshoot)

    def choices(self) -> list[str]:
        """What the customer may choose with money in and the amount not reached."""
        out = ["keep_as_voucher"]
        if self.order.due is None or self.order.partial_ok:
            out.insert(0, "complete_with_paid")
        return [*out, "continue"]

    def _sync_validator(self) -> None:
        if self.validator is None:
            return
        notes = acceptable_notes(self.validator.denominations(), self.room, self.overshoot)
        if self.state is State.CASH and notes:
            self.validator.enable(notes)
        elif self.state is not State.ESCROW:
            self.validator.disable()

    def _finalize(self, reason: str) -> None:
        if self.validator is not None:
            self.validator.disable()
        self.qr_flow.sync_scanner()
        try:
            if self.txn_id is not None and not self.qr_flow.unresolved:
                self.outcome = self.ledger.finalize(self.txn_id, reason, status=self._forced,
                                                    at=self.final_at)
        except Exception as exc:  # storage fault: recovery finishes it after restart
            self._event("error", reason=f"could not finalize: {exc}")
        self._event("ended", reason=reason)
        self.ended.set()

    def ensure_txn(self, method: str) -> str:
        if self.txn_id is None:
            o = self.order
            self.txn_id, _ = self.ledger.open(TxnSpec(
                o.service, o.account, o.currency, o.fee_rule, o.biller, o.due, o.partial_ok,
                o.overpay_ok, o.offline, method))
        return self.txn_id

    def _do(self, fn: Callable[[], Any]) -> Any:
        try:
            with self._lock:
                return fn()
        finally:
            self._emit()

    # -- customer actions -----------------------------------------------------------
    def pay_cash(self) -> None:
        def go() -> None:
            if self.validator is None or self.room <= 0:
                raise SessionError("cash is not available for this payment")
            if next_state(self.state, "pay_cash") is None:
                raise SessionError(f"cannot start cash in state {self.state.value}")
            self.ensure_txn("cash")
            self.fire("pay_cash")
        self._do(go)

    def pay_card(self) -> None:
        self._do(self.card_flow.start)

    def pay_qr(self, mode: str) -> None:
        """``code``: the customer shows a payment code; ``show``: a code on screen."""
        self._do(lambda: self.qr_flow.start(mode))

    def qr_back(self) -> None:
        self._do(self.qr_flow.back)

    def on_scanned(self, code: str) -> None:
        self.qr_flow.on_code(code)

    def redeem_voucher(self, code: str) -> int:
        """Apply a voucher (online reservation or the offline rule); returns the amount
        taken from it now (the rest stays on the code: ``applied[-1].remainder``)."""
        def go() -> int:
            if next_state(self.state, "voucher") is None:
                raise SessionError("vouchers are taken before choosing how to pay")
            if self.vouchers is None:
                raise SessionError("vouchers are not available")
            due = self.order.due
            want = (due if due is not None else int(self.config.get("limits.max_transaction"))
                    ) - self.paid
            applied = self.vouchers.apply(self.ensure_txn("voucher"), code, want)
            self.applied.append(applied)
            self.voucher_in += applied.amount
            self.fire("voucher")
            self._event("paid", source="voucher", amount=applied.amount,
                        remainder=applied.remainder, code=applied.code,
                        channel=applied.channel)
            if due is not None and self.paid >= due:
                self.fire("finish", "voucher covers the amount")
            return applied.amount
        return int(self._do(go))

    def _short(self) -> bool:
        """Cash is in and the amount due is not reached: ending needs a choice."""
        due = self.order.due
        return self.cash > 0 and due is not None and self.paid < due

    def finish(self) -> str:
        """"完成并支付": ends the session, or (short of the amount, cash in) asks the
        customer to choose; returns ``"ended"`` or ``"choose"``."""
        def go() -> str:
            if self._short() and self.state is not State.ENDED:
                self._event("choose", why="short", options=self.choices())
                return "choose"
            self.fire("finish", "customer finished")
            return "ended"
        return str(self._do(go))

    def cancel(self) -> str:
        """"取消": before any cash ends the session (vouchers released, nothing taken);
        with cash in it never completes anything by itself: it asks the customer to
        choose. Returns ``"ended"``, ``"choose"`` or (QR, ending once the server has
        answered) ``"pending"``."""
        def go() -> str:
            if self.state is State.CARD:
                self.card_flow.abort()
            elif self.state in QR_STATES and self.qr_flow.cancel():
                return "pending"  # the QR flow ends it once the server has answered
            elif self.cash > 0 and self.state is not State.ENDED:
                self._event("choose", why="cancel", options=self.choices())
                return "choose"
            self.fire("cancel", "customer cancelled")
            return "ended"
        return str(self._do(go))

    def complete_with_paid(self) -> None:
        """The customer's explicit choice: complete with what was inserted."""
        def go() -> None:
            if "complete_with_paid" not in self.choices():
                raise SessionError("this payment cannot be completed with less than due")
            if not self.fire("finish", "customer chose to complete with what was inserted"):
                raise SessionError(f"cannot finish in state {self.state.value}")
        self._do(go)

    def keep_as_voucher(self) -> None:
        """The customer's explicit choice: nothing is paid, the cash becomes a voucher."""
        def go() -> None:
            if next_state(self.state, "cancel") is not State.ENDED:
                raise SessionError("a note is being stacked, please wait")
            self._forced = TxnStatus.CREDITED
            self.fire("cancel", "customer kept the money as a voucher")
        self._do(go)

    def more_time(self) -> None:
        self._do(lambda: self.fire("more_time"))

    def touch(self) -> None:
        self._do(lambda: self.fire("touch"))

    def tick(self) -> None:
        """Fire the current state's timeout if it has expired (call every ~0.5 s)."""
        def go() -> None:
            if self.state in QR_STATES:
                self.qr_flow.tick()
            limit = TABLE[self.state].timeout_s(self.config)
            if limit is None or self.clock() - self._entered < limit:
                return
            if self.state in (State.CARD, State.CONFIRMING):
                self.card_flow.on_timeout()
            elif self.state in QR_STATES:
                self.qr_flow.on_timeout()
            else:
                self.fire("timeout", f"timeout in {self.state.value}")
        self._do(go)

    # -- validator (driver thread) ----------------------------------------------------
    def decide_escrow(self, ev: Escrow) -> EscrowDecision:
        def go() -> EscrowDecision:
            ok_state = self.state in (State.CASH, State.CASH_STILL_THERE)
            if not ok_state or ev.currency != self.order.currency or not self.note_ok(ev.amount):
                self.fire("escrow_return")
                self._event("note_returned", amount=ev.amount,
                            reason="over the amount or limit" if ok_state else "not paying cash")
                return EscrowDecision.RETURN
            try:
                note_id = self.ledger.record_escrow(self.ensure_txn("cash"), ev.amount)
                self.ledger.record_stack(note_id)  # told to stack: recovery must know
            except Exception as exc:  # not recorded -> never stacked
                self._event("error", reason=f"could not record note: {exc}")
                self.fire("fault", "storage fault")
                return EscrowDecision.RETURN
            self.in_transport = ev.amount
            self.fire("escrow_stack")
            return EscrowDecision.STACK
        return EscrowDecision(self._do(go))

    def on_validator_event(self, ev: ValidatorEvent) -> None:
        def go() -> None:
            if isinstance(ev, Stacked):
                self._stacked(ev.amount)
            elif isinstance(ev, Returned):
                if self.state is not State.ENDED:
                    self.in_transport = None
                if self.txn_id is not None:
                    self.ledger.record_note(self.txn_id, ev.amount, NoteState.RETURNED)
                if self.fire("returned"):
                    self._event("note_returned", amount=ev.amount, reason="returned by device")
            elif isinstance(ev, Rejected):
                self._event("note_rejected", reason=ev.reason)
            elif is_fault(ev) or isinstance(ev, RecordFailed):
                self.fire("fault", f"device fault: {ev.event}")
        self._do(go)

    def _stacked(self, amount: int) -> None:
        if self.state is State.ENDED or self.txn_id is None:
            # Late note (after the end) or no transaction: bound to the note the kiosk
            # told to stack (this session's row if it was ours), never to this session's
            # total; a repeat of a recorded report is not credited again.
            b = bind_report(self.ledger, amount, NoteState.STACKED, live_txn=None,
                            currency=self.order.currency, where="session ended")
            if b.outcome is not None:
                self._event("late_credit", amount=amount, origin=b.origin, binding=b.kind,
                            transaction_id=b.outcome.transaction_id,
                            voucher_code=b.outcome.voucher_code)
            return
        self.ledger.record_note(self.txn_id, amount, NoteState.STACKED)
        self.in_transport = None
        self.cash += amount
        self.fire("stacked")
        self._event("paid", source="cash", amount=amount)
        if self.state in (State.CASH, State.CASH_STILL_THERE) and self._reached():
            self.fire("amount_reached", "amount reached")
