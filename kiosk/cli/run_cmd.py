"""``kiosk run``: the kiosk itself, as systemd starts it (``deploy/kiosk.service``).

The CLI is the composition root: ``kiosk.runtime.Runtime`` builds the Qt-free kiosk
from the configuration, and this handler then loads the window by name at run time
(``importlib``, like ``kiosk demo``), so the library never imports Qt. ``--headless``
runs the same kiosk without a window until SIGTERM/SIGINT: for the lab, for systemd
tests, and for a cabinet whose screen is driven elsewhere.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

from kiosk.cli.common import add_command, emit, fail, load_config
from kiosk.errors import KioskError
from kiosk.runtime import Runtime
from offline_queue import StorageFault

#: The headless main loop must answer within this many seconds to keep the watchdog fed.
HEALTHY_WITHIN_S = 10.0


def register(sub: Any) -> None:
    run = add_command(
        sub, "run",
        "Run the kiosk: devices, journal, sync, monitoring and the customer window "
        "(systemd's ExecStart).",
        "kiosk --config /etc/kiosk/kiosk.toml run")
    run.add_argument("--headless", action="store_true",
                     help="no window: run until SIGTERM (lab, systemd tests)")
    run.add_argument("--lang", choices=("zh_CN", "en"),
                     help="language the window starts in (default: the config's locale)")
    run.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    config = load_config(args)
    runtime = Runtime(config)
    # Catch SIGTERM before starting, so a stop during start-up still unwinds cleanly.
    stop = threading.Event()
    previous = _on_signals(stop.set)
    try:
        try:
            core = runtime.start()
        except (KioskError, StorageFault, OSError, ValueError) as exc:
            fail(f"cannot start: {exc}")
            return 1
        report = runtime.report
        emit({"event": "started", "kiosk_id": str(config["kiosk_id"]),
              "data_dir": str(config.data_dir), "online": core.online,
              "recovery": repr(report) if report is not None else None})
        if args.headless:
            return _run_headless(runtime, stop)
        kiosk_app = importlib.import_module("ui.kiosk_app")  # composition root: Qt only here
        return int(kiosk_app.run_window(runtime, lang=args.lang, stop=stop))
    finally:
        runtime.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        emit({"event": "stopped"})


def _on_signals(fn: Callable[[], None]) -> dict[int, Any]:
    def handler(_signum: int, _frame: FrameType | None) -> None:
        fn()

    return {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}


def _run_headless(runtime: Runtime, stop: threading.Event) -> int:
    """Sleep on an event until a signal; the loop's heartbeat is what the watchdog sees."""
    last = [time.monotonic()]
    runtime.healthy = lambda: time.monotonic() - last[0] < HEALTHY_WITHIN_S
    while not stop.wait(1.0):
        last[0] = time.monotonic()
    return 0
