"""Start-up settings reach the window: ``ui.large_text`` in ``build_ui``, and the live
demo's window construction (``ui.orientation``, control window beside) runs offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.config import load
from ui import theme
from ui.i18n import Translations


@pytest.fixture
def bare_core(tmp_path):
    """A real KioskCore with no devices and no server, and its config factory."""
    from kiosk.payment.core import KioskCore
    from offline_queue import Store

    stores = []

    def make(**env: str):
        config = load(None, env={"KIOSK_DATA_DIR": str(tmp_path / "data"), **env})
        config.data_dir.mkdir(parents=True, exist_ok=True)
        store = Store(config.data_dir / "kiosk.db")
        stores.append(store)
        core = KioskCore(config, store)
        core.start(device_wait_s=0)
        return config, core

    yield make
    for store in stores:
        store.close()


@pytest.mark.parametrize("large", [True, False])
def test_large_text_from_config(styled_app, qtbot, tmp_path, bare_core, fixed_clock, large):
    from ui.wiring import build_ui

    config, core = bare_core(KIOSK_UI__LARGE_TEXT="true" if large else "false")
    flow = build_ui(core, config, Translations(tmp_path / "qm"), "en", clock=fixed_clock)
    qtbot.addWidget(flow.window)
    try:
        window = flow.window
        assert window.large_text is large
        assert window.header.large.isChecked() is large
        assert styled_app.font().pixelSize() == theme.scale_for(large).body
        if large:  # the customer can still switch it off
            window.header.large.click()
            assert not window.large_text
            assert styled_app.font().pixelSize() == theme.scale_for(False).body
    finally:
        flow.bridge.shutdown()


@pytest.mark.slow
def test_run_live_window_construction(styled_app, monkeypatch, tmp_path):
    """``run_live`` end to end offscreen: landscape kiosk window at the top left, the
    control window beside it, large text from the config; a timer quits the loop."""
    from lab.demo.app import run_live
    from lab.demo.control_window import ControlWindow
    from ui.window import KioskWindow

    monkeypatch.setenv("QT_SCALE_FACTOR", "1")  # run_live's setdefault must not leak
    config = load(None, env={"KIOSK_DATA_DIR": str(tmp_path / "data"),
                             "KIOSK_UI__ORIENTATION": "landscape",
                             "KIOSK_UI__LARGE_TEXT": "true"})
    seen: dict[str, object] = {}

    def running() -> bool:  # quit() before exec() would be lost and the loop never end
        return QApplication.instance().thread().loopLevel() > 0

    def check() -> None:
        if not running():
            return
        tops = QApplication.topLevelWidgets()
        kiosk = [w for w in tops if isinstance(w, KioskWindow) and w.isVisible()]
        control = [w for w in tops if isinstance(w, ControlWindow) and w.isVisible()]
        if not (kiosk and control):
            return
        seen.update(size=(kiosk[0].width(), kiosk[0].height()), large=kiosk[0].large_text,
                    screen=kiosk[0].current.name, control_x=control[0].x())
        QApplication.quit()

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(check)
    timer.start()
    guard = QTimer()
    guard.timeout.connect(lambda: QApplication.quit() if running() else None)
    guard.start(60_000)  # never hang the suite
    try:
        code = run_live(config, "en")
    finally:
        timer.stop()
        guard.stop()
    assert code == 0
    assert seen == {"size": (1920, 1080), "large": True, "screen": "attract",
                    "control_x": 1940}
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, KioskWindow | ControlWindow) and w.isVisible()]
