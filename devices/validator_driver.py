"""What the CCNET and ID-003 drivers share: the port-owning thread, the link life cycle,
listeners, the escrow decision and the request/reply exchange with retries.

Life cycle of the thread (one per driver)::

    open port -> initialise (protocol) -> poll loop ------------------+
        ^            | LinkLost / PortError                            | LinkLost
        |            v                                                 v
        +---- back off (doubling) <---- emit Disconnected once per outage
    a successful initialise after an outage emits Reconnected, then Ready.

Why the escrow record outlives the link: a note escrowed when the link drops is still in
the device. After reconnecting the driver re-sends the decision it already took instead
of asking twice, and the protocol's own credit event (CCNET 81, ID-003 VEND VALID) is
still the only thing that produces ``Stacked``.

Why a note found in flight at start-up is decided by the app even when nothing is
enabled: it was escrowed before this driver started (the host process restarted), and
only the app's ledger knows whether a payment was promised it. Why credit events are
acknowledged only after the listeners ran: the device repeats an unacknowledged report,
so a host that dies before recording the note hears about it again after the restart
(the app ignores a repeat of a note it already recorded).

Why a listener that raises on a note report blocks the ACK (``deliver_report``): the
listener is the app's durable record; an exception (disk full, I/O error) means the note
is not recorded, and an ACK would make the device forget the only report of it. So the
driver does not ACK, stops accepting notes, emits ``RecordFailed`` once per outage and
delivers the report again on every poll until a delivery succeeds.
"""

from __future__ import annotations

import collections
import enum
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import serial

from devices.bill_validator import (
    Disconnected,
    Escrow,
    EscrowDecider,
    EscrowDecision,
    Listener,
    Ready,
    Reconnected,
    RecordFailed,
    Stacked,
    ValidatorEvent,
)
from devices.errors import DeviceError, LinkLost
from devices.framing import StreamDecoder
from devices.serial_port import PortError, close_quietly, open_port

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ValidatorTiming:
    """All timing in one place so tests can run the real protocol fast."""

    poll_interval_s: float = 0.15
    response_timeout_s: float = 0.3
    retries: int = 3
    reconnect_initial_s: float = 0.5
    reconnect_max_s: float = 5.0
    init_timeout_s: float = 10.0


class Reinitialise(DeviceError):
    """The device reported power-up: run the init sequence again (not an outage)."""


@dataclass
class EscrowRecord:
    amount: int
    decision: EscrowDecision | None = None
    credited: bool = False


@dataclass
class Counters:
    frames_sent: int = 0
    frames_received: int = 0
    crc_errors: int = 0
    timeouts: int = 0
    reconnects: int = 0
    listener_errors: int = 0
    record_failures: int = 0
    notes_stacked: int = 0
    amount_stacked: int = 0
    extra: dict[str, int] = field(default_factory=dict)


class EventQueue:
    """A bounded listener that never blocks the driver thread.

    When the consumer falls behind by ``maxsize`` events the oldest event is dropped and
    counted (``dropped``), so a stuck consumer cannot stall the serial link.
    """

    def __init__(self, maxsize: int = 1000) -> None:
        self._queue: queue.Queue[ValidatorEvent] = queue.Queue(maxsize)
        self.dropped = 0

    def __call__(self, event: ValidatorEvent) -> None:
        while True:
            try:
                self._queue.put_nowait(event)
                return
            except queue.Full:
                try:
                    self._queue.get_nowait()
                    self.dropped += 1
                except queue.Empty:
                    pass

    def get(self, timeout: float | None = None) -> ValidatorEvent:
        """Raises ``queue.Empty`` after ``timeout`` seconds without an event."""
        return self._queue.get(timeout=timeout)


def state_text(table: type[enum.IntEnum], code: int) -> str:
    """A poll state as a technician reads it: the protocol's name, then its code."""
    try:
        name = table(code).name.lower().replace("_", " ")
    except ValueError:
        name = "unknown"
    return f"{name} ({code:02X})"


