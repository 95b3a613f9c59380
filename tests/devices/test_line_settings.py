"""The drivers open their port with the line settings each protocol requires.

A Linux pty silently drops parity, so the pty rigs cannot show that ID-003 runs 8E1. Here
the driver connects over ``rfc2217://`` to a small RFC 2217 server whose
``serial.rfc2217.PortManager`` applies what the client negotiates to a ``loop://`` port;
the settings in effect when the first data byte arrives (the client's ``open()`` waits
for every setting to be acknowledged before it returns) are what the driver asked for.
"""

from __future__ import annotations

import queue
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import serial
import serial.rfc2217

from devices.factory import open_bill_validator
from devices.serial_port import is_pty
from devices.zvt.link import open_serial

Settings = tuple[int, int, str, float]
TIMING: Any = {"poll_interval_s": 0.02, "response_timeout_s": 0.05, "retries": 0,
          "reconnect_initial_s": 0.05, "reconnect_max_s": 0.1, "init_timeout_s": 1.0}


class _Connection:
    """The write side ``PortManager`` expects."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def write(self, data: bytes) -> None:
        self.sock.sendall(data)


class Rfc2217Recorder:
    """Accepts clients one after another and reports each one's negotiated settings."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.url = f"rfc2217://127.0.0.1:{self._listener.getsockname()[1]}"
        self.settings: queue.Queue[Settings] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="rfc2217-recorder")
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            with conn:
                self._handle(conn)

    def _handle(self, conn: socket.socket) -> None:
        # Defaults unlike every protocol's, so a setting the client skips shows up.
        port = serial.serial_for_url("loop://", baudrate=115200, bytesize=serial.SEVENBITS,
                                     parity=serial.PARITY_ODD, stopbits=serial.STOPBITS_TWO)
        conn.settimeout(0.05)
        manager = serial.rfc2217.PortManager(port, _Connection(conn))
        reported = False
        try:
            while not self._stop.is_set():
                try:
                    data = conn.recv(1024)
                except TimeoutError:
                    continue
                if not data:
                    return
                payload = b"".join(manager.filter(data))
                if payload and not reported:  # first byte after open(): settings are final
                    reported = True
                    self.settings.put((port.baudrate, port.bytesize, port.parity,
                                       port.stopbits))
        except OSError:
            return
        finally:
            port.close()


@pytest.fixture
def recorder() -> Iterator[Rfc2217Recorder]:
    server = Rfc2217Recorder()
    yield server
    server.close()


@pytest.mark.parametrize(("protocol", "parity"), [("ccnet", serial.PARITY_NONE),
                                                   ("id003", serial.PARITY_EVEN)])
def test_validator_negotiates_protocol_line_settings(recorder: Rfc2217Recorder,
                                                      protocol: str, parity: str) -> None:
    driver: Any = open_bill_validator(protocol, recorder.url, **TIMING)
    driver.start()
    try:
        negotiated = recorder.settings.get(timeout=10)
    finally:
        driver.close()
    assert negotiated == (9600, 8, parity, 1)


def test_zvt_link_negotiates_8n2(recorder: Rfc2217Recorder) -> None:
    port = open_serial(recorder.url, 9600)
    try:
        port.write(b"\x10")
        negotiated = recorder.settings.get(timeout=10)
    finally:
        port.close()
    assert negotiated == (9600, 8, serial.PARITY_NONE, 2)


def test_pty_parity_fallback_is_for_pty_paths_only() -> None:
    assert not is_pty("rfc2217://127.0.0.1:7000")
    assert not is_pty("/dev/ttyUSB0")
    assert not is_pty("/dev/ttyS0")
