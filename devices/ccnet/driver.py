"""CCNET bill-validator driver: init sequence, poll loop and state -> event mapping.

Init (also after every reconnect or power-up)::

    POLL -> power-up state (10/11/12)?  report PowerUpWithBill for 11/12, then RESET
         -> poll until INITIALIZE (13) is over -> IDENTIFICATION -> GET BILL TABLE
         -> Ready; ENABLE BILL TYPES is sent by the poll loop from ``enable()``.

A device found in a working state after a link outage (or with a note in flight when the
host starts) is *not* reset, so a note held in escrow is decided (with the decision
already taken, if any) instead of being ejected.

Every data reply is ACKed; a reply with a bad CRC is NAKed (the device repeats it).
Events are emitted on state changes, so a state repeated across polls (an un-ACKed 81,
a persisting jam) is reported once. The note reports 81/82 are ACKed only after the
listeners ran (and never during init), so a host that dies before recording the note
gets the report again from the device after its restart; a report the listeners could
not record is not ACKed at all and delivered again on the next poll (``deliver_report``).
"""

from __future__ import annotations

import time
from typing import Any

from devices.bill_validator import (
    CassetteFull,
    CassetteRemoved,
    EscrowDecision,
    Fault,
    Jam,
    PowerUpWithBill,
    Ready,
    Rejected,
    Returned,
    Stacked,
    ValidatorEvent,
)
from devices.ccnet import codec
from devices.ccnet.messages import (
    BillType,
    enable_bill_types,
    parse_bill_table,
    parse_identification,
)
from devices.ccnet.tables import FAILURE_CODES, POWER_UP_STATES, REJECT_REASONS, Cmd, State
from devices.validator_driver import LinkLost, Reinitialise, ValidatorDriverBase, state_text

FAULT_STATES = frozenset({0x41, 0x42, 0x43, 0x44, 0x45, 0x47})
IDLE_STATES = frozenset({State.IDLING, State.UNIT_DISABLED})
#: States in which a RESET would eject or lose track of a note: never reset in these.
NOTE_IN_FLIGHT = frozenset({State.ACCEPTING, State.STACKING, State.RETURNING, State.HOLDING,
                            State.ESCROW, State.STACKED, State.RETURNED})
#: Reports the device repeats until ACKed: ACK them only once they were delivered.
NOTE_REPORTS = frozenset({State.STACKED, State.RETURNED})


