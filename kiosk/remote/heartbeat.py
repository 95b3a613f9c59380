"""Heartbeat: every ``interval_s`` (60 s by default) tell the server how the kiosk is.

The body is built from a ``status`` callable (the maintenance service's
``collect_status``) and trimmed to what monitoring needs: device states with reasons,
queue status, cassette fill, paper state, software version, uptime, service state. No
card data can be in it: the devices report none, and the body passes the same redactor
as the logs (string values only). A failed heartbeat is logged and retried at the next
tick, never queued: a stale heartbeat is worth nothing.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import requests
from requests.auth import AuthBase

from kiosk import __version__
from kiosk.logs import scrub

log = logging.getLogger(__name__)

DEVICE_KEYS = ("protocol", "connected", "open", "device_state", "registered", "paper",
               "last_error", "fault", "required", "model", "firmware", "notes_stacked")


def build_body(status: dict[str, Any], *, uptime_s: float) -> dict[str, Any]:
    """The heartbeat body from a full status report (``MaintenanceService.collect_status``)."""
    devices = {name: {k: d[k] for k in DEVICE_KEYS if k in d}
               for name, d in status.get("devices", {}).items()}
    cassette = status.get("cassette") or {}
    printer = status.get("devices", {}).get("printer", {})
    body = {
        "version": status.get("version", __version__),
        "uptime_s": int(uptime_s),
        "service": status.get("service"),
        "devices": devices,
        "queue": status.get("queue"),
        "cassette": {"notes": sum(cassette.values()),
                     "amount": sum(int(d) * n for d, n in cassette.items()),
                     "by_denomination": cassette},
        "paper": printer.get("paper", "unknown"),
        "disk_free_pct": (status.get("disk") or {}).get("free_pct"),
        "last_batch": (status.get("last_batch") or {}).get("batch_no"),
    }
    scrubbed: dict[str, Any] = scrub(json.loads(json.dumps(body, default=str)))
    return scrubbed


class Heartbeat:
    """Background sender; ``beat_once()`` is the same step, synchronously (tests, CLI)."""

    def __init__(self, base_url: str, kiosk_id: str, auth: AuthBase,
                 status: Callable[[], dict[str, Any]], *, interval_s: float = 60.0,
                 timeout: tuple[float, float] = (3.0, 10.0),
                 monotonic: Callable[[], float] = time.monotonic,
                 on_tick: Callable[[], None] | None = None,
                 session: requests.Session | None = None) -> None:
        self.url = f"{base_url.rstrip('/')}/v1/kiosks/{kiosk_id}/heartbeat"
        self.auth = auth
        self.status = status
        self.interval_s = interval_s
        self.timeout = timeout
        self._monotonic = monotonic
        self._started = monotonic()
        self._on_tick = on_tick
        self._session = session or requests.Session()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_ok: bool | None = None
        self.last_reply: dict[str, Any] | None = None
        self.last_error: str | None = None
        self.sent = 0

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            self.beat_once()
            self._stop.wait(self.interval_s)

    def beat_once(self) -> bool:
        """Run the periodic checks (``on_tick``), then send one heartbeat; never raises."""
        try:
            if self._on_tick:
                self._on_tick()
            body = build_body(self.status(), uptime_s=self._monotonic() - self._started)
            resp = self._session.post(self.url, data=json.dumps(body).encode(),
                                      headers={"Content-Type": "application/json"},
                                      auth=self.auth, timeout=self.timeout)
            self.last_ok = resp.status_code == 200
            self.last_reply = resp.json() if self.last_ok else None
            self.last_error = None if self.last_ok else f"HTTP {resp.status_code}"
        except Exception as exc:  # offline is normal for a kiosk: note it, try next tick
            self.last_ok, self.last_error = False, f"{type(exc).__name__}: {exc}"
        if self.last_ok:
            self.sent += 1
        else:
            log.info("heartbeat not delivered", extra={"error": self.last_error})
        return bool(self.last_ok)

    def server_status(self) -> dict[str, Any]:
        """For diagnostics: did the server answer the last heartbeat."""
        return {"reachable": self.last_ok, "last_error": self.last_error,
                "server_time": (self.last_reply or {}).get("server_time"),
                "pending_commands": (self.last_reply or {}).get("pending_commands")}
