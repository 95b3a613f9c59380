"""The demo on the Qt side: the kiosk window (and, live, the emulator control window).

Headless it renders every screen of the scripted journeys to PNGs in both languages and
both orientations and returns their paths; with a display it shows the windows and runs
the event loop until the kiosk window closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kiosk.config import Config
from ui.app import cjk_family, create_app
from ui.i18n import Translations
from ui.render import LANDSCAPE, PORTRAIT, render_screenshot
from ui.screens.attract import AttractScreen
from ui.window import KioskWindow

ORIENTATIONS = {"portrait": PORTRAIT, "landscape": LANDSCAPE}


def build_window(config: Config, translations: Translations, lang: str) -> KioskWindow:
    translations.switch(lang)
    window = KioskWindow(str(config.get("brand")), lang=lang, switch_language=translations.switch)
    window.add_screen(AttractScreen())
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
            for name in list(window.screens):
                window.show_screen(name)
                path = out_dir / f"{lang}-{orientation}-{name}.png"
                paths.append(render_screenshot(window, path, size))
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