class ValidatorDriverBase:
    """Thread, link and listener plumbing; subclasses implement the protocol hooks."""

    protocol = "?"
    parity = serial.PARITY_NONE

    def __init__(self, port: str, *, currency_hint: str = "CNY",
                 timing: ValidatorTiming | None = None,
                 opener: Callable[..., Any] = open_port) -> None:
        self.port_name = port
        self.currency = currency_hint
        self.timing = timing or ValidatorTiming()
        self._opener = opener
        self._port: Any = None
        self._listeners: list[Listener] = []
        self._decider: EscrowDecider | None = None
        self._lock = threading.Lock()
        self._wanted: set[int] = set()
        self._enables_dirty = True
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._outage = False
        self._connected_once = False
        self.escrow: EscrowRecord | None = None
        self._inherited = False  # a note was in flight when the driver (re)started
        self.record_fault: str | None = None  # a note report the app could not record
        self.counters = Counters()
        self.last_error = ""
        self.device_state = "unknown"
        self.recent_frames: collections.deque[str] = collections.deque(maxlen=32)
        self.recent_events: collections.deque[str] = collections.deque(maxlen=32)

    # -- public API (any thread) -------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"{self.protocol}-validator",
                                        daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        close_quietly(self._port)
        self._port = None

    def enable(self, denominations: Iterable[int]) -> None:
        with self._lock:
            self._wanted = {int(d) for d in denominations}
            self._enables_dirty = True

    def disable(self) -> None:
        self.enable(())

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def set_escrow_decider(self, decider: EscrowDecider) -> None:
        self._decider = decider

    def diagnostics(self) -> dict[str, object]:
        c = self.counters
        return {
            "protocol": self.protocol, "port": self.port_name, "currency": self.currency,
            "connected": self._port is not None and not self._outage,
            "device_state": self.device_state, "last_error": self.last_error,
            "enabled": sorted(self._wanted), "frames_sent": c.frames_sent,
            "frames_received": c.frames_received, "crc_errors": c.crc_errors,
            "timeouts": c.timeouts, "reconnects": c.reconnects,
            "listener_errors": c.listener_errors, "record_failures": c.record_failures,
            "record_fault": self.record_fault, "notes_stacked": c.notes_stacked,
            "amount_stacked": c.amount_stacked, **c.extra,
            "recent_frames": list(self.recent_frames),
            "recent_events": list(self.recent_events), **self._device_info(),
        }

    # -- protocol hooks ----------------------------------------------------------------
    def denominations(self) -> tuple[int, ...]:
        raise NotImplementedError

    def _device_info(self) -> dict[str, object]:
        return {}

    def _initialise(self) -> None:
        raise NotImplementedError

    def _poll_once(self) -> None:
        raise NotImplementedError

    def _apply_enables(self, wanted: set[int]) -> None:
        raise NotImplementedError

    #: Each protocol sets its codec's stream decoder and corrupt-frame type.
    _decoder: StreamDecoder[Any]
    corrupt_frame: type = type(None)

    def _decode(self, data: bytes) -> list[Any]:
        """Feed received bytes to the codec; returns frames and corrupt-frame markers."""
        return self._decoder.feed(data)

    def _is_corrupt(self, item: Any) -> bool:
        return isinstance(item, self.corrupt_frame)

    def _reset_decoder(self) -> None:
        self._decoder.clear()

    def _nak(self) -> bytes | None:
        """Bytes that ask the device to repeat a reply with a bad CRC (None: resend)."""
        return None

    # -- helpers for subclasses (driver thread) ----------------------------------------
    def emit(self, event: ValidatorEvent) -> str | None:
        """Call every listener; returns the first failure's text (None: all returned)."""
        self.recent_events.append(event.event)
        failure: str | None = None
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception as exc:  # a listener bug must not kill the link
                self.counters.listener_errors += 1
                log.exception("bill validator listener failed on %s", event.event)
                failure = failure or f"{type(exc).__name__}: {exc}"
        return failure

    def deliver_report(self, event: ValidatorEvent) -> bool:
        """Deliver a note report the device repeats until ACKed; True: ACK it now.

        False (a listener raised: not recorded) latches ``record_fault``: acceptance is
        disabled, ``RecordFailed`` is emitted once, and the caller must not ACK, so the
        device repeats the report and the next poll delivers it again.
        """
        failure = self.emit(event)
        if failure is not None:
            self.counters.record_failures += 1
            if self.record_fault is None:
                self.record_fault = failure
                self.last_error = f"could not record {event.event}: {failure}"
                with self._lock:
                    self._enables_dirty = True
                self.emit(RecordFailed(event.event, failure))
            return False
        if self.record_fault is not None:
            self.record_fault = None
            with self._lock:
                self._enables_dirty = True
        if isinstance(event, Stacked):
            self.counters.notes_stacked += 1
            self.counters.amount_stacked += event.amount
        return True

    def decide(self, amount: int) -> EscrowDecision:
        """The decision for the note in escrow: asked once per note, remembered."""
        record = self.escrow
        if record is not None and record.amount == amount and record.decision is not None:
            return record.decision
        self.escrow = record = EscrowRecord(amount)
        event = Escrow(amount, self.currency)
        self.emit(event)
        decision = EscrowDecision.RETURN
        inherited, self._inherited = self._inherited, False
        if (amount in self._wanted or inherited) and self._decider is not None:
            try:
                decision = self._decider(event)
            except Exception:
                log.exception("escrow decider failed; returning the note")
        record.decision = decision if isinstance(decision, EscrowDecision) else \
            EscrowDecision.RETURN
        return record.decision

    def write(self, data: bytes) -> None:
        try:
            self._port.write(data)
            self._port.flush()
        except (serial.SerialException, OSError, AttributeError) as exc:
            raise LinkLost(f"write failed: {exc}") from exc
        self.counters.frames_sent += 1
        self.recent_frames.append(">" + data.hex(" "))

    def transact(self, request: bytes) -> Any:
        """Send ``request``; return the first valid reply frame; retries then LinkLost.

        A corrupt reply is answered with the protocol's NAK (the device repeats) or by
        sending the request again; a silent device gets the request again.
        """
        resend = True
        for _attempt in range(self.timing.retries + 1):
            if resend:
                self._reset_decoder()
                self.write(request)
            reply = self._read_reply()
            if reply is None:
                self.counters.timeouts += 1
                resend = True
                continue
            if self._is_corrupt(reply):
                self.counters.crc_errors += 1
                nak = self._nak()
                if nak is not None:
                    self._reset_decoder()
                    self.write(nak)
                resend = nak is None
                continue
            return reply
        self.last_error = "no valid reply"
        raise LinkLost(f"no valid reply after {self.timing.retries + 1} attempts")

    def _read_reply(self) -> Any:
        deadline = time.monotonic() + self.timing.response_timeout_s
        while time.monotonic() < deadline and not self._stop.is_set():
            try:
                data = self._port.read(max(1, self._port.in_waiting))
            except (serial.SerialException, OSError, AttributeError) as exc:
                raise LinkLost(f"read failed: {exc}") from exc
            if not data:
                continue
            self.recent_frames.append("<" + data.hex(" "))
            for item in self._decode(data):
                self.counters.frames_received += 1
                return item
        return None

    # -- the thread --------------------------------------------------------------------
    def _run(self) -> None:
        backoff = self.timing.reconnect_initial_s
        while not self._stop.is_set():
            try:
                if self._port is None:
                    self._port = self._opener(self.port_name, parity=self.parity)
                self._reset_decoder()
                self._initialise()
                if self._outage:
                    self._outage = False
                    self.counters.reconnects += 1
                    self.emit(Reconnected())
                self.emit(Ready(self.denominations(), self.currency))
                backoff = self.timing.reconnect_initial_s
                while not self._stop.is_set():
                    with self._lock:
                        dirty, self._enables_dirty = self._enables_dirty, False
                        wanted = set(self._wanted) if self.record_fault is None else set()
                    if dirty:
                        self._apply_enables(wanted)
                    self._poll_once()
                    self._stop.wait(self.timing.poll_interval_s)
            except Reinitialise:
                continue
            except (LinkLost, PortError) as exc:
                self._link_down(str(exc))
            except Exception as exc:  # never let the thread die silently
                log.exception("bill validator driver error")
                self._link_down(f"driver error: {exc}")
            if not self._stop.is_set():
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.timing.reconnect_max_s)

    def _link_down(self, reason: str) -> None:
        self.last_error = reason
        close_quietly(self._port)
        self._port = None
        with self._lock:
            self._enables_dirty = True
        if not self._outage and not self._stop.is_set():
            self._outage = True
            self.emit(Disconnected(reason))
