"""``KioskCore``: the one Qt-free object the customer UI talks to.

Why a facade: the UI must not know about ledgers, tables or drivers; it calls a few
verbs (start a top-up, pay cash, cancel...) and listens to plain callbacks. Callbacks run
on worker threads (validator driver, card worker, ticker); the UI adapter marshals them
to Qt signals. Start-up never waits on the server: recovery uses only the local store
and the validator's own reports after start-up (bounded wait, see ``start``).
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from devices.bill_validator import (
    BillValidator,
    Escrow,
    EscrowDecision,
    PowerUpWithBill,
    Ready,
    RecordFailed,
    Returned,
    Stacked,
    ValidatorEvent,
    is_fault,
)
from devices.card_terminal import CardTerminal
from devices.printer import PaperState, PrintResult, ReceiptDocument, ReceiptPrinter
from kiosk.config import Config
from kiosk.errors import (
    DuplicateSuspected,
    KioskError,
    MalformedReply,
    ServerRejected,
    ServerUnavailable,
    SessionError,
    ValidationError,
)
from kiosk.ledger.ledger import Ledger, Outcome
from kiosk.ledger.recovery import (
    QR_UNRESOLVED,
    Binding,
    RecoveryReport,
    StartupNotes,
    bind_report,
    recover,
)
from kiosk.ledger.states import TxnStatus
from kiosk.payment.lookup import FoundPayment, PaymentLookup
from kiosk.payment.qr_flow import Scanner, resolve_open
from kiosk.payment.receipts import ReceiptData, build_receipt
from kiosk.payment.session import Observer, Order, PaymentSession, SessionEvent, run_in_thread
from kiosk.payment.session_table import State
from kiosk.payment.vouchers import Balance, VoucherDesk
from kiosk.remote.qr_client import QrClient, QrOffer
from kiosk.remote.server_client import BillInfo, MobileInfo, ServerClient
from kiosk.rules import allowance as grant
from kiosk.rules.allowance import Allowance
from kiosk.rules.catalog import Biller, Catalog, normalize_msisdn, operator_for
from kiosk.rules.fees import FeeRule
from kiosk.rules.limits import Limits
from kiosk.rules.money import Money
from kiosk.rules.receipt_ref import qr_text, sign
from kiosk.rules.vouchers import normalize_code, voucher_key
from offline_queue import Store

log = logging.getLogger(__name__)


class Kickable(Protocol):
    def kick(self) -> None: ...


@dataclass(frozen=True)
class Reprint:
    """A receipt printed again: the printer's answer (``None``: no printer) and, when it
    did not print, the receipt's QR content to show on screen instead."""

    printed: PrintResult | None
    qr_payload: str = ""


@dataclass(frozen=True)
class Availability:
    """What the customer may use right now, each "no" with a reason the UI can show."""

    cash: bool
    cash_reason: str | None
    card: bool
    card_reason: str | None
    queries: bool
    queries_reason: str | None
    cash_cap: int  # the most one cash transaction may take now
    qr: bool = False  # 扫码支付 at all (online, the server offers it)
    qr_reason: str | None = "QR payments not configured"
    qr_code: bool = False  # the customer's payment code at the scanner (付款码)
    qr_code_reason: str | None = "QR scanner not available"
    wallets: tuple[str, ...] = ()  # the accepted wallets, to name them on screen
    offline_terms_h: int | None = None  # offline: money reaches the account within X hours
    #: The last print found the printer out of paper: the receipt will be a
    #: QR code on screen; said before paying. Last known state, no printer I/O here.
    paper_out: bool = False


