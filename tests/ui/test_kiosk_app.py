"""``ui.kiosk_app.run_kiosk``: the start-up screen is on the glass before the kiosk starts.

The runtime is a fake with the real ``KioskCore`` (no devices, no server) whose ``start``
records what the screen looked like when it was called and can be held up like a slow
recovery, so the order "painted, then started on a worker, then the customer window"
is checked directly, as are a failing start and a stop that arrives during start-up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import ui.kiosk_app as kiosk_app
from ui.screens.startup import StartupScreen


def startup_screen() -> StartupScreen | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, StartupScreen)]
    return next((w for w in found if w.isVisible()), None)


class FakeRuntime:
    """What ``run_kiosk`` needs of ``kiosk.runtime.runtime.Runtime``, over a real core."""

    def __init__(self, config: Any, *, hold: threading.Event | None = None,
                 error: Exception | None = None) -> None:
        self.config, self.hold, self.error = config, hold, error
        self.core: Any = None
        self.maint = None
        self.store: Any = None
        self.healthy: Callable[[], bool] = lambda: False
        self.seen: dict[str, Any] = {}
        self.started = threading.Event()
        self.reached_devices = threading.Event()

    def start(self, progress: Callable[[str], None] | None = None) -> Any:
        from kiosk.payment.core import KioskCore
        from offline_queue import Store

        screen = startup_screen()
        self.seen.update(painted=bool(screen and screen.painted),
                         gui_thread=threading.current_thread() is threading.main_thread(),
                         healthy=self.healthy())
        self.started.set()
        assert progress is not None
        progress("devices")
        if self.hold is not None:
            assert self.hold.wait(10), "test never released the start"
        if self.error is not None:
            raise self.error
        progress("recovery")
        self.store = Store(self.config.data_dir / "kiosk.db")
        self.core = KioskCore(self.config, self.store)
        self.core.start(device_wait_s=0)
        progress("ready")
        return self.core

    def stop(self) -> None:
        if self.store is not None:
            self.store.close()


@pytest.fixture
def config(tmp_path: Path) -> Any:
    from kiosk.config import load

    cfg = load(None, env={"KIOSK_DATA_DIR": str(tmp_path / "data")})
    cfg.data_dir.mkdir(parents=True)
    return cfg


@pytest.fixture
def fast_liveness(monkeypatch) -> None:
    monkeypatch.setattr(kiosk_app, "LIVENESS_MS", 20)


@pytest.fixture
def runtimes() -> Iterator[list[FakeRuntime]]:
    made: list[FakeRuntime] = []
    yield made
    for rt in made:
        rt.stop()


def watch(fn: Callable[[], None], interval_ms: int = 10) -> QTimer:
    """Call ``fn`` on the GUI thread while the loop runs (the test's eyes)."""
    timer = QTimer()
    timer.setInterval(interval_ms)
    timer.timeout.connect(fn)
    timer.start()
    return timer


def test_startup_screen_painted_before_start_then_attract(styled_app, config, runtimes,
                                                         fast_liveness):
    hold = threading.Event()
    rt = FakeRuntime(config, hold=hold)
    runtimes.append(rt)
    stop = threading.Event()
    events: list[str] = []
    steps: list[str] = []
    seen_on_ready: dict[str, Any] = {}

    def look() -> None:
        screen = startup_screen()
        if screen is not None and screen.step is not None and screen.step not in steps:
            steps.append(screen.step)
            if screen.step == "devices":
                seen_on_ready["devices_text"] = screen.steps["devices"].text()
                hold.set()  # the slow "recovery" may go on: the screen showed the step

    def started(runtime: Any) -> None:
        events.append("started")
        window = runtime_window()
        seen_on_ready.update(screen=window.current.name if window else None,
                             startup_visible=startup_screen() is not None)
        stop.set()

    def make() -> FakeRuntime:
        events.append("make")
        return rt

    eyes = watch(look)
    try:
        code = kiosk_app.run_kiosk(config, make, lang="en", stop=stop,
                                   on_painted=lambda: events.append("painted"),
                                   on_started=started)
    finally:
        eyes.stop()
    assert code == 0
    assert events == ["painted", "make", "started"]
    assert rt.seen == {"painted": True, "gui_thread": False, "healthy": True}
    assert steps[0] == "devices" and "Checking devices" in seen_on_ready["devices_text"]
    assert seen_on_ready["screen"] == "attract"
    assert seen_on_ready["startup_visible"] is False  # the customer window replaced it


def runtime_window() -> Any:
    from ui.window import KioskWindow

    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, KioskWindow) and w.isVisible()), None)


