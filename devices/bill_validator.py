"""What the application sees of any bill validator, whatever its protocol.

Drivers (CCNET, ID-003) translate their wire states into these typed events. Amounts
are integer minor units of ``currency`` as read from the device's own bill table.

Threading: a driver runs its own thread that owns the serial port. Listeners and the
escrow decider are called on that thread, so they must be quick and must not block on
the GUI; the app's adapter forwards events to Qt through queued signals.

Money rule: ``Stacked`` is the only credit event. ``Escrow`` means a note is held and
the decider is asked; the app records the escrowed note durably *before* it answers
``EscrowDecision.STACK``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol


class EscrowDecision(enum.Enum):
    STACK = "stack"
    RETURN = "return"


@dataclass(frozen=True)
class Ready:
    """Device initialised and idle; ``denominations`` from its bill table (minor units)."""

    denominations: tuple[int, ...]
    currency: str
    event: str = field(default="ready", init=False)


@dataclass(frozen=True)
class Escrow:
    amount: int
    currency: str
    event: str = field(default="escrow", init=False)


@dataclass(frozen=True)
class Stacked:
    """The credit event: the note is in the cassette."""

    amount: int
    currency: str
    event: str = field(default="stacked", init=False)


@dataclass(frozen=True)
class Returned:
    amount: int
    currency: str
    event: str = field(default="returned", init=False)


@dataclass(frozen=True)
class Rejected:
    reason: str
    event: str = field(default="rejected", init=False)


@dataclass(frozen=True)
class Jam:
    where: str  # "validator" or "cassette"
    event: str = field(default="jam", init=False)


@dataclass(frozen=True)
class CassetteRemoved:
    event: str = field(default="cassette_removed", init=False)


@dataclass(frozen=True)
class CassetteFull:
    event: str = field(default="cassette_full", init=False)


@dataclass(frozen=True)
class Disconnected:
    reason: str
    event: str = field(default="disconnected", init=False)


@dataclass(frozen=True)
class Reconnected:
    event: str = field(default="reconnected", init=False)


@dataclass(frozen=True)
class Fault:
    code: int
    text: str
    event: str = field(default="fault", init=False)


@dataclass(frozen=True)
class PowerUpWithBill:
    """The device powered up holding a note (protocol states CCNET 11/12, ID-003 41/42).

    ``location`` is ``"validator"`` (note in the acceptor path, normally returned) or
    ``"stacker"`` (note reached the cassette; whether it was credited is for the app to
    settle from its journal). ``amount`` is ``None`` when the protocol does not say.
    """

    location: str
    amount: int | None
    event: str = field(default="power_up_with_bill", init=False)


@dataclass(frozen=True)
class RecordFailed:
    """The app could not record a note report (a listener raised, e.g. disk full).

    Why a device-level event: the driver did not ACK the report, so the device keeps
    repeating it and the driver keeps delivering it; meanwhile it accepts no notes. The
    app goes out of service with ``reason`` until a delivery succeeds (then acceptance
    is restored and the report is ACKed once). ``report`` is the event not recorded.
    """

    report: str
    reason: str
    event: str = field(default="record_failed", init=False)


ValidatorEvent = (
    Ready | Escrow | Stacked | Returned | Rejected | Jam | CassetteRemoved | CassetteFull
    | Disconnected | Reconnected | Fault | PowerUpWithBill | RecordFailed
)
Listener = Callable[[ValidatorEvent], None]
#: Device faults: after one the validator takes no notes until it reports ``Ready`` or
#: ``Reconnected``. ``RecordFailed`` is not among them: the device is fine, the app's
#: storage is not (the session treats it as a fault of its own).
FAULT_EVENTS = (Jam, Fault, Disconnected, CassetteRemoved, CassetteFull)


def is_fault(ev: ValidatorEvent) -> bool:
    """Whether ``ev`` takes the validator out of service until it is ready again."""
    return isinstance(ev, FAULT_EVENTS)

EscrowDecider = Callable[[Escrow], EscrowDecision]


class BillValidator(Protocol):
    """Common interface of the CCNET and ID-003 drivers (opened by
    ``devices.factory.open_bill_validator``)."""

    currency: str

    def start(self) -> None:
        """Open the port and start the driver thread (returns at once; events follow)."""

    def close(self) -> None:
        """Stop the thread and close the port; idempotent."""

    def enable(self, denominations: Iterable[int]) -> None:
        """Accept only these note values (minor units); others are rejected by the device."""

    def disable(self) -> None:
        """Accept no notes (a note already in escrow is still decided and reported)."""

    def denominations(self) -> tuple[int, ...]:
        """Note values the device reported in its bill table; empty before ``Ready``."""

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener`` on the driver thread for every event."""

    def set_escrow_decider(self, decider: EscrowDecider) -> None:
        """Ask ``decider`` what to do with each escrowed note (default: return it)."""

    def diagnostics(self) -> dict[str, object]:
        """Model, firmware, link and device state, last error, counters (JSON-safe)."""
