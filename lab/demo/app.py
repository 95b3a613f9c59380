"""The demo on the Qt side: the kiosk window over ``lab.demo.rig.DemoKiosk``.

Headless it runs the scripted journeys (``lab.demo.journeys``) in each language and renders
every screen in both orientations, then the sample gallery (still-there prompt, out of
service); with a display it shows the kiosk window and the emulator control window side
by side and runs until the kiosk window closes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from kiosk.config import Config
from lab.demo.gallery import add_gallery_screens, gallery
from lab.demo.journeys import JOURNEYS, Driver
from lab.demo.rig import DemoKiosk, backoffice_banner
from ui.app import cjk_family, create_app
from ui.customer import CustomerFlow
from ui.i18n import Translations
from ui.render import LANDSCAPE, PORTRAIT, find_clipped, render_screenshot
from ui.window import KioskWindow
from ui.wiring import build_ui

__all__ = ["build_live", "build_ui", "font_status", "render_all", "run_live"]

log = logging.getLogger(__name__)
ORIENTATIONS = {"portrait": PORTRAIT, "landscape": LANDSCAPE}


def _shoot(window: KioskWindow, out_dir: Path, stem: str, paths: list[Path]) -> None:
    for orientation, size in ORIENTATIONS.items():
        path = out_dir / f"{stem.replace('{o}', orientation)}.png"
        paths.append(render_screenshot(window, path, size))
        for problem in find_clipped(window):
            log.warning("%s: %s", path.name, problem)


def render_all(config: Config, out_dir: Path, langs: Sequence[str]) -> list[Path]:
    """Run every journey in each language; return the PNG paths, in order."""
    create_app(headless=True)
    translations = Translations(config.data_dir / "qm")
    paths: list[Path] = []
    demo = DemoKiosk(config)
    core = demo.start()
    try:
        maint = demo.maint
        for lang in langs:
            flow = build_ui(core, config, translations, lang, maint=maint)
            window = flow.window
            render_screenshot(window, out_dir / ".warmup.png", PORTRAIT)
            driver = Driver(flow, demo)
            for journey, script in JOURNEYS.items():
                driver.fresh()
                for i, step in enumerate(script(driver), 1):
                    _shoot(window, out_dir, f"{lang}-{{o}}-{journey}-{i:02d}-{step}", paths)
            driver.home()
            flow.bridge.shutdown()
            window.close()
            window.deleteLater()
            sample = KioskWindow(str(config.get("brand")), lang=lang)
            add_gallery_screens(sample)
            for name in gallery(sample):
                if name in ("still_there", "out_of_service", "cash"):
                    _shoot(sample, out_dir, f"{lang}-{{o}}-sample-{name}", paths)
            sample.close()
            sample.deleteLater()
        (out_dir / ".warmup.png").unlink(missing_ok=True)
    finally:
        demo.stop()
    return paths


def build_live(demo: DemoKiosk, config: Config, translations: Translations, lang: str
               ) -> tuple[CustomerFlow, QWidget]:
    """The kiosk window (``ui.orientation`` size, top left) and the control window beside it.

    Shown, not yet running: ``run_live`` runs the Qt loop; tests build and close them.
    """
    from lab.demo.control_window import ControlWindow

    flow = build_ui(demo.core, config, translations, lang, maint=demo.maint)
    window = flow.window
    size = ORIENTATIONS[str(config.get("ui.orientation"))]
    window.resize(*size)
    window.move(0, 0)
    window.show()
    control = ControlWindow(demo, flow)
    control.move(size[0] + 20, 0)
    control.show()
    return flow, control


def run_live(config: Config, lang: str) -> int:
    # A 1080x1920 kiosk screen on a laptop: scale everything to half (fonts, targets).
    os.environ.setdefault("QT_SCALE_FACTOR", "0.5")
    app = create_app()
    translations = Translations(config.data_dir / "qm")
    demo = DemoKiosk(config)
    demo.start()
    print(backoffice_banner(demo.backoffice_url, demo.backoffice_password), flush=True)
    try:
        flow, control = build_live(demo, config, translations, lang)
        try:
            return int(app.exec())
        finally:
            flow.bridge.shutdown(wait=False)
            control.close()
            flow.window.close()
    finally:
        demo.stop()


def font_status() -> str:
    family = cjk_family()
    return f"CJK font: {family}" if family else "CJK font: none (Chinese text will not render)"
