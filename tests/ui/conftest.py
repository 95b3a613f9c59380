"""Shared fixtures for UI tests: offscreen Qt, the app style, a fixed clock, a small kiosk.

``small_kiosk`` is the real ``KioskCore`` and the real maintenance stack on a SQLite file,
with no devices and no server (fast), driven by one fake clock: enough for inactivity,
out-of-service and maintenance screens. Journeys with devices use ``lab.demo.rig``.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from tests.support.fakes import FakeClock

FIXED_NOW = datetime(2025, 5, 1, 9, 30)


@pytest.fixture(scope="session", autouse=True)
def shared_qm_cache(tmp_path_factory):
    """Compiled translations shared by the session's tests, never the user's own cache."""
    path = tmp_path_factory.mktemp("qm-shared")
    old = os.environ.get("KIOSK_QM_CACHE")
    os.environ["KIOSK_QM_CACHE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("KIOSK_QM_CACHE", None)
    else:
        os.environ["KIOSK_QM_CACHE"] = old


@pytest.fixture(autouse=True)
def _close_leaked_windows(qapp):
    """Close and delete every top-level widget a test left behind.

    Leaked windows pile up over the session and every later style change or screenshot
    walks them all (the full suite once stalled for minutes in ``setStyleSheet``).
    """
    yield
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def styled_app(qapp):
    """The pytest-qt QApplication with the kiosk font and style sheet applied."""
    from ui.app import apply_style

    apply_style(qapp, large_text=False)
    yield qapp
    apply_style(qapp, large_text=False)


@pytest.fixture
def fixed_clock():
    return lambda: FIXED_NOW


@pytest.fixture
def fake_clock():
    return FakeClock(1_746_000_000.0)


def wait_until(cond, what: str, timeout_s: float = 10.0) -> None:
    """Process Qt events until ``cond()`` holds (bounded)."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    pause = threading.Event()
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        QApplication.processEvents()
        pause.wait(0.01)
    QApplication.processEvents()


@dataclass
class SmallKiosk:
    config: Any
    store: Any
    core: Any
    maint: Any  # kiosk.staff.setup.MaintenanceStack
    flow: Any  # ui.customer.CustomerFlow
    staff: Any  # ui.maintenance.flow.MaintenanceFlow
    clock: FakeClock

    def settle(self) -> None:
        wait_until(lambda: self.flow.bridge.pending == 0, "bridge idle")

    def wait(self, cond, what: str, timeout_s: float = 10.0) -> None:
        wait_until(cond, what, timeout_s)


@pytest.fixture
def small_kiosk(styled_app, qtbot, tmp_path, fake_clock, fixed_clock):
    from kiosk.config import load
    from kiosk.payment.core import KioskCore
    from kiosk.staff.setup import build_maintenance
    from offline_queue import Store
    from ui.i18n import Translations
    from ui.wiring import build_ui

    config = load(None, env={"KIOSK_DATA_DIR": str(tmp_path / "data")})
    config.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(config.data_dir / "kiosk.db")
    maint = build_maintenance(config, store, clock=fake_clock)
    core = KioskCore(config, store, clock=fake_clock, wall_clock=fake_clock,
                     in_service=maint.service_state.gate)
    core.start(device_wait_s=0)
    flow = build_ui(core, config, Translations(tmp_path / "qm"), "en", clock=fixed_clock,
                    maint=maint)
    window = flow.window
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    kiosk = SmallKiosk(config, store, core, maint, flow, getattr(flow, "staff", None), fake_clock)
    kiosk.settle()
    yield kiosk
    flow.bridge.shutdown()
    store.close()
