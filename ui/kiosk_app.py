"""The production window around a started ``kiosk.runtime.Runtime`` (``kiosk run``).

Why a module of its own: the demo window (``ui.demo_app``) adds a control window and
emulators; the kiosk in the cabinet shows only the customer window, full screen, and
must prove to systemd's watchdog that its GUI loop still answers. A QTimer stamps the
time on the GUI thread; ``runtime.healthy`` is "stamped recently", so a frozen screen
stops the pings and systemd restarts the kiosk. The same timer watches ``stop`` (set by
``kiosk run``'s SIGTERM/SIGINT handler) and quits the Qt loop; it also gives Python's
signal handlers a chance to run while Qt waits in C++.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import QTimer

from ui.app import create_app
from ui.i18n import Translations
from ui.wiring import build_ui

LIVENESS_MS = 1000
HEALTHY_WITHIN_S = 10.0


def run_window(runtime: Any, *, lang: str | None = None,
               stop: threading.Event | None = None) -> int:
    """Show the customer window over ``runtime.core`` until the app quits; exit code."""
    config = runtime.config
    app = create_app()
    translations = Translations(config.data_dir / "qm")
    flow = build_ui(runtime.core, config, translations, lang or str(config.get("locale")),
                    maint=runtime.maint)
    window = flow.window
    window.showFullScreen()  # the layout follows the screen

    last = [time.monotonic()]
    liveness = QTimer(window)
    liveness.setInterval(LIVENESS_MS)
    stop = stop or threading.Event()

    def alive() -> None:
        last[0] = time.monotonic()
        if stop.is_set():
            app.quit()

    liveness.timeout.connect(alive)
    liveness.start()
    runtime.healthy = lambda: time.monotonic() - last[0] < HEALTHY_WITHIN_S
    try:
        return int(app.exec())
    finally:
        runtime.healthy = lambda: True
        liveness.stop()
        flow.bridge.shutdown(wait=False)
        window.close()
