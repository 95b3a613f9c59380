"""Every error the ``devices`` drivers raise, one tree (``DeviceError`` at the root)::

    DeviceError                  root: catch this to catch anything a driver raises
    ├── PortError                the port could not be opened, read or written
    │   └── PortNotFound         a device path that does not exist
    ├── LinkLost                 the link failed: port gone (unplugged, closed) or no valid
    │                            reply after all retries; the driver's outer loop reconnects
    │                            (a card payment's outcome is not known at that point)
    ├── Reinitialise             (devices.validator_driver) the validator reported power-up
    ├── UnknownProtocol          (devices.factory) no driver for the configured protocol
    └── ZvtError                 (devices.zvt.codec) every ZVT failure: codec, link, terminal

The leaves that belong to one driver stay in its module; the shared ones are here, defined
once, and importable from their old homes (``devices.serial_port``,
``devices.validator_driver``, ``devices.zvt.link``).
"""

from __future__ import annotations


class DeviceError(Exception):
    """Root of errors raised by the ``devices`` drivers."""


class PortError(DeviceError):
    """The port could not be opened, read or written."""


class PortNotFound(PortError):
    """A device path that does not exist."""


class LinkLost(DeviceError):
    """The link failed (port gone, or no valid reply after all retries): reconnect."""