class CcnetValidator(ValidatorDriverBase):
    protocol = "ccnet"
    corrupt_frame = codec.CorruptFrame

    def __init__(self, port: str, **kwargs: Any) -> None:
        super().__init__(port, **kwargs)
        self._decoder = codec.Decoder()
        self._bills: dict[int, BillType] = {}
        self._identity: dict[str, str] = {}
        self._last: bytes = b""

    def denominations(self) -> tuple[int, ...]:
        return tuple(sorted({b.amount for b in self._bills.values()}))

    # -- codec hooks ---------------------------------------------------------------
    def _nak(self) -> bytes:
        return codec.encode(bytes((codec.NAK,)))

    def _device_info(self) -> dict[str, object]:
        return {**self._identity,  # part number (model/firmware), serial, asset number
                "bill_table": {b.index: b.amount for b in self._bills.values()}}

    # -- exchanges -------------------------------------------------------------------
    def _command(self, payload: bytes, *, ack: bool = True) -> bytes:
        """Send a command; returns the reply payload (data replies are ACKed if ``ack``)."""
        frame = self.transact(codec.encode(payload))
        reply: bytes = frame.payload
        if ack:
            self._ack(reply)
        return reply

    def _ack(self, reply: bytes) -> None:
        if reply[:1] not in (bytes((codec.ACK,)), bytes((codec.NAK,)),
                             bytes((codec.ILLEGAL_COMMAND,))) or len(reply) > 1:
            self.write(codec.encode(bytes((codec.ACK,))))

    def _poll(self) -> bytes:
        """POLL; every reply but a note report (81/82) is ACKed at once."""
        reply = self._command(bytes((Cmd.POLL,)), ack=False)
        if not reply:
            raise LinkLost("empty poll reply")
        self.device_state = state_text(State, reply[0])
        if reply[0] not in NOTE_REPORTS:
            self._ack(reply)
        return reply

    # -- init ------------------------------------------------------------------------
    def _initialise(self) -> None:
        reply = self._poll()
        self._inherited = self.escrow is None and reply[0] in (
            State.ACCEPTING, State.ESCROW, State.HOLDING)
        if reply[0] in POWER_UP_STATES or reply[0] in (State.INITIALIZE, State.BUSY) \
                or (not self._bills and reply[0] not in NOTE_IN_FLIGHT):
            self._power_up(reply[0])
            self._command(bytes((Cmd.RESET,)))
            self._wait_initialised()
        self._identity = parse_identification(self._command(bytes((Cmd.IDENTIFICATION,))))
        table = parse_bill_table(self._command(bytes((Cmd.GET_BILL_TABLE,))), self.currency)
        self._bills = {b.index: b for b in table}
        if table:
            self.currency = table[0].currency
        with self._lock:
            self._enables_dirty = True

    def _power_up(self, state: int) -> None:
        where = {State.POWER_UP_BILL_IN_VALIDATOR: "validator",
                 State.POWER_UP_BILL_IN_STACKER: "stacker"}.get(State(state)) \
            if state in POWER_UP_STATES else None
        if where is not None:
            amount = self.escrow.amount if self.escrow and not self.escrow.credited else None
            self.emit(PowerUpWithBill(where, amount))
        self.escrow = None
        self._last = b""

    def _wait_initialised(self) -> None:
        deadline = time.monotonic() + self.timing.init_timeout_s
        while time.monotonic() < deadline and not self._stop.is_set():
            state = self._poll()[0]
            if state not in (State.INITIALIZE, State.BUSY, *POWER_UP_STATES):
                return
            self._stop.wait(self.timing.poll_interval_s)
        raise LinkLost("device did not finish initialising")

    def _apply_enables(self, wanted: set[int]) -> None:
        types = {b.index for b in self._bills.values() if b.amount in wanted}
        self._command(enable_bill_types(types))

    # -- poll loop -------------------------------------------------------------------
    def _poll_once(self) -> None:
        reply = self._poll()
        state = reply[0]
        if state in POWER_UP_STATES:
            self._power_up(state)
            raise Reinitialise()
        if state == State.ESCROW:
            self._escrow(reply[1] if len(reply) > 1 else -1)
            self._last = reply
            return
        if reply == self._last:
            if state in NOTE_REPORTS:
                self._ack(reply)  # a repeat after a lost ACK: recorded already
            return
        event = self._event_for(reply, self._last)
        if state in NOTE_REPORTS:
            if event is None or self.deliver_report(event):
                self._last = reply
                self._ack(reply)  # only after the listeners recorded it
            return  # not recorded: no ACK, the device repeats it, the next poll retries
        self._last = reply
        if event is not None:
            self.emit(event)

    def _escrow(self, bill_type: int) -> None:
        bill = self._bills.get(bill_type)
        if bill is None:
            if self._last[:1] != bytes((State.ESCROW,)):
                self.emit(Rejected(f"unknown bill type {bill_type}"))
            self._command(bytes((Cmd.RETURN,)))
            return
        decision = self.decide(bill.amount)
        self._command(bytes((Cmd.STACK if decision is EscrowDecision.STACK else Cmd.RETURN,)))

    def _event_for(self, reply: bytes, previous: bytes) -> ValidatorEvent | None:
        state, sub = reply[0], (reply[1] if len(reply) > 1 else -1)
        bill = self._bills.get(sub)
        if state == State.STACKED:
            if bill is None:
                return Fault(State.STACKED, f"stacked unknown bill type {sub}")
            self.escrow = None
            return Stacked(bill.amount, self.currency)
        if state == State.RETURNED:
            self.escrow = None
            return Returned(bill.amount, self.currency) if bill else None
        if state == State.REJECTING:
            return Rejected(REJECT_REASONS.get(sub, f"reason {sub:#04x}"))
        simple: dict[int, ValidatorEvent] = {
            State.CASSETTE_FULL: CassetteFull(), State.CASSETTE_OUT: CassetteRemoved(),
            State.VALIDATOR_JAMMED: Jam("validator"), State.CASSETTE_JAMMED: Jam("cassette"),
            State.CHEATED: Fault(State.CHEATED, "cheated"),
        }
        if state in simple:
            return simple[state]
        if state == State.FAILURE:
            return Fault(sub, FAILURE_CODES.get(sub, "failure"))
        if state in IDLE_STATES and previous[:1] and previous[0] in FAULT_STATES:
            return Ready(self.denominations(), self.currency)
        if state not in State.__members__.values():
            return Fault(state, f"unknown device state {state:#04x}")
        return None
