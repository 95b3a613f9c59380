"""Translations: Qt Linguist ``.ts`` sources here, ``.qm`` compiled once and cached.

Why compiled at run time: ``.qm`` files are build output and stay out of git. The first
time a ``.ts`` version is used we run ``pyside6-lrelease`` (shipped in the PySide6
wheel's venv scripts) to compile it; the result is named by a hash of the ``.ts``
content, kept in the given cache directory (the kiosk's data dir) *and* in a per-user
cache shared by every data dir (``$KIOSK_QM_CACHE``, else ``$XDG_CACHE_HOME/kiosk/qm``
or ``~/.cache/kiosk/qm``). So lrelease (~120 ms, a subprocess) runs once per ``.ts``
change, not on every cold start, and a checkout that only touches mtimes compiles
nothing. If lrelease is missing or fails, a small ``QTranslator`` subclass reads the
``.ts`` XML directly, so the kiosk never shows the wrong language just because a build
tool is absent.

Source strings are English; ``en`` still has a ``.ts`` so every string is reviewed.
"""

from __future__ import annotations

import hashlib
import logging
import os
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


def ts_digest(lang: str) -> str:
    """Short hash of the ``.ts`` content (~0.1 ms): names the compiled ``.qm`` version."""
    return hashlib.sha256(ts_path(lang).read_bytes()).hexdigest()[:16]


def shared_cache_dir(env: dict[str, str] | None = None) -> Path:
    """The per-user ``.qm`` cache every kiosk data dir on this machine can reuse."""
    env = dict(os.environ) if env is None else env
    if env.get("KIOSK_QM_CACHE"):
        return Path(env["KIOSK_QM_CACHE"])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kiosk" / "qm"


def compile_qm(lang: str, out_dir: Path, shared: Path | None = None) -> Path | None:
    """The compiled ``.qm`` of the current ``kiosk_<lang>.ts``; None if impossible.

    Looks in ``out_dir``, then ``shared``; compiles with lrelease only when neither has
    this version, then stores it in both (the shared copy best effort).
    """
    name = f"kiosk_{lang}-{ts_digest(lang)}.qm"
    target = out_dir / name
    if target.is_file():
        return target
    cached = shared / name if shared is not None else None
    if cached is not None and cached.is_file():
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, target)
            return target
        except OSError:
            return cached
    tool = find_lrelease()
    if tool is None:
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")  # never a half-written .qm
    try:
        subprocess.run([tool, "-silent", str(ts_path(lang)), "-qm", str(partial)],
                       check=True, capture_output=True, timeout=60)
        os.replace(partial, target)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("lrelease failed for %s: %s", ts_path(lang), exc)
        partial.unlink(missing_ok=True)
        return None
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(target, cached.with_suffix(partial.suffix))
            os.replace(cached.with_suffix(partial.suffix), cached)
        except OSError as exc:
            log.info("could not share the compiled translation in %s: %s", cached, exc)
    return target


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

    def __init__(self, cache_dir: Path | None = None, shared_dir: Path | None = None):
        self.cache_dir = cache_dir or Path(tempfile.gettempdir()) / "kiosk-qm"
        self.shared_dir = shared_dir or shared_cache_dir()
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
        qm = compile_qm(self.lang, self.cache_dir, self.shared_dir)
        if qm is None or not translator.load(str(qm)):
            translator = TsTranslator(ts_path(self.lang))
            self.used_fallback = True
        app.installTranslator(translator)
        self._current = translator
