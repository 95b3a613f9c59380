"""QApplication set-up: platform choice, the CJK font, the shared style sheet.

Why the font is loaded by hand: the machines this runs on ship no CJK fonts, so Chinese
text would render as empty boxes. We load the first CJK font found at the usual Debian
paths (the Makefile installs ``fonts-wqy-microhei`` when it is missing) with
``QFontDatabase.addApplicationFont`` and make it the application font; if none is found
we log a warning naming the package to install, and the UI still works in English.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ui import theme

log = logging.getLogger(__name__)

#: Where Debian/Ubuntu and common distributions put CJK fonts, best first.
CJK_FONT_PATHS: tuple[str, ...] = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)
CJK_FONT_HINT = "install the Debian package fonts-wqy-microhei (or fonts-noto-cjk)"
#: Set by ``load_cjk_font``: the family in use, or None when Chinese cannot render.
_loaded_family: str | None = None
_font_searched = False


def has_display(env: dict[str, str] | None = None) -> bool:
    """True when a real window can be shown (X11 or Wayland session present)."""
    env = dict(os.environ) if env is None else env
    if env.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal"):
        return False
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def load_cjk_font(paths: Sequence[str] = CJK_FONT_PATHS) -> str | None:
    """Load the first CJK font that exists; return its family name or None.

    Needs a QGuiApplication. Loading twice is harmless (the first result is kept).
    """
    global _loaded_family, _font_searched
    if _font_searched:
        return _loaded_family
    extra = os.environ.get("KIOSK_UI_FONT")
    for path in ([extra] if extra else []) + list(paths):
        if not Path(path).is_file():
            continue
        font_id = QFontDatabase.addApplicationFont(path)
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            _loaded_family = families[0]
            log.info("CJK font loaded: %s (%s)", _loaded_family, path)
            break
    else:
        log.warning("no CJK font found, Chinese text will not render: %s", CJK_FONT_HINT)
    _font_searched = True
    return _loaded_family


def cjk_family() -> str | None:
    """The CJK family loaded by ``load_cjk_font`` (None if none was found)."""
    return _loaded_family


def create_app(argv: Sequence[str] | None = None, *, headless: bool = False) -> QApplication:
    """Return the QApplication (creating it once), with font and style sheet applied.

    ``headless`` selects the offscreen platform so rendering works with no display.
    """
    if headless:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_style(app, large_text=False)
    return app


def apply_style(app: QApplication, *, large_text: bool) -> None:
    """Apply the font and the style sheet for normal or large text.

    Skipped when the same style is already applied: ``setStyleSheet`` re-polishes every
    widget the application holds, which for a long-lived application (the test session,
    a kiosk toggling large text) costs seconds inside Qt where nothing can interrupt it.
    """
    family = load_cjk_font()
    applied = f"{family}|{large_text}"
    if app.property("kiosk_style") == applied:
        return
    app.setProperty("kiosk_style", applied)
    scale = theme.scale_for(large_text)
    font = QFont(family) if family else QFont()
    font.setPixelSize(scale.body)
    app.setFont(font)
    synthetic = bool(family) and not any(
        "bold" in style.lower() for style in QFontDatabase.styles(family or ""))
    app.setStyleSheet(theme.style_sheet(scale, family, synthetic_bold=synthetic))
