"""Every customer and maintenance screen fits with large text, both orientations and
both languages: no clipped label or button (``ui.render.find_clipped``)."""

from __future__ import annotations

import pytest

from lab.demo.gallery import add_gallery_screens, gallery
from lab.demo.maint_samples import add_samples, samples
from ui.i18n import Translations
from ui.render import LANDSCAPE, PORTRAIT, find_clipped, render_screenshot
from ui.window import KioskWindow


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
@pytest.mark.parametrize("large", [True, False], ids=["large", "normal"])
def test_no_clipping(styled_app, qtbot, tmp_path, fixed_clock, lang, size, large):
    translations = Translations(tmp_path / "qm")
    translations.switch(lang)
    try:
        window = KioskWindow("便民缴费", lang=lang, clock=fixed_clock)
        qtbot.addWidget(window)
        add_gallery_screens(window)
        add_samples(window)
        window.retranslate()
        window.set_large_text(large)
        render_screenshot(window, tmp_path / "warmup.png", size)
        problems = []
        for source in (gallery(window), samples(window)):
            for name in source:
                shot = tmp_path / f"{name}.png"
                render_screenshot(window, shot, size)
                problems += [f"{name}: {p}" for p in find_clipped(window)]
        assert problems == []
    finally:
        translations.switch("en")


def test_large_text_titles_stay_bold_with_a_synthetic_bold():
    """Issue 19 item 7: a family without a bold face loses bold at 64 px and above, so
    large-text headings stop just below; with a real bold face they scale freely."""
    from ui import theme

    large = theme.scale_for(True)
    assert large.title >= theme.PATH_GLYPH_PX  # the case that lost bold
    sheet = theme.style_sheet(large, "WenQuanYi Micro Hei", synthetic_bold=True)
    assert f"font-size: {theme.PATH_GLYPH_PX - 1}px; font-weight: bold;" in sheet
    assert f"font-size: {large.title}px; font-weight: bold;" not in sheet
    real = theme.style_sheet(large, "Noto Sans CJK SC", synthetic_bold=False)
    assert f"font-size: {large.title}px; font-weight: bold;" in real
