"""The one adapter between the Qt-free core and the GUI thread.

Why it exists: ``KioskCore`` calls its observers on worker threads (validator driver,
card worker, ticker) and its verbs may block (ledger fsync, serial writes, HTTP to the
server). The GUI thread must never block longer than 50 ms, so:

- every core call goes through ``call()``: it runs on a single "core-actions" worker
  thread (one at a time, in the order the customer touched) and its result or error
  comes back as a queued signal, handled on the GUI thread;
- every session event arrives as ``session_event`` through a queued connection;
- ``tick`` runs the core's timeouts every 500 ms on its own worker, so a slow server
  call does not delay a "still there?" prompt.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class CoreBridge(QObject):
    """Owns the worker threads; ``shutdown()`` stops them (tests, window close)."""

    session_event = Signal(object)  # kiosk.payment.session.SessionEvent, on the GUI thread
    changed = Signal(str)  # a watched core condition changed (tag), on the GUI thread
    reported = Signal(str, object)  # a listened-to core value (tag, value), on the GUI thread
    _finished = Signal(object, object, object)  # (callback, errback, future)
    _event = Signal(object, float)  # (event, monotonic time the core emitted it)

    def __init__(self, core: Any, *, tick_ms: int = 500, parent: QObject | None = None):
        super().__init__(parent)
        self.core = core
        self._actions = ThreadPoolExecutor(max_workers=1, thread_name_prefix="core-actions")
        self._ticks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="core-tick")
        self._closed = False
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._event.connect(self._forward, Qt.ConnectionType.QueuedConnection)
        #: Milliseconds from the core's callback (worker thread) to the GUI thread, per event.
        self.latencies_ms: list[float] = []
        core.add_observer(self._on_core_event)  # worker threads -> queued signal
        self.ticker = QTimer(self)
        self.ticker.setInterval(tick_ms)
        self.ticker.timeout.connect(self._tick)
        if tick_ms > 0:
            self.ticker.start()
        self.pending = 0
        self._touch_queued = False

    def _on_core_event(self, event: object) -> None:
        if not self._closed:
            self._event.emit(event, time.monotonic())  # off the GUI thread: Qt queues it

    @Slot(object, float)
    def _forward(self, event: object, emitted: float) -> None:
        self.latencies_ms.append((time.monotonic() - emitted) * 1000)
        del self.latencies_ms[:-1000]
        if not self._closed:
            self.session_event.emit(event)

    def watch(self, add_listener: Callable[[Callable[..., None]], None], tag: str) -> None:
        """Register with a core listener hook; each call becomes a queued ``changed(tag)``."""
        add_listener(lambda *_args: None if self._closed else self.changed.emit(tag))

    def listen(self, add_listener: Callable[[Callable[[Any], None]], None], tag: str) -> None:
        """Like ``watch``, with the value: each ``fn(value)`` becomes a queued
        ``reported(tag, value)`` (a scanned receipt code from the scanner's thread)."""
        add_listener(lambda value: None if self._closed else self.reported.emit(tag, value))

    def call(self, fn: Callable[..., Any], *args: Any, done: Done | None = None,
             failed: Failed | None = None) -> None:
        """Run ``fn(*args)`` on the actions worker; ``done``/``failed`` run on the GUI thread."""
        if self._closed:
            return
        self.pending += 1
        future = self._actions.submit(fn, *args)
        future.add_done_callback(lambda f: self._finished.emit(done, failed, f))

    @Slot(object, object, object)
    def _deliver(self, done: Done | None, failed: Failed | None, future: Future[Any]) -> None:
        self.pending -= 1
        if self._closed:
            return
        error = future.exception()
        if error is None:
            if done is not None:
                done(future.result())
        elif failed is not None:
            failed(error)
        else:
            log.error("core call failed: %r", error, exc_info=error)

    def touch(self) -> None:
        """A customer tap: ``core.touch()`` on the tick worker, at most one queued.

        Why not ``call``: a tap must reach the core's inactivity timer even while a slow
        action (a server request) occupies the actions worker; and a burst of taps needs
        only one touch.
        """
        if self._closed or self._touch_queued:
            return
        self._touch_queued = True
        self._ticks.submit(self._safe_touch)

    def _safe_touch(self) -> None:
        self._touch_queued = False
        try:
            self.core.touch()
        except Exception:  # a failed touch must not kill the tick worker
            log.exception("core touch failed")

    def _tick(self) -> None:
        if not self._closed:
            self._ticks.submit(self._safe_tick)

    def _safe_tick(self) -> None:
        try:
            self.core.tick()
        except Exception:  # a tick failure must not kill the ticker
            log.exception("core tick failed")

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        self.ticker.stop()
        self._actions.shutdown(wait=wait, cancel_futures=True)
        self._ticks.shutdown(wait=wait, cancel_futures=True)
