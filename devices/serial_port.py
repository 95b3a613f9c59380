"""Opening serial ports from a string, the way every driver in ``devices`` does it.

A port string is a device path (``/dev/ttyUSB0``, a pty slave, a udev symlink) or any
pyserial URL (``socket://``, ``spy://``, ``rfc2217://``, ``loop://``), so emulators and
real hardware differ only in configuration. Errors are translated to ``PortError`` with
the pyserial/OS cause chained; opening is retry-safe (nothing is written).

Exceptions::

    DeviceError            root of errors raised by device drivers
    └── PortError          the port could not be opened or used
        └── PortNotFound   a plain path that does not exist (unplugged, wrong name)
"""

from __future__ import annotations

import errno
import os
import termios
from typing import Any

import serial

from devices.errors import DeviceError, PortError, PortNotFound

__all__ = ["DeviceError", "PortError", "PortNotFound", "check_port", "close_quietly",
           "is_url", "open_port"]


def is_url(port: str) -> bool:
    return "://" in port


def check_port(port: str) -> None:
    """Raise ``PortNotFound`` for a plain path that does not exist (URLs are not checked)."""
    if not port:
        raise PortNotFound("no port configured")
    if not is_url(port) and not os.path.exists(port):
        raise PortNotFound(f"serial port {port} does not exist")


def open_port(port: str, *, baudrate: int = 9600, parity: str = serial.PARITY_NONE,
              read_timeout_s: float = 0.02, exclusive: bool = True) -> Any:
    """Open ``port`` 8 data bits / 1 stop bit, input flushed; raises ``PortError``.

    ``exclusive`` locks a device path so a second program cannot open it (ignored for
    URLs, whose handlers do not support it). A Linux pty ignores parity: fine for tests.
    """
    check_port(port)
    try:
        return _open(port, baudrate, parity, read_timeout_s, exclusive)
    except PortError as exc:
        # A Linux pty drops parity once set and then refuses PARENB with EINVAL on a
        # reopen; a pty carries no parity bits anyway, so reopen it without.
        if parity == serial.PARITY_NONE or not is_pty(port) or \
                getattr(exc.__cause__, "args", (None,))[0] != errno.EINVAL:
            raise
        return _open(port, baudrate, serial.PARITY_NONE, read_timeout_s, exclusive)


def is_pty(port: str) -> bool:
    return not is_url(port) and os.path.realpath(port).startswith("/dev/pts/")


def _open(port: str, baudrate: int, parity: str, read_timeout_s: float,
          exclusive: bool) -> Any:
    try:
        handle = serial.serial_for_url(port, do_not_open=True)
        handle.baudrate = baudrate
        handle.bytesize = serial.EIGHTBITS
        handle.parity = parity
        handle.stopbits = serial.STOPBITS_ONE
        handle.timeout = read_timeout_s
        if not port.lower().startswith("rfc2217://"):
            # pyserial's RFC 2217 client refuses any write timeout (NotImplementedError).
            handle.write_timeout = 1.0
        if exclusive and not is_url(port):
            handle.exclusive = True
        handle.open()
        handle.reset_input_buffer()
    except (serial.SerialException, OSError, ValueError, termios.error,
            NotImplementedError) as exc:
        if not is_url(port) and not os.path.exists(port):
            raise PortNotFound(f"serial port {port} does not exist") from exc
        raise PortError(f"cannot open {port}: {exc}") from exc
    return handle


def close_quietly(handle: Any) -> None:
    """Close a port that may already be dead (unplugged device, closed pty master)."""
    if handle is None:
        return
    try:
        handle.close()
    except (serial.SerialException, OSError):
        return
