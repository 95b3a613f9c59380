"""Translations: Qt Linguist ``.ts`` sources here, ``.qm`` built at run time.

Why built at run time: ``.qm`` files are build output and stay out of git. On first use
of a language we run ``pyside6-lrelease`` (shipped in the PySide6 wheel's venv scripts)
to compile ``kiosk_<lang>.ts`` into a cache directory (the kiosk's data dir, or a temp
dir), and recompile when the ``.ts`` is newer. If lrelease is missing or fails, a small
``QTranslator`` subclass reads the ``.ts`` XML directly, so the kiosk never shows the
wrong language just because a build tool is absent.

Source strings are English; ``en`` still has a ``.ts`` so every string is reviewed.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)

TS_DIR = Path(__file__).resolve().parent
LANGUAGES = ("zh_CN", "en")


def ts_path(lang: str) -> Path:
    return TS_DIR / f"kiosk_{lang}.ts"


def find_lrelease() -> str | None:
    """The lrelease tool beside this Python (venv) or on PATH."""
    for name in ("pyside6-lrelease", "lrelease"):
        local = Path(sys.executable).parent / name
        if local.is_file():
            return str(local)
        found = shutil.which(name)
        if found:
            return found
    return None


def compile_qm(lang: str, out_dir: Path) -> Path | None:
    """Compile ``kiosk_<lang>.ts`` to ``out_dir/kiosk_<lang>.qm``; None if impossible."""
    source = ts_path(lang)
    target = out_dir / f"kiosk_{lang}.qm"
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    tool = find_lrelease()
    if tool is None:
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([tool, "-silent", str(source), "-qm", str(target)], check=True,
                       capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("lrelease failed for %s: %s", source, exc)
        return None
    return target if target.is_file() else None


class TsTranslator(QTranslator):
    """Fallback translator reading finished messages straight from a ``.ts`` file."""

    def __init__(self, path: Path):
        super().__init__()
        self.messages: dict[tuple[str, str], str] = {}
        for context in ET.parse(path).getroot().iter("context"):
            ctx = context.findtext("name") or ""
            for message in context.iter("message"):
                node = message.find("translation")
                if node is None or node.get("type") in ("unfinished", "obsolete", "vanished"):
                    continue
                self.messages[(ctx, message.findtext("source") or "")] = node.text or ""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        return self.messages.get((context, source), "")

    def isEmpty(self) -> bool:
        return not self.messages


class Translations:
    """Installs exactly one kiosk translator into the application at a time."""

    def __init__(self, cache_dir: Path | None = None):
        self.cache_dir = cache_dir or Path(tempfile.gettempdir()) / "kiosk-qm"
        self._current: QTranslator | None = None
        self.lang = "en"
        self.used_fallback = False

    def switch(self, lang: str) -> None:
        """Make ``lang`` the UI language (unknown languages fall back to English)."""
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before switching language")
        if self._current is not None:
            app.removeTranslator(self._current)
            self._current = None
        self.lang = lang if lang in LANGUAGES else "en"
        if not ts_path(self.lang).is_file():
            return
        translator: QTranslator = QTranslator()
        qm = compile_qm(self.lang, self.cache_dir)
        if qm is None or not translator.load(str(qm)):
            translator = TsTranslator(ts_path(self.lang))
            self.used_fallback = True
        app.installTranslator(translator)
        self._current = translator
