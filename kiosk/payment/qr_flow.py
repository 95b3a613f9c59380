"""The QR half of a payment session: the customer's payment code (付款码) at the scanner,
or a dynamic QR code on screen that the customer pays with the phone.

Money rules (issue 18):
- QR is online only and never combined with cash or vouchers; the amount is fixed first.
- Credit only on the server's confirmed success: the ``qr`` amount is written to the
  ledger only from a server reply in state ``paid``; anything else (no reply, 5xx, a
  state still open) is asked again, never assumed.
- One kiosk transaction per attempt. Its id is the server's idempotency key and the
  provider's merchant order number, so every retry of one attempt (a lost reply: the
  same charge, order or cancel sent again) continues that order and never charges twice;
  a new attempt after a decline or an expired code is a new transaction (the provider
  refuses to reuse a closed or reversed order number). A failed attempt is finalized on
  its own (nothing paid: ``cancelled``; refunded to the wallet: ``reversed``).
- The attempt is written (``qr_pending``) before the request leaves the kiosk, so a crash
  leaves a row that ``resolve_open`` settles with the server after start-up.
- The scanned code is forwarded and kept only until the server has answered that charge
  (to resend it after a lost reply); it is never logged, journaled or stored.

Threads: the scanner driver calls ``on_code``; requests run via ``run_async``; ``tick``
(timer thread) polls the server and runs the countdown. All state changes happen under
the session lock through the table (``kiosk.payment.session_table``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.errors import MalformedReply, ServerRejected, ServerUnavailable, SessionError
from kiosk.ledger.ledger import Ledger, Outcome
from kiosk.ledger.recovery import QR_UNRESOLVED
from kiosk.ledger.states import TxnStatus
from kiosk.payment.session_table import State, next_state
from kiosk.remote.qr_client import QrClient, QrStatus

if TYPE_CHECKING:
    from kiosk.payment.session import PaymentSession

log = logging.getLogger(__name__)

QR_STATES = (State.QR_SCAN, State.QR_WAIT, State.QR_SHOW, State.QR_CANCEL)
POLL_S = 2.0  # how often an open payment is asked about (the server queries every 3 s)
ORDER_RETRY_S = 10.0  # a dynamic code the server did not hand out in time: give up
COUNTDOWN_MARGIN_S = 1.0  # the server's ``expires_in`` is rounded down
REFUNDED = ("refunded", "refund_pending")


class Scanner(Protocol):
    def enable(self) -> None: ...

    def disable(self) -> None: ...


def order_no(transaction_id: str) -> str:
    """The provider's merchant order number (商户单号) for a kiosk transaction id."""
    return transaction_id.replace("-", "").lower()


def forced_status(state: str) -> TxnStatus | None:
    """How an attempt that ended unpaid is finalized: ``None`` = nothing paid."""
    if state in REFUNDED:
        return TxnStatus.REVERSED  # paid, then refunded to the wallet: nothing sold
    if state == "refund_failed":
        return TxnStatus.FAILED  # the operator holds the money: the back office settles it
    return None


def qr_info(status: QrStatus, mode: str) -> dict[str, Any]:
    """What the receipt may show: the wallet and the merchant order number, no payer data."""
    return {"wallet": status.wallet, "mode": mode, "order_no": order_no(status.transaction_id)}


