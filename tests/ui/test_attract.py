"""The first screen renders in both orientations, both text sizes, with the CJK font."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ui import render_screenshot
from ui.app import CJK_FONT_PATHS, cjk_family, load_cjk_font
from ui.render import LANDSCAPE, PORTRAIT
from ui.screens.attract import SERVICES, AttractScreen
from ui.theme import MIN_TOUCH_PX
from ui.window import KioskWindow


@pytest.fixture
def window(styled_app, qtbot, fixed_clock):
    win = KioskWindow("便民缴费", lang="en", clock=fixed_clock)
    qtbot.addWidget(win)
    win.add_screen(AttractScreen())
    return win


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large"])
def test_attract_renders_at_kiosk_sizes(window, tmp_path: Path, size, large_text):
    window.set_large_text(large_text)
    png = render_screenshot(window, tmp_path / "attract.png", size)
    image = QImage(str(png))
    assert (image.width(), image.height()) == size
    attract = window.current
    assert isinstance(attract, AttractScreen)
    for service in SERVICES:
        tile = attract.tiles[service]
        assert tile.isVisible() and tile.isEnabled()
        assert tile.height() >= MIN_TOUCH_PX and tile.width() >= MIN_TOUCH_PX
        assert tile.title.text()
    for button in (window.header.zh, window.header.en, window.header.large):
        assert button.height() >= MIN_TOUCH_PX


def test_header_shows_brand_and_injected_time(window):
    assert window.header.brand.text() == "便民缴费"
    assert window.header.time.text() == "2025-05-01  09:30"


def test_tile_click_emits_service(window, qtbot):
    attract = window.current
    with qtbot.waitSignal(attract.service_chosen, timeout=1000) as blocker:
        attract.tiles["bill_query"].click()
    assert blocker.args == ["bill_query"]


def test_disabled_tile_shows_reason(window):
    tile = window.current.tiles["topup"]
    tile.set_available(False, "Coming soon")
    assert not tile.isEnabled()
    assert tile.detail.text() == "Coming soon"
    tile.set_available(True)
    assert tile.detail.text() != "Coming soon"


def test_cjk_font_loaded_when_installed(styled_app):
    installed = any(Path(p).is_file() for p in CJK_FONT_PATHS)
    if not installed:
        pytest.skip("no CJK font installed on this machine (fonts-wqy-microhei)")
    family = load_cjk_font()
    assert family and family == cjk_family()
    assert styled_app.font().family() == family