def test_failing_start_shows_the_message_and_exits_1(styled_app, config, runtimes,
                                                      fast_liveness):
    from kiosk.runtime.runtime import StartupError

    message = "server secret file /x/secret is missing: register the kiosk"
    rt = FakeRuntime(config, error=StartupError(message))
    runtimes.append(rt)
    shown: dict[str, Any] = {}
    failures: list[BaseException] = []

    def failed(exc: BaseException) -> None:
        failures.append(exc)
        screen = startup_screen()
        assert screen is not None
        shown.update(title=screen.title.text(), error=screen.error.text(),
                     error_visible=screen.error.isVisible(), message=screen.message.text())

    code = kiosk_app.run_kiosk(config, lambda: rt, lang="en", stop=threading.Event(),
                               error_display_s=0.05, on_failed=failed,
                               on_started=lambda _rt: pytest.fail("must not start"))
    assert code == 1
    assert len(failures) == 1 and str(failures[0]) == message
    assert shown["title"] == "Cannot start" and shown["error"] == message
    assert shown["error_visible"] and "No money has been taken" in shown["message"]
    assert runtime_window() is None


def test_failing_factory_is_shown_too(styled_app, config, fast_liveness):
    def make() -> Any:
        raise RuntimeError("boom in wiring")

    texts: list[str] = []
    code = kiosk_app.run_kiosk(
        config, make, lang="zh_CN", stop=threading.Event(), error_display_s=0.05,
        on_failed=lambda _exc: texts.append(startup_screen().error.text()))  # type: ignore[union-attr]
    assert code == 1 and texts == ["boom in wiring"]


def test_stop_during_startup_quits_cleanly(styled_app, config, runtimes, fast_liveness):
    """SIGTERM (``stop``) while recovery is still running: the loop quits, the start in
    flight is waited for (so the caller can stop what it started), no customer window."""
    hold = threading.Event()
    rt = FakeRuntime(config, hold=hold)
    runtimes.append(rt)
    stop = threading.Event()
    recovery = threading.Timer(0.1, hold.set)  # recovery finishes a little after the stop

    def look() -> None:
        if rt.started.is_set() and not stop.is_set():
            stop.set()  # the signal handler's doing
            recovery.start()

    eyes = watch(look)
    try:
        code = kiosk_app.run_kiosk(config, lambda: rt, lang="en", stop=stop,
                                   on_started=lambda _rt: pytest.fail("must not attach"))
    finally:
        eyes.stop()
        recovery.cancel()
        hold.set()
        if recovery.is_alive():
            recovery.join(5)
    assert code == 0
    assert rt.core is not None  # the start in flight finished before run_kiosk returned
    QApplication.processEvents()  # a late "ready" must not build the window now
    assert runtime_window() is None and startup_screen() is None


def test_stop_during_error_display_exits_1(styled_app, config, fast_liveness):
    from kiosk.runtime.runtime import StartupError

    stop = threading.Event()

    def make() -> Any:
        raise StartupError("no secret")

    code = kiosk_app.run_kiosk(config, make, lang="en", stop=stop, error_display_s=60,
                               on_failed=lambda _exc: stop.set())
    assert code == 1


def test_startup_screen_steps_and_chinese(styled_app, qtbot, tmp_path):
    from ui.i18n import Translations

    translations = Translations(tmp_path)
    translations.switch("zh_CN")
    try:
        screen = StartupScreen("便民缴费")
        qtbot.addWidget(screen)
        assert screen.title.text() == "正在启动…"
        screen.set_step("recovery")
        texts = [w.text() for w in screen.steps.values()]
        assert texts[0].startswith("✓") and texts[1].startswith("…")
        assert texts[2].startswith("·") and not screen.steps["ready"].isEnabled()
        screen.set_step("ready")
        assert all(w.text().startswith("✓") for w in screen.steps.values())
        screen.show_failure("secret missing")
        assert screen.title.text() == "无法启动" and screen.error.text() == "secret missing"
    finally:
        translations.switch("en")