class KioskCore:
    def __init__(self, config: Config, store: Store, *, validator: BillValidator | None = None,
                 terminal: CardTerminal | None = None, printer: ReceiptPrinter | None = None,
                 server: ServerClient | None = None, sync: Kickable | None = None,
                 wall_clock: Callable[[], float] = time.time,
                 clock: Callable[[], float] = time.monotonic, rng: random.Random | None = None,
                 run_async: Callable[[Callable[[], None]], None] = run_in_thread,
                 in_service: Callable[[], tuple[bool, str]] | None = None,
                 escrow_settle_s: float = 3.0, scanner: Any = None,
                 secret: bytes | None = None) -> None:
        self.config = config
        self.currency = str(config.get("currency"))
        self.wall_clock = wall_clock
        self._secret = secret  # checks the server's allowance; keys this kiosk's vouchers
        self.ledger = Ledger(store, kiosk_id=str(config.get("kiosk_id")), clock=wall_clock,
                             rng=rng, voucher_key=voucher_key(secret) if secret else None)
        self.catalog = Catalog(store)
        self.limits = Limits.from_config(config)
        self.validator, self.terminal, self.printer = validator, terminal, printer
        self.server, self.sync = server, sync
        self.vouchers = VoucherDesk(self.ledger, server, self.currency)
        self.allowance: Allowance | None = self._stored_allowance()
        self.clock, self.run_async = clock, run_async
        # Find my payment: signed receipt references need the kiosk secret.
        self.lookup: PaymentLookup | None = (
            PaymentLookup(store, secret, self.ledger.kiosk_id, clock) if secret else None)
        self._in_service = in_service
        self._paper: PaperState | None = None  # from the last print (paper_out warning)
        self._observers: list[Observer] = []
        self._lock = threading.RLock()
        self.session: PaymentSession | None = None
        self._last_txn: str | None = None
        self._validator_ok = validator is not None
        self._power_up: PowerUpWithBill | None = None
        self._device_seen = threading.Event()
        self.recovered = threading.Event()  # no customer before recovery finished
        self.escrow_settle_s = escrow_settle_s
        self._startup = StartupNotes(self.ledger, self.currency)
        self._escrow_seen = False  # this process saw the note now in flight in escrow
        self._escrow_owner: PaymentSession | None = None  # the session that decided it
        self._held: str | None = None  # why new sessions are refused (release switch)
        self._record_fault: str | None = None  # a note report could not be recorded
        self._transport: str | None = None  # txn whose note was in transport at its end
        self.credits: list[Outcome] = []  # credits made with no live session (late notes)
        if validator is not None:
            validator.add_listener(self._on_validator_event)
            validator.set_escrow_decider(self._decide_escrow)
        # QR payments (kiosk/payment/qr_flow.py): through the server, online only.
        self.qr = QrClient(server) if server is not None else None
        self.scanner: Scanner | None = scanner
        self._scanner_ok = scanner is not None
        self._qr_offer: QrOffer | None = None
        self._qr_open: set[str] = set()  # QR transactions waiting for the server's word
        if scanner is not None and hasattr(scanner, "add_listener"):
            scanner.add_listener(self._on_scanner_event)
        # Find my payment's scan: codes read while no session is live go to these.
        self._receipt_scan = False
        self._scan_listeners: list[Callable[[str], None]] = []
        # The voucher entry page reads voucher QR codes too (``voucher_scan``).
        self._voucher_scan = False
        self._voucher_scan_listeners: list[Callable[[str], None]] = []

    # -- lifecycle ------------------------------------------------------------------
    def add_observer(self, fn: Observer) -> None:
        """``fn(SessionEvent)`` for every session event, on the thread that caused it."""
        self._observers.append(fn)

    def start(self, device_wait_s: float = 5.0, settle_s: float | None = None) -> RecoveryReport:
        """Wait briefly for the validator's first report, then resolve open transactions.

        Why the settle wait: a note escrowed before a crash may still be in escrow, or its
        stacked/returned report may still be pending in the device. Only when an open
        transaction has an escrowed note, recovery waits (at most ``settle_s``, default
        ``escrow_settle_s``) for the device to settle it; then ``recover`` decides the
        rest from the protocol's facts. Both waits are local: never on the network.
        """
        seen = self.validator is not None and self._device_seen.wait(device_wait_s)
        settle = self.escrow_settle_s if settle_s is None else settle_s
        with self._startup.cond:
            if seen:
                self._startup.cond.wait_for(
                    lambda: self._power_up is not None or not self._startup.pending(), settle)
            idle = seen and self._power_up is None and self._startup.claim is None
            report = recover(self.ledger, power_up=self._power_up, terminal=self.terminal,
                             currency=self.currency, device_idle=idle)
            self._startup.recovered = True
            with self._lock:  # its report binds under this lock and clears the hold
                self._transport = report.in_transport or self._transport
            self._qr_open |= {str(r["id"]) for r in self.ledger.open_transactions()
                              if str(r["status"]) in QR_UNRESOLVED}
            self.recovered.set()
        self._kick()
        self.run_async(self._after_start)  # network: never on the start-up path
        return report

    def _after_start(self) -> None:
        self.settle_vouchers()
        self.renew_allowance()

    def _settle_quietly(self) -> None:
        self.settle_vouchers()

    def settle_vouchers(self) -> int:
        """Online redeem/release of ended voucher tenders (network I/O; never raises)."""
        try:
            return self.vouchers.settle()
        except Exception:  # the outbox and the reservation's time limit are the fallback
            log.exception("voucher settle failed")
            return 0

    # -- the server's offline allowance ------------------------------------------------
    def _stored_allowance(self) -> Allowance | None:
        rows = self.ledger.store.query("SELECT body, signature FROM kiosk_allowance"
                                       " WHERE id = 1")
        if not rows or self._secret is None:
            return None
        try:
            return grant.verify(self._secret, self.ledger.kiosk_id, self.currency,
                                {"allowance": json.loads(rows[0]["body"]),
                                 "signature": rows[0]["signature"]})
        except ValueError:
            log.warning("stored offline allowance is not valid: ignored")
            return None

    def valid_allowance(self) -> Allowance | None:
        a = self.allowance
        return a if a is not None and a.valid(self.wall_clock()) else None

    def renew_allowance(self, force: bool = False) -> bool:
        """Fetch the signed allowance when it is missing or past half its validity
        (network I/O: off the GUI thread); False when not renewed."""
        a, now = self.allowance, self.wall_clock()
        if self.server is None or self._secret is None:
            return False
        if not force and a is not None and a.valid(now) and \
                now < a.issued_at + (a.expires_at - a.issued_at) / 2:
            return False
        try:
            self.accept_allowance(self.server.allowance())
        except (ServerUnavailable, ServerRejected, MalformedReply, ValueError) as exc:
            log.info("offline allowance not renewed: %s", exc)
            return False
        return True

    def accept_allowance(self, body: Any) -> Allowance:
        """Check a signed grant (``ValueError`` if it is not this kiosk's) and keep it."""
        if self._secret is None:
            raise ValueError("no kiosk secret to check the allowance with")
        new = grant.verify(self._secret, self.ledger.kiosk_id, self.currency, body)
        now = self.wall_clock()
        with self.ledger.store.atomic() as tx:
            tx.execute("INSERT OR REPLACE INTO kiosk_allowance (id, body, signature,"
                       " received_at) VALUES (1, ?, ?, ?)",
                       (json.dumps(body["allowance"], sort_keys=True), body["signature"], now))
            tx.journal("allowance_renewed", {"serial": new.serial, "expires_at": new.expires_at,
                                             "per_transaction": new.per_transaction,
                                             "total": new.total, "count": new.count})
        self.allowance = new
        return new

    def start_ticker(self, interval_s: float = 0.5, probe_every_s: float = 30.0) -> None:
        """A daemon thread calling ``tick`` (session timeouts) and, while offline,
        ``check_online`` every ``probe_every_s``; stopped by ``close``."""
        self._stop = threading.Event()

        def run() -> None:
            last_probe = self.clock()
            while not self._stop.wait(interval_s):
                self.tick()
                if self.clock() - last_probe >= probe_every_s:
                    last_probe = self.clock()
                    if not self.online:
                        self.check_online()
                    else:  # cheap: asks only when the grant is missing or half used
                        self.renew_allowance()
        self._ticker = threading.Thread(target=run, name="kiosk-ticker", daemon=True)
        self._ticker.start()

    def close(self) -> None:
        """Stop the ticker (devices and store belong to the caller)."""
        stop = getattr(self, "_stop", None)
        if stop is not None:
            stop.set()
            self._ticker.join(5)

    @property
    def note_pending(self) -> str | None:
        """Why cash is held for a note (in transport after its session, or a report not
        recorded), or None. A kiosk shutting down cleanly waits for this to clear."""
        if self._record_fault is not None:
            return f"cannot record notes: {self._record_fault}"
        if self._transport is not None:
            return f"note of {self._transport} still in transport"
        return None

    def check_online(self) -> bool:
        """Ask the server now (network I/O: call off the GUI thread)."""
        return self.server.probe() if self.server is not None else False

    def _kick(self) -> None:
        if self.sync is not None:
            self.sync.kick()

    # -- validator routing (driver thread) ----------------------------------------------
    def _decide_escrow(self, ev: Escrow) -> EscrowDecision:
        self._escrow_seen, self._escrow_owner = True, None
        if not self.recovered.is_set():  # a note escrowed before a crash: honour the row
            stack = self._startup.claim_escrow(ev.amount)
            return EscrowDecision.STACK if stack else EscrowDecision.RETURN
        s = self.session
        if s is None:
            return EscrowDecision.RETURN
        self._escrow_owner = s
        return s.decide_escrow(ev)

    def _on_validator_event(self, ev: ValidatorEvent) -> None:
        if isinstance(ev, PowerUpWithBill):
            self._escrow_seen, self._escrow_owner = False, None
            with self._startup.cond:
                self._power_up = ev
                self._startup.cond.notify_all()
        elif isinstance(ev, Escrow):
            self._escrow_seen = True
        elif isinstance(ev, RecordFailed):
            self._record_fault = ev.reason
        elif isinstance(ev, Stacked | Returned):
            seen, self._escrow_seen = self._escrow_seen, False
            owner, self._escrow_owner = self._escrow_owner, None
            live = self.session is not None and not self.session.ended.is_set()
            startup = not self.recovered.is_set() or self._startup.claim is not None
            if startup and self._startup.resolve(ev.amount, ev.event, seen=seen or live):
                self._record_fault = None
                self._announce(self._startup.last)
                return  # a note from before the restart, bound to its row
            if self._route_report(ev, owner):
                return
        if isinstance(ev, Ready | PowerUpWithBill):
            self._validator_ok = True
            self._device_seen.set()
        elif is_fault(ev):
            self._validator_ok = False
        elif ev.event == "reconnected":
            self._validator_ok = True
        s = self.session
        if s is not None:
            s.on_validator_event(ev)
            if isinstance(ev, Stacked | Returned):
                self._record_fault = None  # recorded (the session raises when it cannot)

    def _route_report(self, ev: Stacked | Returned, owner: PaymentSession | None) -> bool:
        """Bind a stacked/returned report to its note; True: settled here, not the session's.

        A report belongs to the note the kiosk told to stack (its row), whichever session
        is live: the live session hears only of its own note. A repeat is ignored, a late
        note is credited to its own customer, a note no row expected gets its own record;
        each of these is announced (``late_credit``) and printed, never silent.
        """
        s = self.session
        live = s.txn_id if s is not None and not s.ended.is_set() else None
        b = bind_report(self.ledger, ev.amount, ev.event, live_txn=live, currency=ev.currency
                        if isinstance(ev, Stacked) else self.currency, where="report",
                        orphan_origin=self._last_txn)
        if b.kind == "live":
            return False
        self._record_fault = None
        if b.kind == "none":
            # a returned note no row expected: no money moved. The session hears of it
            # only if it decided that note itself (RETURN); otherwise it is not its note.
            if owner is not None and owner is self.session:
                return False
            log.info("note %s returned, decided outside the current session", ev.amount)
            return True
        if b.kind == "open" and b.origin is not None:
            # the row of a transaction whose session could not finish it (storage fault):
            # the report completes it now, for its own customer
            try:
                self.ledger.finalize(b.origin, "note reported after the session ended")
            except Exception:
                log.exception("could not finalize %s; recovery will", b.origin)
        self._announce(b)
        return True

    def _announce(self, b: Binding | None) -> None:
        """Make a credit made outside a live session visible: event, print, server.

        The server already has it (the credited transaction, its voucher and, for a late
        note, a ``late_credit`` status of the original transaction are in the outbox).
        """
        if b is None:
            return
        with self._lock:
            if b.origin is not None and b.origin == self._transport:
                self._transport = None  # its note's outcome is known: cash may resume
        out = b.outcome
        if out is None:
            return
        self.credits.append(out)
        owner_here = self._owner_still_here(b.origin)
        ev = SessionEvent("late_credit", "ended", 0, None, 0,
                          {"origin": b.origin, "binding": b.kind, "amount": out.cash,
                           "transaction_id": out.transaction_id,
                           "voucher_code": out.voucher_code,
                           "owner_here": owner_here}, out)
        self._on_session_event(ev)
        self._kick()
        if self.printer is not None and owner_here:
            printer = self.printer
            doc = self.receipt(out)
            self.run_async(lambda: self._print_quietly(printer, doc))
        elif not owner_here:
            log.warning("credit %s (note for %s) not printed: another customer may be at the"
                        " kiosk; it is on the original receipt's find-my-payment page and in"
                        " the back office", out.transaction_id, b.origin)

    def _owner_still_here(self, origin: str | None) -> bool:
        """Whether a credit for ``origin``'s note may be printed and shown now.

        A change voucher is bearer value: printed or shown while the next customer is at
        the kiosk it would be theirs. So only when no session is live and ``origin`` is
        the last session's transaction (nobody has used the kiosk since its customer).
        A note no session expected and no session before it (origin unknown) is printed
        for whoever stands there: nobody else can have a claim to it.
        """
        s = self.session
        live = s is not None and not s.ended.is_set()
        return not live and (origin is None or origin == self._last_txn)

    @staticmethod
    def _print_quietly(printer: ReceiptPrinter, doc: ReceiptDocument) -> None:
        try:
            printer.print_receipt(doc)
        except Exception:  # the credit is recorded and findable; the print is a courtesy
            log.exception("could not print a late credit's receipt")

    # -- QR payments ------------------------------------------------------------------
    def _on_scanner_event(self, ev: Any) -> None:
        """Scanner driver thread: codes go to the session waiting for one; while the
        voucher entry page asks (``voucher_scan``, also during a session that is not
        waiting for a payment code) a voucher code goes to its listeners; with no live
        session, to find my payment's while it asks. Nowhere else."""
        kind = getattr(ev, "event", "")
        if kind == "code":
            s = self.session
            if self._voucher_scan and not (s is not None and not s.ended.is_set()
                                           and s.state is State.QR_SCAN):
                self._voucher_scanned(ev)
            elif s is not None and not s.ended.is_set():
                s.on_scanned(ev.code)
            elif self._receipt_scan:
                for fn in list(self._scan_listeners):
                    try:
                        fn(ev.code)
                    except Exception:  # a UI bug must not kill the scanner thread
                        log.exception("receipt scan listener failed")
        elif kind == "disconnected":
            self._scanner_ok = False
            s = self.session
            if s is not None and not s.ended.is_set():
                s._do(s.qr_flow.scanner_lost)
        elif kind in ("ready", "reconnected"):
            self._scanner_ok = True

    # -- vouchers at the scanner ------------------------------------------------------
    def add_voucher_scan_listener(self, fn: Callable[[str], None]) -> None:
        """``fn(code)`` (normalized 16 digits) for a voucher QR read while the voucher
        entry page is shown; called on the scanner's thread (``CoreBridge.listen`` queues it)."""
        self._voucher_scan_listeners.append(fn)

    def voucher_scan(self, on: bool) -> bool:
        """The voucher entry page is shown (``on``) or left: the scanner reads voucher
        codes for it exactly while it is shown. Returns whether a code can come.

        A device command (the driver queues it for its thread, but it is still device
        I/O): call it off the GUI thread, like every core verb. Leaving the page does not
        switch off a scanner someone else still reads with (a session waiting for a
        payment code, find my payment)."""
        scanner = self.scanner
        with self._lock:
            self._voucher_scan = on and scanner is not None
            s = self.session
            if scanner is None:
                return False
            others = self._receipt_scan or (s is not None and not s.ended.is_set()
                                            and s.state is State.QR_SCAN)
            if on or not others:
                try:
                    scanner.enable() if on else scanner.disable()
                except Exception:  # a driver must not raise; the keypad still works
                    log.exception("scanner %s for the voucher page failed",
                                  "enable" if on else "disable")
        return on and self._scanner_ok

    def _voucher_scanned(self, ev: Any) -> None:
        code = normalize_code(str(ev.code))
        if code is None:  # a payment code, a receipt's QR, noise: not for this page
            log.info("scanned %s on the voucher page: not a voucher code",
                     getattr(ev, "masked", "?"))
            return
        for fn in list(self._voucher_scan_listeners):
            try:
                fn(code)
            except Exception:  # a listener must not kill the scanner thread
                log.exception("voucher scan listener failed")

    def refresh_qr(self) -> None:
        """Ask the server what QR it offers now, and settle QR payments left open by a
        restart or an unanswered cancel (network I/O: off the GUI thread)."""
        if self.qr is None:
            return
        try:
            self._qr_offer = self.qr.offer()
        except ServerRejected:
            self._qr_offer = None  # the server has no QR payments (503 is "unavailable")
        except Exception as exc:
            log.info("QR offer not fetched: %s", exc)
        self.resolve_qr()

    def resolve_qr(self) -> list[Outcome]:
        """Settle the QR transactions waiting for the server's word (see ``resolve_open``)."""
        if self.qr is None or not self._qr_open:
            return []
        with self._lock:
            live = self.session.txn_id if self.session is not None and \
                not self.session.ended.is_set() else None
            wanted = self._qr_open - {live} if live else set(self._qr_open)
        outcomes = resolve_open(self.ledger, self.qr, wanted)
        still = {str(r["id"]) for r in self.ledger.open_transactions()
                 if str(r["status"]) in QR_UNRESOLVED}
        with self._lock:
            self._qr_open &= still | ({live} if live else set())
        if outcomes:
            self._kick()
        return outcomes

    def _qr_unresolved(self, txn_id: str) -> None:
        with self._lock:
            self._qr_open.add(txn_id)

    def pay_qr(self, mode: str) -> None:
        self._current().pay_qr(mode)

    def qr_back(self) -> None:
        self._current().qr_back()

    # -- availability -----------------------------------------------------------------
    @property
    def online(self) -> bool:
        return self.server is not None and self.server.online

    def availability(self) -> Availability:
        if self._in_service is not None:
            ok, why = self._in_service()
            if not ok:
                return Availability(False, why, False, why, False, why, 0, False, why, False,
                                    why)
        online = self.online
        allowance = self.valid_allowance()
        limits = self.limits.with_allowance(allowance)
        backlog = self.ledger.backlog()
        cap = limits.transaction_cap(online, backlog)
        cash_reason = None
        if self.validator is None or not self._validator_ok:
            cash_reason = "bill validator not available"
        elif self._record_fault is not None:
            cash_reason = f"cannot record notes (storage fault): {self._record_fault}"
        elif self._transport is not None:
            cash_reason = "a note is still being processed by the bill validator"
        elif (not online and allowance is None and self.server is not None
              and self.allowance is not None):
            # A granted allowance that expired stops offline cash. A kiosk that has never
            # been granted one (first start with the server down) runs on the limits.*
            # config, as does a core with no server at all (tests and benches).
            cash_reason = "offline: no valid offline allowance from the server"
        elif cap == 0:
            cash_reason = limits.offline_block_reason(backlog, online=online) or "offline"
        card_reason = None
        if self.terminal is None:
            card_reason = "card terminal not available"
        elif not online:
            card_reason = "offline: card payments need the server"
        offer = self._qr_offer
        qr_reason = None
        if self.qr is None or offer is None or not offer.available:
            qr_reason = "QR payments not configured"
        elif not online:
            qr_reason = "offline: QR payments need the server"
        code_reason = qr_reason
        if qr_reason is None and (self.scanner is None or not self._scanner_ok):
            code_reason = "QR scanner not available"
        terms = allowance.credit_within_h if allowance is not None and not online else None
        return Availability(cash_reason is None, cash_reason, card_reason is None, card_reason,
                            online, None if online else "offline: queries need the server",
                            cap if cash_reason is None else 0, qr_reason is None, qr_reason,
                            code_reason is None, code_reason,
                            offer.wallets if offer is not None else (), terms,
                            self.printer is not None and self._paper is PaperState.OUT)

    # -- catalog and queries ----------------------------------------------------------
    def refresh_catalog(self) -> bool:
        """Fetch the biller list (online); False if unchanged or the server is unreachable."""
        if self.server is None:
            return False
        try:
            return self.catalog.update(self.server.billers())
        except ServerUnavailable:
            return False
        finally:
            if self.server.online:
                self.refresh_qr()

    def billers(self) -> list[Biller]:
        return self.catalog.billers()

    def topup_denominations(self) -> list[int]:
        return [int(x) for x in self.config.get("limits.topup_denominations")]

    def query_balance(self, msisdn: str) -> MobileInfo:
        """Online only: ``ServerUnavailable("offline...")`` otherwise."""
        return self._mobile(normalize_msisdn(msisdn))

    def _mobile(self, number: str) -> MobileInfo:
        """The server's look-up; a number it does not know is the customer's input problem.

        Why translate: 404 (unknown operator) and 422 (invalid number) are answers about
        the number, not server faults, so the customer gets a message, not an error page.
        """
        try:
            return self._server().mobile(number)
        except ServerRejected as exc:
            if exc.status in (404, 422):
                raise ValidationError("number not found or not a supported operator") from exc
            raise

    def query_bill(self, biller: str, account: str) -> BillInfo:
        acct = self.catalog.get(biller).validate_account(account)
        return self._server().bill(biller, acct)

    def _server(self) -> ServerClient:
        if self.server is None:
            raise ServerUnavailable("offline: no server configured")
        return self.server

    # -- sessions ---------------------------------------------------------------------
    def start_topup(self, msisdn: str, amount: int | None, *,
                    confirmed: bool = False) -> PaymentSession:
        """A top-up of ``amount`` fen (a configured denomination) or ``None`` = cash as inserted.

        ``DuplicateSuspected`` (unless ``confirmed``) when the same number was topped up
        with the same amount within ``limits.duplicate_window_s``."""
        number = normalize_msisdn(msisdn)
        label = operator_for(number)
        if amount is not None and amount not in self.topup_denominations():
            raise ValidationError("choose one of the offered amounts")
        if amount is not None and not confirmed:
            self._duplicate_guard("topup", number, amount)
        if self.online and self.server is not None:
            try:
                info = self._mobile(number)
                if not info.topup_allowed:
                    raise ValidationError("this number cannot be topped up")
                label = info.operator
            except ServerUnavailable:
                pass
        return self._open(Order("topup", number, self.currency, self.topup_fee(),
                                gross=amount, partial_ok=True, offline=not self.online,
                                label=label))

    def _duplicate_guard(self, service: str, account: str, gross: int) -> None:
        window = float(self.config.get("limits.duplicate_window_s"))
        earlier = self.ledger.recent_payment(service, account, gross,
                                             since=self.wall_clock() - window)
        if earlier is not None:
            raise DuplicateSuspected("the same account and amount were paid moments ago",
                                     earlier)

    def topup_fee(self) -> FeeRule:
        """The top-up fee from config ``[fees]`` (billers' fees come from the catalog)."""
        bp = int(self.config.get("fees.topup_percent_bp"))
        commission = int(self.config.get("fees.topup_commission_bp"))
        if bp:
            return FeeRule("percent", bp, commission)
        return FeeRule("fixed", int(self.config.get("fees.topup_fixed")), commission)

    def start_bill(self, biller: str, account: str, amount: int | None = None, *,
                   bill: BillInfo | None = None, confirmed: bool = False) -> PaymentSession:
        """Online: the due amount from inquiry (``amount`` above it only if overpay is allowed).
        Offline: an open cash amount, only for billers allowing offline cash.

        ``bill``: the inquiry the screen just showed (holder's name, amount due), so the
        server is not asked twice; it must be for this biller and account.
        """
        b = self.catalog.get(biller)
        acct = b.validate_account(account)
        if bill is not None and (bill.biller, bill.account) != (biller, acct):
            bill = None
        if self.online:
            due = (bill or self._server().bill(biller, acct)).amount_due
            gross = due if amount is None else amount
            if due <= 0:
                raise ValidationError("nothing is due on this account")
            if gross < due or (gross > due and not b.allow_overpay):
                raise ValidationError("amount must be the amount due")
            if not confirmed:
                self._duplicate_guard("bill", acct, gross)
        elif b.allow_offline_cash:
            gross = None
        else:
            raise ServerUnavailable("offline: this biller needs the server")
        return self._open(Order("bill", acct, self.currency, b.fee, gross, biller,
                                overpay_ok=b.allow_overpay, offline=not self.online,
                                label=b.name_zh))

    def hold_for_switch(self) -> str | None:
        """kiosk.update.gate.SwitchGate: when no session is open and no note is in
        transport, refuse new sessions (until ``release_hold`` or the process ends) and
        answer None; otherwise hold nothing and say why not now."""
        with self._lock:
            if self.session is not None and not self.session.ended.is_set():
                return "a customer session is open"
            if self._escrow_seen or self._escrow_owner is not None:
                return "a note is in transport"
            self._held = "the kiosk is restarting for maintenance"
            return None

    def release_hold(self) -> None:
        with self._lock:
            self._held = None

    def _open(self, order: Order) -> PaymentSession:
        with self._lock:
            if not self.recovered.is_set():
                raise SessionError("recovery has not finished")
            if self._held is not None:
                raise SessionError(self._held)
            if self.session is not None and not self.session.ended.is_set():
                raise SessionError("a session is already open")
            if self._receipt_scan:  # find my payment left it on: the session owns it now
                self.scan_receipts(False)
            av = self.availability()
            due = order.due
            if due is not None and due > self.limits.max_transaction:
                raise ValidationError("amount is over the transaction limit")
            s = PaymentSession(order, ledger=self.ledger, config=self.config, cap=av.cash_cap,
                               clock=self.clock,
                               validator=self.validator if av.cash else None,
                               terminal=self.terminal if av.card else None,
                               confirm=self.server.confirm_transaction
                               if av.card and self.server else None,
                               run_async=self.run_async,
                               observers=[self._on_session_event],
                               qr=self.qr if av.qr else None,
                               scanner=self.scanner if av.qr_code else None,
                               on_qr_unresolved=self._qr_unresolved,
                               vouchers=self.vouchers)
            self.session = s
            return s

    def _on_session_event(self, ev: Any) -> None:
        if ev.kind == "ended":
            s = self.session
            if s is not None:
                self._last_txn = s.txn_id
                with self._lock:  # against _announce clearing it from the driver thread
                    if s.txn_id is not None and s.in_transport is not None and \
                            self.ledger.pending_note(s.in_transport) is not None:
                        self._transport = s.txn_id  # its note's report may still come
                if s.applied:
                    self.run_async(self._settle_quietly)
            self._kick()
        for fn in list(self._observers):
            try:
                fn(ev)
            except Exception:  # a UI bug must not break the money path
                log.exception("observer failed")

    def _current(self) -> PaymentSession:
        s = self.session
        if s is None:
            raise SessionError("no session")
        return s

    def pay_cash(self) -> None:
        self._current().pay_cash()

    def pay_card(self) -> None:
        self._current().pay_card()

    def redeem_voucher(self, code: str) -> int:
        return self._current().redeem_voucher(code)

    def voucher_balance(self, code: str) -> Balance:
        """What a voucher holds, before any session (the home screen's "use a voucher");
        nothing is spent or held (the server's read-only balance call). Refusals as for
        ``redeem_voucher``."""
        return self.vouchers.balance(code)

    def cancel(self) -> str:
        """``"ended"``, or ``"choose"`` when cash is in (a ``choose`` event follows)."""
        return self._current().cancel()

    def finish(self) -> str:
        """``"ended"``, or ``"choose"`` when cash is in and the amount is not reached."""
        return self._current().finish()

    def complete_with_paid(self) -> None:
        self._current().complete_with_paid()

    def keep_as_voucher(self) -> None:
        self._current().keep_as_voucher()

    def more_time(self) -> None:
        self._current().more_time()

    def touch(self) -> None:
        if self.session is not None:
            self.session.touch()

    def tick(self) -> None:
        """Drive session timeouts; call every ~0.5 s from a timer thread."""
        if self.session is not None and not self.session.ended.is_set():
            self.session.tick()

    def short_reference(self, transaction_id: str, seq: int) -> str:
        """The receipt's short reference (``<seq>-<check6>``) that find my payment takes;
        ``""`` without a kiosk secret (nothing could check it)."""
        return "" if self.lookup is None else self.lookup.short_number(transaction_id, seq)

    # -- find my payment ----------------------------------------------------------------
    def find_payment(self, text: str) -> FoundPayment:
        """The payment a typed short number or a scanned receipt QR points to.

        Raises ``BadReference`` ("not found", one answer for every wrong input),
        ``LookupLocked`` after too many wrong tries, ``SessionError`` on a kiosk without a
        secret (nothing could check a reference).
        """
        if self.lookup is None:
            raise SessionError("find my payment needs the kiosk secret")
        return self.lookup.find(text)

    def reprint_receipt(self, transaction_id: str, locale: str | None = None) -> Reprint:
        """Print a found payment's receipt again; the QR to show when it cannot print.

        A cancelled payment took nothing and has no receipt (``SessionError``, as for one
        still in progress).
        """
        out = self.ledger.final_outcome(transaction_id)
        if out.status == TxnStatus.CANCELLED:
            raise SessionError("a cancelled payment has no receipt")
        printed = self.print_receipt(out, locale)
        if printed is not None and printed.ok:
            return Reprint(printed)
        return Reprint(printed, self.receipt(out, locale).qr_payload)

    def add_scan_listener(self, fn: Callable[[str], None]) -> None:
        """``fn(code)`` for codes read while receipt scanning is on (driver thread)."""
        self._scan_listeners.append(fn)

    def scan_receipts(self, on: bool) -> bool:
        """Scanner on for a receipt's QR while find my payment is shown (never during a
        session: its payment code reading owns the scanner then). Serial I/O: call it off
        the GUI thread. Returns whether a code can come (a working scanner is there)."""
        scanner = self.scanner
        live = self.session is not None and not self.session.ended.is_set()
        want = on and scanner is not None and self._scanner_ok and not live
        if scanner is not None and want != self._receipt_scan and not live:
            try:
                scanner.enable() if want else scanner.disable()
            except Exception:  # a driver must not raise; find my payment still types
                log.exception("scanner %s failed", "enable" if want else "disable")
                want = False
        self._receipt_scan = want
        return want

    def receipt_qr(self, transaction_id: str) -> str:
        """What the receipt's QR holds: the signed reference, as a link to the back
        office's check page when ``receipts.check_url`` is set; without a kiosk secret
        the transaction id (nothing could vouch for a reference)."""
        if self._secret is None:
            return transaction_id
        ref = sign(self._secret, self.ledger.kiosk_id, transaction_id)
        return qr_text(ref, str(self.config.get("receipts.check_url") or ""))

    def print_receipt(self, outcome: Outcome, locale: str | None = None
                      ) -> PrintResult | None:
        """Print the outcome's receipt (in the customer's ``locale``, default the config's);
        ``None`` when there is no printer (show the QR)."""
        if self.printer is None:
            return None
        result = self.printer.print_receipt(self.receipt(outcome, locale))
        self._paper = result.paper
        return result

    def receipt(self, outcome: Outcome, locale: str | None = None) -> ReceiptDocument:
        """The receipt document (also the on-screen QR when printing fails)."""
        r = outcome.record
        loc = locale or str(self.config.get("locale"))
        topup = r["service"] == "topup"
        service = str(r["service"])
        if not topup and r.get("biller"):
            try:
                b = self.catalog.get(str(r["biller"]))
                service = b.name_en if loc.startswith("en") else b.name_zh
            except KioskError:  # a biller gone from the catalog: its code still says it
                service = str(r["biller"])
        info = r.get("card_info") or {}
        qr: dict[str, Any] = {}
        if r.get("method") == "qr":
            raw = self.ledger.row(outcome.transaction_id).get("qr_info")
            qr = json.loads(raw) if raw else {}
        return build_receipt(ReceiptData(
            brand=str(self.config.get("brand")), kiosk_id=self.ledger.kiosk_id,
            location=str(self.config.get("location")),
            # The kiosk's local time, like the screens (the record's time is UTC).
            when=datetime.fromisoformat(str(r["completed_at"]).replace("Z", "+00:00"))
            .astimezone(),
            transaction_id=outcome.transaction_id, service=service,
            account=str(r["account"]), amount=Money(outcome.gross, self.currency),
            fee=Money(outcome.fee, self.currency), payment_method=str(r["method"]),
            masked_card=str(info.get("masked_pan", "")), card_brand=str(info.get("brand", "")),
            auth_code=str(info.get("auth_code", "")),
            credit=Money(outcome.voucher_amount, self.currency) if outcome.voucher_amount
            else None, voucher_code=outcome.voucher_code or "",
            wallet=str(qr.get("wallet", "")), qr_order_no=str(qr.get("order_no", "")),
            account_kind="msisdn" if topup else "bill_account",
            operator=self._operator(str(r["account"])) if topup else "",
            reference=self.short_reference(outcome.transaction_id, outcome.seq),
            qr_payload=self.receipt_qr(outcome.transaction_id)), loc)

    @staticmethod
    def _operator(msisdn: str) -> str:
        try:
            return operator_for(msisdn)
        except KioskError:
            return ""
