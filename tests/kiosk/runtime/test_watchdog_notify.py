"""sd_notify over a real datagram socket, as systemd would receive it."""

from __future__ import annotations

import os
import socket

import pytest

from kiosk.runtime import watchdog


@pytest.fixture
def systemd(tmp_path):
    path = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(5)
    yield sock, {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "2000000",
                 "WATCHDOG_PID": str(os.getpid())}
    sock.close()


def test_ready_and_stopping(systemd) -> None:
    sock, env = systemd
    assert watchdog.ready("serving", env)
    assert sock.recv(256) == b"READY=1\nSTATUS=serving"
    assert watchdog.stopping(env) and sock.recv(256) == b"STOPPING=1"


def test_abstract_socket_name() -> None:
    name = f"kiosk-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(5)
        assert watchdog.notify("WATCHDOG=1", {"NOTIFY_SOCKET": "@" + name})
        assert sock.recv(64) == b"WATCHDOG=1"


def test_no_systemd_is_a_no_op(tmp_path) -> None:
    assert not watchdog.notify("READY=1", {})
    assert not watchdog.notify("READY=1", {"NOTIFY_SOCKET": str(tmp_path / "gone.sock")})
    assert watchdog.watchdog_interval({}) is None
    assert not watchdog.WatchdogPinger(env={}).start()


def test_interval_only_for_this_process() -> None:
    assert watchdog.watchdog_interval({"WATCHDOG_USEC": "30000000"}) == 30.0
    assert watchdog.watchdog_interval({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}) is None


def test_pinger_pings_only_while_healthy(systemd) -> None:
    sock, env = systemd
    state = {"ok": True}
    pinger = watchdog.WatchdogPinger(lambda: state["ok"], env=env)
    assert pinger.interval_s == 2.0
    assert pinger.ping_once() and sock.recv(64) == b"WATCHDOG=1"
    state["ok"] = False
    assert not pinger.ping_once() and pinger.skipped == 1


def test_pinger_thread_pings_at_start(systemd) -> None:
    sock, env = systemd
    pinger = watchdog.WatchdogPinger(env=env)
    assert pinger.start()
    try:
        assert sock.recv(64) == b"WATCHDOG=1"
    finally:
        pinger.stop()