class QrFlow:
    def __init__(self, session: PaymentSession, qr: QrClient | None, scanner: Scanner | None,
                 run_async: Callable[[Callable[[], None]], None], *,
                 on_unresolved: Callable[[str], None] | None = None,
                 poll_s: float = POLL_S) -> None:
        self.s = session
        self.qr = qr
        self.scanner = scanner
        self.run_async = run_async
        self.on_unresolved = on_unresolved
        self.poll_s = poll_s
        self.mode = ""  # "code" | "show"
        self.status: QrStatus | None = None
        self.code_url = ""
        self.deadline: float | None = None  # dynamic code: expiry on the session clock
        self.unresolved = False  # the session ended before the server's final word
        self.attempts: list[str] = []  # transaction ids of this session's attempts
        self._code: str | None = None
        self._busy = False
        self._started = 0.0
        self._last_request = 0.0
        self._after_cancel = "ended"  # "ended" (customer cancelled) or "ready" (timeout)
        self._cancel_reason = ""
        self._scanner_on = False

    @property
    def available(self) -> bool:
        return self.qr is not None

    # -- session side (lock held) -----------------------------------------------------
    def start(self, mode: str) -> None:
        s = self.s
        if self.qr is None:
            raise SessionError("QR payment is not available (offline)")
        if mode == "code" and self.scanner is None:
            raise SessionError("QR scanner not available")
        if mode not in ("code", "show"):
            raise SessionError(f"unknown QR mode {mode!r}")
        if s.order.due is None:
            raise SessionError("choose an amount before paying by QR")
        if s.paid:
            raise SessionError("QR cannot be combined with cash or vouchers")
        event = "pay_qr_code" if mode == "code" else "pay_qr_show"
        if next_state(s.state, event) is None:
            raise SessionError(f"cannot start QR payment in state {s.state.value}")
        self.mode, self.status, self.code_url, self.deadline = mode, None, "", None
        self._code, self._after_cancel, self._cancel_reason = None, "ended", ""
        self._started = self._last_request = s.clock()
        if mode == "show":
            self._open_attempt()
        s.fire(event)
        if mode == "code":
            s._event("qr", step="scan")
        else:
            s._event("qr", step="creating")
            self._request()

    def back(self) -> None:
        """The customer wants another way to pay: stop what is open, back to choosing."""
        s = self.s
        if s.state is State.QR_SCAN:
            s.fire("qr_back", "customer chose another way to pay")
            s._event("qr", step="back")
        elif s.state in (State.QR_WAIT, State.QR_SHOW):
            self._stop("qr_back", "customer chose another way to pay", "ready")

    def scanner_lost(self) -> None:
        """The scanner went away while waiting for a code: back to choosing, say why."""
        if self.s.state is State.QR_SCAN:
            self._scanner_on = False
            self.s.fire("qr_back", "scanner fault")
            self.s._event("qr", step="failed", state="failed", reason="scanner")

    def cancel(self) -> bool:
        """Customer cancel in a QR state; False when the plain table ``cancel`` applies."""
        s = self.s
        if s.state in (State.QR_WAIT, State.QR_SHOW):
            self._stop("cancel", "customer cancelled", "ended")
            return True
        return s.state is State.QR_CANCEL  # already stopping: nothing more to do

    def tick(self) -> None:
        """Every tick in a QR state: the countdown, and the next poll when it is due."""
        s = self.s
        now = s.clock()
        if s.state is State.QR_SHOW and self.deadline is not None and now >= self.deadline:
            self._stop("timeout", "expired", "ready")
            return
        if s.state is State.QR_SHOW and not self.code_url and \
                now - self._started >= ORDER_RETRY_S and not self._busy:
            self._attempt_failed("network", "the QR code could not be created")
            return
        if s.state in (State.QR_WAIT, State.QR_SHOW, State.QR_CANCEL) and not self._busy \
                and now - self._last_request >= self.poll_s:
            self._request()

    def on_timeout(self) -> None:
        """The state's own timeout from the table (lock held)."""
        s = self.s
        if s.state is State.QR_SCAN:
            s.fire("timeout", "no payment code shown")
            s._event("qr", step="scan_timeout")
        elif s.state is State.QR_WAIT:
            self._stop("timeout", "timeout", "ready")
        elif s.state is State.QR_SHOW:
            self._stop("timeout", "expired", "ready")
        elif s.state is State.QR_CANCEL:
            # No final word from the server: leave the transaction open (never assume an
            # outcome); the core asks the server again in the background.
            self.unresolved = True
            if s.txn_id is not None and self.on_unresolved is not None:
                self.on_unresolved(s.txn_id)
            s.fire("timeout", "QR payment outcome not known yet")

    def sync_scanner(self) -> None:
        """Scanner on exactly while the session waits for a payment code."""
        want = self.s.state is State.QR_SCAN
        if self.scanner is None or want == self._scanner_on:
            return
        self._scanner_on = want
        try:
            self.scanner.enable() if want else self.scanner.disable()
        except Exception:  # a driver must not raise; the money path must not die
            log.exception("scanner %s failed", "enable" if want else "disable")

    # -- the scanner (driver thread) ------------------------------------------------------
    def on_code(self, code: str) -> None:
        def go() -> None:
            s = self.s
            if s.state is not State.QR_SCAN:
                return  # not asked for (the driver gates too): dropped, never charged
            try:
                self._open_attempt()
            except Exception as exc:  # not recorded -> not sent
                s._event("error", reason=f"could not record QR attempt: {exc}")
                s.fire("qr_back", "storage fault")
                s._event("qr", step="failed", state="failed", reason="storage")
                return
            self._code = code
            s.fire("qr_code")
            s._event("qr", step="sent")
            self._request()
        self.s._do(go)

    # -- requests ---------------------------------------------------------------------------
    def _open_attempt(self) -> str:
        s = self.s
        txn = s.ensure_txn("qr")
        s.ledger.set_status(txn, TxnStatus.QR_PENDING, f"QR {self.mode} payment", method="qr")
        if txn not in self.attempts:
            self.attempts.append(txn)
        return txn

    def _request(self) -> None:
        """Start the one request the state calls for (lock held)."""
        if self._busy or self.qr is None or self.s.txn_id is None:
            return
        self._busy = True
        self._last_request = self.s.clock()
        self.run_async(self._send)

    def _send(self) -> None:
        s, qr = self.s, self.qr
        assert qr is not None
        with s._lock:
            tid, state, code, url = s.txn_id, s.state, self._code, self.code_url
            reason = self._cancel_reason
        due = s.order.due or 0
        try:
            if tid is None:
                raise SessionError("no transaction")
            if state is State.QR_CANCEL:
                status = qr.cancel(tid, reason[:100] or "cancelled")
            elif state is State.QR_WAIT and code is not None:
                status = qr.charge(tid, due, code, self._description())
            elif state is State.QR_SHOW and not url:
                status = qr.order(tid, due, self._description())
            else:
                status = qr.status(tid)
        except ServerRejected as exc:
            rejected = exc
            s._do(lambda: self._rejected(tid, state, rejected))
        except (ServerUnavailable, MalformedReply, SessionError) as exc:
            failure = exc
            s._do(lambda: self._unanswered(tid, failure))
        except Exception as exc:  # a bug must not leave the payment without an answer
            log.exception("QR request failed")
            failure2 = exc
            s._do(lambda: self._unanswered(tid, failure2))
        else:
            s._do(lambda: self._apply(tid, status))

    def _description(self) -> str:
        o = self.s.order
        what = "话费充值" if o.service == "topup" else "生活缴费"
        return f"{what} {o.label}".strip()[:127]

    def _current(self, tid: str | None) -> bool:
        self._busy = False
        return tid is not None and tid == self.s.txn_id and self.s.state in QR_STATES

    def _rejected(self, tid: str | None, state: State, exc: ServerRejected) -> None:
        """The server refused the request: it charged nothing for this attempt."""
        if not self._current(tid):
            return
        self._code = None
        reason = str(exc)
        if exc.status == 404:
            reason = "not_charged"  # the server has no payment: the charge never arrived
        if self.s.state is State.QR_CANCEL:
            self._ended_unpaid(None, f"QR payment stopped: {reason}", reason)
        else:
            self._attempt_failed(reason, f"QR payment refused: {reason}")

    def _unanswered(self, tid: str | None, exc: Exception) -> None:
        """No answer: the outcome is unknown, so the next tick asks again (same request)."""
        if not self._current(tid):
            return
        log.info("QR request unanswered: %s", exc)
        self.s._event("qr", step="no_answer")

    def _apply(self, tid: str | None, status: QrStatus) -> None:
        if not self._current(tid):
            return
        s = self.s
        self._code = None  # the server has the charge: a retry is a status query
        self.status = status
        if status.paid:
            if status.amount != s.order.due:
                log.error("QR payment %s paid %s, due %s: refunding", tid, status.amount,
                          s.order.due)
                self._stop("timeout", "amount_mismatch", "ended")
                return
            assert tid is not None
            s.ledger.set_status(tid, TxnStatus.QR_PAID, f"QR paid ({status.wallet})",
                                qr=status.amount, qr_info=qr_info(status, self.mode))
            s.qr = status.amount
            s.fire("qr_paid", "QR payment confirmed by the server")
            return
        if status.final:
            reason = status.reason or status.state
            forced = forced_status(status.state)
            if s.state is State.QR_CANCEL and self._after_cancel == "ended":
                self._ended_unpaid(forced, f"QR payment {status.state}: {reason}", reason)
            else:
                self._attempt_failed(reason, f"QR payment {status.state}: {reason}", forced,
                                     status.state)
            return
        if s.state is State.QR_SHOW and status.code_url and not self.code_url:
            self.code_url = status.code_url
            self.deadline = s.clock() + (status.expires_in or 0) + COUNTDOWN_MARGIN_S
            s._event("qr", step="show", code_url=status.code_url, deadline=self.deadline,
                     wallet=status.wallet)
        elif s.state is State.QR_WAIT:
            s._event("qr", step="confirm_on_phone" if status.state == "user_paying"
                     else "waiting")

    # -- endings ----------------------------------------------------------------------------
    def _stop(self, event: str, reason: str, after: str) -> None:
        """Leave QR_WAIT/QR_SHOW for QR_CANCEL and ask the server to stop the payment."""
        s = self.s
        if not s.fire(event, reason):
            return
        self._after_cancel, self._cancel_reason = after, reason
        if s.txn_id is not None:
            s.ledger.set_status(s.txn_id, TxnStatus.QR_CANCELLING, reason)
        s._event("qr", step="cancelling", reason=reason)
        self._request()

    def _ended_unpaid(self, forced: TxnStatus | None, detail: str, reason: str) -> None:
        s = self.s
        s._forced = forced
        s._event("qr", step="cancelled", reason=reason)
        s.fire("qr_cancelled", detail)

    def _attempt_failed(self, reason: str, detail: str, forced: TxnStatus | None = None,
                        state: str = "failed") -> None:
        """This attempt is over, unpaid: finalize its transaction, back to choosing."""
        s = self.s
        tid = s.txn_id
        if tid is not None:
            try:
                s.ledger.finalize(tid, detail, status=forced)
            except Exception as exc:  # storage fault: recovery finishes it after restart
                s._event("error", reason=f"could not finalize QR attempt: {exc}")
            s.txn_id = None
        self._code, self.code_url, self.deadline = None, "", None
        s.fire("qr_failed", detail)
        s._event("qr", step="failed", state=state, reason=reason,
                 refunded=forced == TxnStatus.REVERSED)


