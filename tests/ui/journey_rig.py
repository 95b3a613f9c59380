"""The demo kiosk and its journey driver for the end-to-end UI tests.

Why a module of its own: the cash/card journeys (``test_journeys.py``) and the QR
journeys (``test_qr_journeys.py``) run the same rig (``lab.demo.rig.DemoKiosk``: real
server, emulated devices) under the same window (``ui.wiring.build_ui``, portrait) and
the same driver (``lab.demo.journeys.Driver``, the one the headless demo uses); each
file's fixtures are these two context managers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.config import load
from lab.demo.journeys import Driver, Journey
from lab.demo.rig import DemoKiosk
from tests.support.fakes import FakeClock


@contextmanager
def demo_kiosk(data_dir: Path, clock: FakeClock) -> Iterator[DemoKiosk]:
    """The demo rig with the default config on ``clock``, started and stopped."""
    kiosk = DemoKiosk(load(None, env={}), data_dir, clock=clock)
    kiosk.start()
    try:
        yield kiosk
    finally:
        kiosk.stop()


@contextmanager
def journey_driver(qapp: Any, qtbot: Any, demo: DemoKiosk, qm_dir: Path,
                   **build: Any) -> Iterator[Driver]:
    """The customer window in English, portrait, shown, and a driver on it; ``build``
    goes to ``build_ui`` (e.g. ``maint=demo.maint`` for the staff screens)."""
    from ui.app import apply_style
    from ui.i18n import Translations
    from ui.wiring import build_ui

    apply_style(qapp, large_text=False)
    flow = build_ui(demo.core, demo.config, Translations(qm_dir), "en", **build)
    qtbot.addWidget(flow.window)
    flow.window.resize(1080, 1920)
    flow.window.show()
    try:
        yield Driver(flow, demo)
    finally:
        flow.bridge.shutdown()


def run(journey: Journey, d: Driver) -> list[str]:
    """The journey's steps as ``screen:step``."""
    return [f"{d.window.current.name}:{step}" for step in journey(d)]
