"""The demo on the Qt side: the kiosk window (and, live, the emulator control window).

Headless it renders every screen of the scripted journeys to PNGs in both languages and
both orientations and returns their paths; with a display it shows the windows and runs
the event loop until the kiosk window closes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from kiosk.config import Config
from ui.app import cjk_family, create_app
from ui.gallery import add_gallery_screens, gallery
from ui.i18n import Translations
from ui.render import LANDSCAPE, PORTRAIT, find_clipped, render_screenshot
from ui.window import KioskWindow

log = logging.getLogger(__name__)
ORIENTATIONS = {"portrait": PORTRAIT, "landscape": LANDSCAPE}


def build_window(config: Config, translations: Translations, lang: str) -> KioskWindow:
    translations.switch(lang)
    window = KioskWindow(str(config.get("brand")), lang=lang, switch_language=translations.switch)
    add_gallery_screens(window)
    window.retranslate()
    return window


def render_all(config: Config, out_dir: Path, langs: Sequence[str]) -> list[Path]:
    """Render every demo screen in each language and orientation; return the PNG paths."""
    create_app(headless=True)
    translations = Translations(config.data_dir / "qm")
    paths: list[Path] = []
    for lang in langs:
        window = build_window(config, translations, lang)
        for orientation, size in ORIENTATIONS.items():
            window.resize(*size)
            for name in gallery(window):
                path = out_dir / f"{lang}-{orientation}-{name}.png"
                paths.append(render_screenshot(window, path, size))
                for problem in find_clipped(window):
                    log.warning("%s: %s", path.name, problem)
        window.close()
        window.deleteLater()
    return paths


def run_live(config: Config, lang: str) -> int:
    app = create_app()
    translations = Translations(config.data_dir / "qm")
    window = build_window(config, translations, lang)
    size = ORIENTATIONS[str(config.get("ui.orientation"))]
    window.resize(size[0] // 2, size[1] // 2)
    window.show()
    return int(app.exec())


def font_status() -> str:
    family = cjk_family()
    return f"CJK font: {family}" if family else "CJK font: none (Chinese text will not render)"
