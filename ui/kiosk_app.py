"""The production window of ``kiosk run``: start-up screen first, the kiosk behind it.

Why this order: operators' kiosks sat on a black screen while they opened the journal,
waited for devices and ran recovery, and a kiosk that could not start stayed black.
Here the QApplication and a light start-up screen (``ui.screens.startup``: Qt and the
style only) are painted first; only then does a worker thread build and start the
runtime (``make_runtime()`` then ``runtime.start(progress=...)``), never the GUI thread.
Its steps arrive as queued signals; when it is ready the customer window is built on
the GUI thread (``ui.wiring.build_ui``, imported by the worker meanwhile) and replaces
the start-up screen. A start-up error stays on screen for ``error_display_s`` (or until
SIGTERM), then the run ends with exit code 1 so systemd restarts it.

The watchdog: a QTimer stamps the time on the GUI thread from the first frame on and
``runtime.healthy`` is "stamped recently" (set before ``start``, so systemd's pings
after ``READY`` depend on the GUI loop from the start). The same timer watches ``stop``
(set by ``kiosk run``'s SIGTERM/SIGINT handler) and quits the Qt loop; it also gives
Python's signal handlers a chance to run while Qt waits in C++. Customers cannot begin
before recovery finished: the customer window exists only after ``start`` returned
(and the core itself refuses sessions until it has recovered).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from ui.app import create_app
from ui.i18n import Translations
from ui.screens.startup import StartupScreen

log = logging.getLogger(__name__)

LIVENESS_MS = 1000
HEALTHY_WITHIN_S = 10.0
#: Start the runtime even if the first frame never reports painted (odd platforms).
PAINT_FALLBACK_MS = 2000
#: How long the exit waits for a start-up in flight (recovery waits up to a few seconds).
START_JOIN_S = 15.0


class Boot(QObject):
    """Starts the runtime on a worker thread; reports back through queued signals."""

    progressed = Signal(str)
    ready = Signal(object)  # the started runtime
    failed = Signal(object)  # the exception

    def __init__(self, make_runtime: Callable[[], Any], healthy: Callable[[], bool]):
        super().__init__()
        self._make_runtime = make_runtime
        self._healthy = healthy
        self.worker: threading.Thread | None = None
        self.runtime: Any = None

    def start(self) -> None:
        """Idempotent: the first call starts the worker."""
        if self.worker is None:
            self.worker = threading.Thread(target=self._run, name="kiosk-start", daemon=True)
            self.worker.start()

    def join(self, timeout: float) -> bool:
        """Wait for the worker; True when it is done (or never started)."""
        if self.worker is not None:
            self.worker.join(timeout)
            return not self.worker.is_alive()
        return True

    def _run(self) -> None:
        try:
            runtime = self.runtime = self._make_runtime()
            runtime.healthy = self._healthy
            runtime.start(progress=self.progressed.emit)
            import ui.wiring  # noqa: F401  (loaded here, not on the GUI thread at attach)
        except Exception as exc:
            self.failed.emit(exc)
            return
        self.ready.emit(runtime)


def run_kiosk(config: Any, make_runtime: Callable[[], Any], *, lang: str | None = None,
              stop: threading.Event | None = None, error_display_s: float = 30.0,
              on_painted: Callable[[], None] | None = None,
              on_started: Callable[[Any], None] | None = None,
              on_failed: Callable[[BaseException], None] | None = None) -> int:
    """Paint the start-up screen, start the runtime behind it, then the customer window.

    ``make_runtime`` runs on the worker thread (so its imports do too) and returns an
    unstarted ``kiosk.runtime.runtime.Runtime`` (or anything with ``healthy``, ``start``,
    ``core``, ``maint``); the caller stops it. Returns the exit code: 0 after a stop,
    1 after a start-up failure. The callbacks run on the GUI thread.
    """
    app = create_app()
    stop = stop or threading.Event()
    lang = lang or str(config.get("locale"))
    translations = Translations(config.data_dir / "qm")
    try:
        translations.switch(lang)
    except OSError as exc:  # an unwritable data dir must not keep the screen black
        log.warning("translations not loaded: %s", exc)
    screen = StartupScreen(str(config.get("brand")))
    last = [time.monotonic()]
    boot = Boot(make_runtime, lambda: time.monotonic() - last[0] < HEALTHY_WITHIN_S)
    state: dict[str, Any] = {"flow": None, "failed": False}

    def alive() -> None:
        last[0] = time.monotonic()
        if stop.is_set():
            app.exit(1 if state["failed"] else 0)

    def painted() -> None:
        if on_painted is not None:
            on_painted()
        QTimer.singleShot(0, boot.start)  # after this frame is out

    def attach(runtime: Any) -> None:
        if stop.is_set():
            return
        from ui.wiring import build_ui

        flow = state["flow"] = build_ui(runtime.core, runtime.config, translations, lang,
                                        maint=runtime.maint)
        flow.window.showFullScreen()  # the layout follows the screen
        screen.close()
        from ui.screenshot import GuiCapture

        state["capture"] = capture = GuiCapture(flow.window)  # the remote screenshot
        runtime.capture = capture.capture
        if on_started is not None:
            on_started(runtime)

    def failed(exc: BaseException) -> None:
        state["failed"] = True
        message = str(exc) or type(exc).__name__
        log.error("kiosk cannot start: %s", message)
        screen.show_failure(message)
        if on_failed is not None:
            on_failed(exc)
        QTimer.singleShot(max(0, int(error_display_s * 1000)), lambda: app.exit(1))

    queued = Qt.ConnectionType.QueuedConnection
    boot.progressed.connect(screen.set_step, queued)
    boot.ready.connect(attach, queued)
    boot.failed.connect(failed, queued)
    screen.first_painted.connect(painted)
    liveness = QTimer()
    liveness.setInterval(LIVENESS_MS)
    liveness.timeout.connect(alive)
    liveness.start()
    QTimer.singleShot(PAINT_FALLBACK_MS, boot.start)
    screen.showFullScreen()
    try:
        return int(app.exec())
    finally:
        liveness.stop()
        if not boot.join(START_JOIN_S):
            log.warning("start-up still running after %.0f s at exit", START_JOIN_S)
        if boot.runtime is not None:
            boot.runtime.healthy = lambda: True  # stopping is not a frozen screen
        flow = state["flow"]
        if flow is not None:
            flow.bridge.shutdown(wait=False)
            flow.window.close()
        screen.close()
