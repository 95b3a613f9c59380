"""``kiosk run``: the kiosk itself, as systemd starts it (``deploy/kiosk.service``).

``kiosk_cli`` is the composition root: ``kiosk.runtime.runtime.Runtime`` builds the
Qt-free kiosk from the configuration, and this handler imports the window (``ui``)
inside the handler, so ``kiosk --help`` and ``--headless`` never load Qt.

With a window, the first screen is painted first: ``ui.kiosk_app.run_kiosk`` shows the
start-up screen with only Qt and the configuration imported, then builds and starts the
runtime on a worker thread (this module's heavy imports happen there, in
``_RuntimeHolder.make``), and puts the customer window up when recovery is done. A
start-up error (a missing secret, a bad configuration file) is shown on that screen for
``--error-display-s`` seconds, written to stderr, and the run exits non-zero.
``--headless`` runs the same kiosk without a window until SIGTERM/SIGINT: for the lab,
for systemd tests, and for a cabinet whose screen is driven elsewhere.

Standard output carries JSON lines: ``painted`` (first screen on the glass, windowed
only), ``started`` (recovered, taking customers) and ``stopped``.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any

from kiosk.config import Config, ConfigError, load
from kiosk_cli.common import add_command, emit, fail, load_config

if TYPE_CHECKING:
    from kiosk.runtime.runtime import Runtime

log = logging.getLogger(__name__)

#: The headless main loop must answer within this many seconds to keep the watchdog fed.
HEALTHY_WITHIN_S = 10.0
#: Seconds a start-up error stays on screen before ``kiosk run`` exits (systemd restarts
#: it after ``RestartSec``); below the unit's ``TimeoutStartSec`` (60 s).
ERROR_DISPLAY_S = 30.0


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
    run.add_argument("--error-display-s", type=float, default=ERROR_DISPLAY_S, metavar="S",
                     help="seconds a start-up error stays on screen before the run exits 1 "
                          f"(default {ERROR_DISPLAY_S:g})")
    run.set_defaults(func=_run)


class _RuntimeHolder:
    """Makes the runtime (on whichever thread asks: the window's start-up worker) and
    remembers it, so the handler can stop it whatever happened."""

    def __init__(self, config: Config, config_error: ConfigError | None = None) -> None:
        self.config = config
        self.config_error = config_error
        self.runtime: Runtime | None = None
        #: A restart (release switch, remote command) stops the run like a SIGTERM;
        #: systemd's Restart=always starts the kiosk again.
        self.stop_event = threading.Event()
        self.painted = threading.Event()  # the start-up screen is on the glass
        self.windowed = False

    def make(self) -> Runtime:
        from kiosk.runtime.runtime import Runtime, StartupError

        if self.config_error is not None:
            raise StartupError(f"configuration error: {self.config_error}")
        self.runtime = Runtime(self.config)
        self.runtime.on_restart = lambda _reason: self.stop_event.set()
        if self.windowed:
            self.runtime.ui_painted = self.painted.is_set
        return self.runtime

    def stop(self) -> None:
        if self.runtime is not None:
            self.runtime.stop()


def _startup_errors() -> tuple[type[BaseException], ...]:
    """What a misconfigured or broken cabinet raises at start: a message, no traceback."""
    from kiosk.errors import KioskError
    from offline_queue import StorageFault

    return (KioskError, StorageFault, OSError, ValueError)


def _run(args: argparse.Namespace) -> int:
    config_error: ConfigError | None = None
    if args.headless:
        config = load_config(args)
    else:
        try:
            config = load(getattr(args, "config", None))
        except ConfigError as exc:  # shown on the start-up screen over the defaults
            config_error, config = exc, load(None, env={})
    holder = _RuntimeHolder(config, config_error)
    holder.windowed = not args.headless
    # Catch SIGTERM before starting, so a stop during start-up still unwinds cleanly.
    stop = holder.stop_event
    previous = _on_signals(stop.set)
    try:
        if args.headless:
            return _run_headless(holder, stop)
        return _run_window(args, holder, stop)
    finally:
        holder.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        runtime = holder.runtime
        reason = runtime.restart_reason if runtime is not None else None
        emit({"event": "stopped", **({"restart": reason} if reason else {})})
        if runtime is not None and runtime.reboot_requested:
            _reboot()


def _started(runtime: Runtime) -> None:
    core, report = runtime.core, runtime.report
    emit({"event": "started", "kiosk_id": str(runtime.config["kiosk_id"]),
          "data_dir": str(runtime.config.data_dir),
          "online": bool(core is not None and core.online),
          "recovery": repr(report) if report is not None else None})


def _run_window(args: argparse.Namespace, holder: _RuntimeHolder,
                stop: threading.Event) -> int:
    began = time.monotonic()
    failure: list[BaseException] = []

    def painted() -> None:
        holder.painted.set()
        emit({"event": "painted", "screen": "startup",
              "ms": round((time.monotonic() - began) * 1000)})

    def failed(exc: BaseException) -> None:
        failure.append(exc)
        if not isinstance(exc, _startup_errors()):
            log.error("unexpected start-up failure", exc_info=exc)
        sys.stderr.write(f"kiosk: error: cannot start: {exc}\n")
        sys.stderr.flush()

    from ui.kiosk_app import run_kiosk  # Qt only here, only with a window

    code = int(run_kiosk(holder.config, holder.make, lang=args.lang, stop=stop,
                                   error_display_s=args.error_display_s,
                                   on_painted=painted, on_started=_started, on_failed=failed))
    if failure:
        return 2 if holder.config_error is not None else max(code, 1)
    return code


def _reboot() -> None:
    """After a clean stop (journal closed): the machine reboots through logind
    (``deploy/50-kiosk-reboot.rules`` lets the kiosk user do so)."""
    import subprocess

    result = subprocess.run(["systemctl", "reboot"], check=False, capture_output=True,
                            text=True, timeout=30)
    if result.returncode != 0:
        log.error("reboot failed", extra={"stderr": result.stderr.strip()[:500]})


def _on_signals(fn: Callable[[], None]) -> dict[int, Any]:
    def handler(_signum: int, _frame: FrameType | None) -> None:
        fn()

    return {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}


def _run_headless(holder: _RuntimeHolder, stop: threading.Event) -> int:
    """Start on this thread; then sleep on an event until a signal. The loop's heartbeat
    is what the watchdog sees."""
    runtime = holder.make()
    try:
        runtime.start()
    except _startup_errors() as exc:
        fail(f"cannot start: {exc}")
    _started(runtime)
    last = [time.monotonic()]
    runtime.healthy = lambda: time.monotonic() - last[0] < HEALTHY_WITHIN_S
    while not stop.wait(1.0):
        last[0] = time.monotonic()
    return 0
