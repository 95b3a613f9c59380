"""Speak the prompt of each customer step as the window shows it.

Why a player process (``aplay``, through ``QProcess``) and not QtMultimedia: the kiosk
depends on ``pyside6-essentials``, which has no QtMultimedia (that module ships in
``pyside6-addons``, several hundred MB of WebEngine, 3D and charts for one sound). A
``QProcess`` is started and watched by the Qt event loop without blocking it, the sound
plays in its own process, and a new step stops the previous prompt. Rendering (espeak-ng)
runs on a worker thread; the GUI thread only starts a file that is already on disk, so a
prompt not rendered yet is skipped, never waited for.
"""

from __future__ import annotations

import logging
import shlex
import threading
from collections.abc import Sequence

from PySide6.QtCore import QObject, QProcess, Signal

from ui.voice.cache import VoiceCache
from ui.voice.prompts import PROMPTS
from ui.window import KioskWindow

log = logging.getLogger(__name__)

DEFAULT_PLAYER = "aplay -q"
SCREEN_PROMPTS = {
    "attract": "attract", "number": "number", "account": "account", "amount": "amount",
    "biller": "biller", "confirm": "confirm", "cash": "cash", "card": "card",
    "processing": "processing", "out_of_service": "out_of_service",
    "number_confirm": "number_confirm", "find_payment": "find_payment",
    # find my payment (ui/find.py): its number page, then a status to read, not a receipt
    "find": "find_payment", "find_status": "result.info",
}


class VoiceGuide(QObject):
    """Plays ``cache``'s prompt for each screen ``window`` shows, while ``enabled``."""

    rendered = Signal(int)  # files written by the background render (on the GUI thread)
    enabled_changed = Signal(bool)

    def __init__(self, window: KioskWindow, cache: VoiceCache, *, enabled: bool = False,
                 player: str | Sequence[str] = DEFAULT_PLAYER, parent: QObject | None = None):
        super().__init__(parent or window)
        self.window = window
        self.cache = cache
        self.enabled = enabled
        self.player = shlex.split(player) if isinstance(player, str) else list(player)
        self.process: QProcess | None = None
        self.played: list[str] = []  # prompt ids started, newest last (tests, diagnostics)
        self.broken = ""  # why playing failed (player missing), shown in diagnostics
        self._render_thread: threading.Thread | None = None
        window.screen_changed.connect(self.screen_shown)
        qr = window.screens.get("qr")  # the QR payment's pages each have their prompt
        if qr is not None and hasattr(qr, "page_changed"):
            qr.page_changed.connect(
                lambda _page: self.screen_shown("qr") if window.current.name == "qr" else None)

    # --- rendering ------------------------------------------------------------------------
    def start_rendering(self) -> threading.Thread:
        """Render missing prompts on a worker thread (first start); returns the thread."""
        if self._render_thread is None or not self._render_thread.is_alive():
            self._render_thread = threading.Thread(target=self._render, name="voice-render",
                                                   daemon=True)
            self._render_thread.start()
        return self._render_thread

    def _render(self) -> None:
        try:
            written = self.cache.render_all()
        except Exception:  # a failed render must leave the kiosk working, silently
            log.exception("voice prompts not rendered")
            written = 0
        self.rendered.emit(written)  # emitted off the GUI thread: Qt queues it

    # --- playing --------------------------------------------------------------------------
    def set_enabled(self, on: bool) -> None:
        if on == self.enabled:
            return
        self.enabled = on
        if not on:
            self.stop()
        self.enabled_changed.emit(on)
        if on:
            self.screen_shown(self.window.current.name)

    def prompt_for(self, screen_name: str) -> str | None:
        if screen_name == "result":
            view = getattr(self.window.screens.get("result"), "view", None)
            return f"result.{getattr(view, 'outcome', 'info')}"
        if screen_name == "qr":
            page = getattr(self.window.screens.get("qr"), "page", "choose")
            return f"qr.{page}" if f"qr.{page}" in PROMPTS else None
        return SCREEN_PROMPTS.get(screen_name)

    def screen_shown(self, screen_name: str) -> None:
        prompt = self.prompt_for(screen_name)
        if prompt is not None:
            self.say(prompt)

    def say(self, prompt_id: str) -> bool:
        """Start the prompt in the window's language; False when off or not rendered yet."""
        if not self.enabled or not self.player or self.broken:
            return False
        path = self.cache.ready(prompt_id, self.window.lang)
        if path is None:
            return False
        self.stop()
        process = QProcess(self)
        process.errorOccurred.connect(self._player_error)
        process.finished.connect(process.deleteLater)
        process.start(self.player[0], [*self.player[1:], str(path)])
        self.process = process
        self.played.append(prompt_id)
        return True

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.state() != QProcess.ProcessState.NotRunning:
            process.kill()

    def _player_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.broken = f"voice player {self.player[0]!r} not found"
            log.warning("voice guidance off: %s (install alsa-utils)", self.broken)
