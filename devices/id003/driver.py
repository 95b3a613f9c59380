"""ID-003 bill-validator driver: init sequence, poll loop and status -> event mapping.

Init (also after every reconnect or power-up)::

    STATUS REQUEST -> power-up (40/41/42)? report PowerUpWithBill for 41/42, then RESET
        (device answers ACK 50) -> poll until INITIALIZE (1B) is over
        -> GET CURRENCY ASSIGNMENT (8A) -> Ready; the poll loop then sends C0 (enable
        mask) and C3 (inhibit off when anything is enabled), each echoed by the device.

Credit: ESCROW (13 + code) -> STACK-1 or RETURN -> STACKING -> VEND VALID (15), which the
host ACKs with 50. The driver emits ``Stacked`` and then ACKs: VEND VALID repeats until
ACKed, so a host that dies before recording the note hears of it again after a restart;
every repeat is ACKed but credited once per escrowed note; a VEND VALID the listeners
could not record is not ACKed and delivered again on the next poll (``deliver_report``).
VEND VALID carries no denomination: for a note escrowed before the driver started,
``Stacked.amount`` is 0 (the app binds it to the note its ledger escrowed).
ID-003 has no NAK: a reply with a bad CRC is answered by sending the request again.
"""

from __future__ import annotations

import time
from typing import Any

import serial

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
from devices.id003 import codec
from devices.id003.messages import Denomination, inhibit_mask, parse_currency_assignment
from devices.id003.tables import FAILURE_CODES, POWER_UP_STATUSES, REJECT_REASONS, Cmd, Status
from devices.validator_driver import (
    EscrowRecord,
    LinkLost,
    Reinitialise,
    ValidatorDriverBase,
    state_text,
)

FAULT_STATUSES = frozenset({0x43, 0x44, 0x45, 0x46, 0x48, 0x49})
IDLE_STATUSES = frozenset({Status.IDLING, Status.DISABLED})
NOTE_IN_FLIGHT = frozenset({Status.ACCEPTING, Status.ESCROW, Status.STACKING,
                            Status.VEND_VALID, Status.STACKED, Status.RETURNING, Status.HOLDING})


