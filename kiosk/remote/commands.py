"""The command channel: the kiosk sits behind NAT, so it long-polls the server for work.

One thread: ``GET /v1/kiosks/{id}/commands?wait=S`` (the server holds the request up to S
seconds), run each command, ``POST .../commands/{cid}/result``. Errors back off
exponentially with jitter (injectable ``rng``) up to ``backoff_cap``. ``stop()`` returns
at once while the thread only waits on a long poll (nothing durable happens there, and a
command received after stop is not run: the server redelivers it); it joins the thread
only while a command runs, so a command is never cut in half. A command is executed at
most once per process: if posting its result fails, the result is kept and re-posted,
and a redelivered command gets the same result without running again
(``out-of-service`` twice would audit twice).
"""

from __future__ import annotations

import json
import logging
import random
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

import requests
from requests.auth import AuthBase

from kiosk.errors import KioskError

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], Any]  # returns a JSON-safe detail; raises to fail
REMEMBER = 200  # results kept for redelivered commands


class CommandPoller:
    def __init__(self, base_url: str, kiosk_id: str, auth: AuthBase,
                 handlers: Mapping[str, Handler], *, wait_s: float = 25.0,
                 connect_timeout: float = 3.0, read_margin: float = 10.0,
                 backoff_base: float = 1.0, backoff_cap: float = 60.0,
                 rng: random.Random | None = None,
                 session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.kiosk_id = kiosk_id
        self.auth = auth
        self.handlers = dict(handlers)
        self.wait_s = int(min(30, max(0, wait_s)))
        self.connect_timeout = connect_timeout
        self.read_margin = read_margin
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self._rng = rng or random.Random()
        self._session = session or requests.Session()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._done: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._unposted: dict[str, dict[str, Any]] = {}
        self.failures = 0
        self.last_error: str | None = None
        self._polling = threading.Event()  # set while blocked in the long-poll GET

    @property
    def polling(self) -> bool:
        return self._polling.is_set()

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="command-poller",
                                            daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop polling; a long poll in flight is abandoned, a running command finishes."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is None:
            return True
        if self._polling.is_set():  # daemon thread parked in the GET: leave it behind
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once()
                self.failures = 0
            except Exception as exc:  # network, 5xx, bad JSON: back off and try again
                self.failures += 1
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("command poll failed", extra={"error": self.last_error})
                self._stop.wait(self.next_delay())

    def next_delay(self) -> float:
        """Full-jitter exponential backoff after ``failures`` consecutive errors."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** min(self.failures, 16))
        return ceiling * (0.5 + 0.5 * self._rng.random())

    def poll_once(self, wait_s: int | None = None) -> int:
        """One long poll; returns commands executed. Raises on transport trouble."""
        self._post_pending()
        wait = self.wait_s if wait_s is None else wait_s
        path = f"/v1/kiosks/{self.kiosk_id}/commands?wait={wait}"
        self._polling.set()
        try:
            resp = self._session.get(self.base_url + path, auth=self.auth,
                                     timeout=(self.connect_timeout, wait + self.read_margin))
        finally:
            self._polling.clear()
        if self._stop.is_set():
            return 0
        if resp.status_code != 200:
            raise KioskError(f"command poll: HTTP {resp.status_code} {resp.text[:200]}")
        commands = resp.json().get("commands")
        if not isinstance(commands, list):
            raise KioskError("command poll: reply has no command list")
        ran = 0
        for cmd in commands:
            if self._stop.is_set():
                break
            cid = str(cmd.get("id")) if isinstance(cmd, dict) else ""
            if not cid:
                continue
            if cid not in self._done:
                self._done[cid] = self.execute(cmd)
                ran += 1
                while len(self._done) > REMEMBER:
                    self._done.popitem(last=False)
            self._unposted[cid] = self._done[cid]
        self._post_pending()
        return ran

    def execute(self, cmd: dict[str, Any]) -> dict[str, Any]:
        """Run one command; ``{"ok": bool, "detail": ...}``, never an exception."""
        name, args = cmd.get("command"), cmd.get("args") or {}
        handler = self.handlers.get(str(name))
        if handler is None or not isinstance(args, dict):
            return {"ok": False, "detail": f"unsupported command {name!r} or bad args"}
        try:
            detail = handler(args)
            json.dumps(detail)
            return {"ok": True, "detail": detail}
        except Exception as exc:
            log.warning("command failed", extra={"command": name, "error": str(exc)})
            return {"ok": False, "detail": f"{type(exc).__name__}: {exc}"}

    def _post_pending(self) -> None:
        for cid, result in list(self._unposted.items()):
            resp = self._session.post(
                f"{self.base_url}/v1/kiosks/{self.kiosk_id}/commands/{cid}/result",
                data=json.dumps(result).encode(), headers={"Content-Type": "application/json"},
                auth=self.auth, timeout=(self.connect_timeout, self.read_margin))
            if resp.status_code == 200 or resp.status_code == 404:  # 404: server forgot it
                del self._unposted[cid]
            else:
                raise KioskError(f"command result: HTTP {resp.status_code}")
