"""devices has one error tree (devices.errors, issue 13 item 4): one root, LinkLost once."""

from __future__ import annotations

from devices import errors, factory, serial_port, validator_driver
from devices.zvt import codec, link


def test_link_lost_is_defined_once() -> None:
    assert validator_driver.LinkLost is errors.LinkLost
    assert link.LinkLost is errors.LinkLost


def test_every_driver_error_has_the_one_root() -> None:
    for cls in (serial_port.PortError, serial_port.PortNotFound, errors.LinkLost,
                validator_driver.Reinitialise, factory.UnknownProtocol, codec.ZvtError):
        assert issubclass(cls, errors.DeviceError), cls
    assert serial_port.DeviceError is errors.DeviceError


def test_the_tree_in_the_docstring_names_every_class() -> None:
    doc = errors.__doc__ or ""
    for name in ("DeviceError", "PortError", "PortNotFound", "LinkLost", "Reinitialise",
                 "UnknownProtocol", "ZvtError"):
        assert name in doc



def test_is_fault_names_the_device_faults_only():
    from devices.bill_validator import (
        CassetteFull,
        CassetteRemoved,
        Disconnected,
        Fault,
        Jam,
        Ready,
        Reconnected,
        RecordFailed,
        Stacked,
        is_fault,
    )
    faults = (Jam("validator"), Fault(1, "x"), Disconnected("gone"), CassetteRemoved(),
              CassetteFull())
    assert all(is_fault(ev) for ev in faults)
    others = (Ready((1000,), "CNY"), Reconnected(), Stacked(1000, "CNY"),
              RecordFailed("stacked", "disk full"))
    assert not any(is_fault(ev) for ev in others)