class Id003Validator(ValidatorDriverBase):
    protocol = "id003"
    corrupt_frame = codec.CorruptFrame
    parity = serial.PARITY_EVEN

    def __init__(self, port: str, **kwargs: Any) -> None:
        super().__init__(port, **kwargs)
        self._decoder = codec.Decoder()
        self._denoms: dict[int, Denomination] = {}
        self._last: tuple[int, bytes] = (-1, b"")

    def denominations(self) -> tuple[int, ...]:
        return tuple(sorted({d.amount for d in self._denoms.values()}))

    def _device_info(self) -> dict[str, object]:
        return {"currency_assignment": {f"{d.code:02X}": d.amount for d in self._denoms.values()}}

    def _command(self, command: int, data: bytes = b"") -> codec.Frame:
        frame: codec.Frame = self.transact(codec.encode(command, data))
        return frame

    def _poll(self) -> codec.Frame:
        frame = self._command(Cmd.STATUS_REQUEST)
        self.device_state = state_text(Status, frame.command)
        return frame

    # -- init ------------------------------------------------------------------------
    def _initialise(self) -> None:
        status = self._poll().command
        self._inherited = self.escrow is None and status in (
            Status.ACCEPTING, Status.ESCROW, Status.HOLDING)
        if status in POWER_UP_STATUSES or status == Status.INITIALIZE \
                or (not self._denoms and status not in NOTE_IN_FLIGHT):
            self._power_up(status)
            self._command(Cmd.RESET)
            self._wait_initialised()
        reply = self._command(Cmd.GET_CURRENCY_ASSIGNMENT)
        if reply.command != Cmd.GET_CURRENCY_ASSIGNMENT:
            raise LinkLost(f"unexpected reply {reply.command:#04x} to currency assignment")
        self._denoms = {d.code: d for d in parse_currency_assignment(reply.data, self.currency)}
        with self._lock:
            self._enables_dirty = True

    def _power_up(self, status: int) -> None:
        where = {Status.POWER_UP_BILL_IN_ACCEPTOR: "validator",
                 Status.POWER_UP_BILL_IN_STACKER: "stacker"}.get(Status(status)) \
            if status in POWER_UP_STATUSES else None
        if where is not None:
            amount = self.escrow.amount if self.escrow and not self.escrow.credited else None
            self.emit(PowerUpWithBill(where, amount))
        self.escrow = None
        self._last = (-1, b"")

    def _wait_initialised(self) -> None:
        deadline = time.monotonic() + self.timing.init_timeout_s
        while time.monotonic() < deadline and not self._stop.is_set():
            if self._poll().command not in (Status.INITIALIZE, *POWER_UP_STATUSES):
                return
            self._stop.wait(self.timing.poll_interval_s)
        raise LinkLost("device did not finish initialising")

    def _apply_enables(self, wanted: set[int]) -> None:
        codes = {d.code for d in self._denoms.values() if d.amount in wanted}
        self._setting(Cmd.SET_DENOMINATION, inhibit_mask(codes))
        self._setting(Cmd.SET_INHIBIT, b"\x00" if codes else b"\x01")

    def _setting(self, command: int, data: bytes) -> None:
        echo = self._command(command, data)
        if echo.command != command:
            self.last_error = f"setting {command:#04x} answered {echo.command:#04x}"

    # -- poll loop -------------------------------------------------------------------
    def _poll_once(self) -> None:
        frame = self._poll()
        status = frame.command
        if status in POWER_UP_STATUSES:
            self._power_up(status)
            raise Reinitialise()
        if status == Status.ESCROW:
            self._escrow(frame.data[0] if frame.data else -1)
        elif status == Status.VEND_VALID:
            self._vend_valid()
        key = (status, frame.data)
        if key == self._last:
            return
        previous, self._last = self._last, key
        event = self._event_for(status, frame.data, previous[0])
        if event is not None:
            self.emit(event)

    def _escrow(self, code: int) -> None:
        denom = self._denoms.get(code)
        if denom is None:
            if self._last[0] != Status.ESCROW:
                self.emit(Rejected(f"unknown escrow code {code:#04x}"))
            self._command(Cmd.RETURN)
            return
        decision = self.decide(denom.amount)
        self._command(Cmd.STACK_1 if decision is EscrowDecision.STACK else Cmd.RETURN)

    def _vend_valid(self) -> None:
        record = self.escrow
        if record is None:  # escrowed before this driver started: value unknown here
            self.escrow = record = EscrowRecord(0)
        if not record.credited:
            if not self.deliver_report(Stacked(record.amount, self.currency)):
                return  # not recorded: no ACK, VEND VALID repeats, the next poll retries
            record.credited = True
        self.write(codec.encode(Cmd.ACK))  # no reply expected; after the listeners

    def _event_for(self, status: int, data: bytes, previous: int) -> ValidatorEvent | None:
        sub = data[0] if data else -1
        if status == Status.STACKED or (status in IDLE_STATUSES and self.escrow
                                        and self.escrow.credited):
            self.escrow = None
        if status == Status.RETURNING and self.escrow is not None:
            amount, self.escrow = self.escrow.amount, None
            return Returned(amount, self.currency)
        if status == Status.REJECTING:
            return Rejected(REJECT_REASONS.get(sub, f"reason {sub:#04x}"))
        simple: dict[int, ValidatorEvent] = {
            Status.STACKER_FULL: CassetteFull(), Status.STACKER_OPEN: CassetteRemoved(),
            Status.ACCEPTOR_JAM: Jam("validator"), Status.STACKER_JAM: Jam("cassette"),
            Status.CHEATED: Fault(Status.CHEATED, "cheated"),
        }
        if status in simple:
            return simple[status]
        if status == Status.FAILURE:
            return Fault(sub, FAILURE_CODES.get(sub, "failure"))
        if status in IDLE_STATUSES and previous in FAULT_STATUSES:
            return Ready(self.denominations(), self.currency)
        if status not in Status.__members__.values():
            return Fault(status, f"unknown device status {status:#04x}")
        return None
