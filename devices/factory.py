"""Open a bill validator by protocol name, the one call the application makes.

The driver is returned *unstarted* so the caller can add listeners and the escrow decider
before the first event; ``start()`` opens the port on the driver's own thread.
"""

from __future__ import annotations

from dataclasses import fields

from devices.bill_validator import BillValidator
from devices.ccnet.driver import CcnetValidator
from devices.id003.driver import Id003Validator
from devices.serial_port import DeviceError
from devices.validator_driver import ValidatorTiming

PROTOCOLS = ("ccnet", "id003")


class UnknownProtocol(DeviceError):
    """The protocol name is not one of ``PROTOCOLS``."""


def open_bill_validator(protocol: str, port: str, *, currency_hint: str = "CNY",
                        **timing: float) -> BillValidator:
    """A CCNET or ID-003 driver on ``port``; ``timing`` overrides ``ValidatorTiming`` fields.

    Raises ``UnknownProtocol`` for another protocol name and ``TypeError`` for an unknown
    timing field; the port itself is opened (and reopened) by the driver thread.
    """
    names = {f.name for f in fields(ValidatorTiming)}
    unknown = set(timing) - names
    if unknown:
        raise TypeError(f"unknown timing fields: {', '.join(sorted(unknown))}")
    settings = ValidatorTiming(**timing)  # type: ignore[arg-type]
    name = protocol.lower().replace("-", "")
    if name == "ccnet":
        return CcnetValidator(port, currency_hint=currency_hint, timing=settings)
    if name == "id003":
        return Id003Validator(port, currency_hint=currency_hint, timing=settings)
    raise UnknownProtocol(f"unknown bill validator protocol {protocol!r}; "
                          f"use one of {', '.join(PROTOCOLS)}")
