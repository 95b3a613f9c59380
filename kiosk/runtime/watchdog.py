"""systemd notification (sd_notify) without libsystemd: one datagram per message.

With ``Type=notify`` and ``WatchdogSec=30`` in the unit, systemd waits for ``READY=1``
before it calls the kiosk started, and restarts it when no ``WATCHDOG=1`` arrives for 30
seconds. The pinger only pings while ``healthy()`` says the main loop is alive (the UI
thread answers a tick), so a frozen screen gets restarted instead of being pinged
forever by a healthy background thread. Outside systemd (no ``NOTIFY_SOCKET``) every
call is a cheap no-op returning False.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Mapping


def notify(message: str, env: Mapping[str, str] | None = None) -> bool:
    """Send ``message`` (e.g. ``READY=1``) to the socket in ``NOTIFY_SOCKET``.

    A leading ``@`` names an abstract socket (Linux). Returns False when not under
    systemd or when sending fails: notification must never take the kiosk down.
    """
    address = (os.environ if env is None else env).get("NOTIFY_SOCKET", "")
    if not address or address[0] not in "/@":
        return False
    if address[0] == "@":
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
    except OSError:
        return False
    return True


def watchdog_interval(env: Mapping[str, str] | None = None) -> float | None:
    """Seconds from ``WATCHDOG_USEC`` if the watchdog is meant for this process."""
    env = os.environ if env is None else env
    usec, pid = env.get("WATCHDOG_USEC", ""), env.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    if pid and pid.isdigit() and int(pid) != os.getpid():
        return None
    return int(usec) / 1_000_000


def ready(status: str = "", env: Mapping[str, str] | None = None) -> bool:
    return notify("READY=1" + (f"\nSTATUS={status}" if status else ""), env)


def stopping(env: Mapping[str, str] | None = None) -> bool:
    return notify("STOPPING=1", env)


class WatchdogPinger:
    """Pings ``WATCHDOG=1`` every half interval while ``healthy()`` returns True."""

    def __init__(self, healthy: Callable[[], bool] = lambda: True, *,
                 interval_s: float | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        self._env = dict(os.environ if env is None else env)
        self.interval_s = interval_s if interval_s is not None else watchdog_interval(self._env)
        self._healthy = healthy
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.pings = 0
        self.skipped = 0

    def start(self) -> bool:
        """Start pinging; False (and nothing started) when no watchdog is configured."""
        if not self.interval_s or self._thread is not None:
            return False
        self._thread = threading.Thread(target=self._run, name="watchdog", daemon=True)
        self._thread.start()
        return True

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def ping_once(self) -> bool:
        try:
            ok = bool(self._healthy())
        except Exception:
            ok = False
        if not ok:
            self.skipped += 1
            return False
        sent = notify("WATCHDOG=1", self._env)
        self.pings += int(sent)
        return sent

    def _run(self) -> None:
        assert self.interval_s is not None
        while not self._stop.is_set():
            self.ping_once()
            self._stop.wait(self.interval_s / 2)