def resolve_open(ledger: Ledger, qr: QrClient, only: set[str] | None = None
                 ) -> list[Outcome]:
    """Settle QR payments a restart (or an unanswered cancel) left open, with the server.

    For each open ``qr_pending``/``qr_cancelling`` transaction (``only``: just these
    ids): the server's word decides. ``paid`` -> completed (the customer paid for this
    top-up: it is delivered); unpaid final -> cancelled (refunded: ``reversed``); still
    open -> cancelled on the server first (it reverses or closes), then decided; no
    payment on the server (404) -> the charge never arrived: cancelled. No answer: left
    open for the next call. Returns the outcomes written.
    """
    outcomes: list[Outcome] = []
    for row in ledger.open_transactions():
        tid = str(row["id"])
        if str(row["status"]) not in QR_UNRESOLVED or (only is not None and tid not in only):
            continue
        try:
            try:
                status = qr.status(tid)
                if not status.final:
                    status = qr.cancel(tid, "kiosk restarted")
            except ServerRejected as exc:
                if exc.status != 404:
                    raise
                outcomes.append(ledger.finalize(
                    tid, "recovered: the QR charge never reached the server"))
                continue
        except (ServerUnavailable, MalformedReply, ServerRejected) as exc:
            log.warning("QR payment %s still unresolved: %s", tid, exc)
            continue
        mode = status.mode if status.mode in ("code", "native") else ""
        if status.paid:
            ledger.set_status(tid, TxnStatus.QR_PAID, "recovered: QR paid", qr=status.amount,
                              qr_info=qr_info(status, "show" if mode == "native" else "code"))
            outcomes.append(ledger.finalize(tid, "recovered: QR payment confirmed by the "
                                            "server"))
        elif status.final:
            outcomes.append(ledger.finalize(
                tid, f"recovered: QR payment {status.state}: {status.reason or ''}".strip(),
                status=forced_status(status.state)))
        else:
            log.warning("QR payment %s still %s on the server", tid, status.state)
    return outcomes
