"""Render the spoken prompts to WAV files with espeak-ng, once, into a cache folder.

Why keyed by a hash of voice and text: a changed sentence (or another voice) gets a new
file on the next start instead of an old recording that no longer matches the screen,
and an unchanged one is never rendered twice. Files are written to a temporary name and
renamed, so a crash mid-render never leaves a truncated WAV that would play as noise.
No Qt here: this runs at install (``kiosk voice render``) or on a worker thread.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ui.voice.prompts import PROMPTS, VOICES, prompt_text

log = logging.getLogger(__name__)

ESPEAK = "espeak-ng"
ESPEAK_HINT = "install the Debian package espeak-ng (the Makefile does, as root)"
RENDER_TIMEOUT_S = 20
Run = Callable[..., subprocess.CompletedProcess[bytes]]


@dataclass
class VoiceCache:
    """WAV files for every prompt in every language under ``folder``."""

    folder: Path
    espeak: str = ESPEAK
    speed_wpm: int = 150  # a little slower than espeak's 175: strangers, a noisy hall
    run: Run = subprocess.run
    failures: list[str] = field(default_factory=list)

    def path_for(self, prompt_id: str, lang: str) -> Path | None:
        """Where the prompt's WAV lives (whether rendered yet or not); None if unknown."""
        text = prompt_text(prompt_id, lang)
        if text is None:
            return None
        voice = VOICES.get(lang, VOICES["zh_CN"])
        digest = hashlib.sha256(f"{voice}\n{self.speed_wpm}\n{text}".encode()).hexdigest()
        return self.folder / f"{prompt_id}.{lang}.{digest[:12]}.wav"

    def ready(self, prompt_id: str, lang: str) -> Path | None:
        """The rendered file, or None while it is missing (never renders here)."""
        path = self.path_for(prompt_id, lang)
        return path if path is not None and path.is_file() else None

    def available(self) -> bool:
        return shutil.which(self.espeak) is not None

    def render_all(self, langs: Iterable[str] = ("zh_CN", "en")) -> int:
        """Render every missing prompt; return how many files were written.

        A missing espeak-ng or a failed render is logged and recorded in ``failures``;
        the kiosk then simply stays silent for that prompt.
        """
        if not self.available():
            self.failures.append(f"{self.espeak} not found: {ESPEAK_HINT}")
            log.warning("voice guidance off: %s not found (%s)", self.espeak, ESPEAK_HINT)
            return 0
        self.folder.mkdir(parents=True, exist_ok=True)
        written = 0
        for lang in langs:
            for prompt_id in PROMPTS:
                if self.ready(prompt_id, lang) is None and self._render(prompt_id, lang):
                    written += 1
        return written

    def _render(self, prompt_id: str, lang: str) -> bool:
        path = self.path_for(prompt_id, lang)
        text = prompt_text(prompt_id, lang)
        assert path is not None and text is not None
        tmp = path.with_suffix(".tmp")
        voice = VOICES.get(lang, VOICES["zh_CN"])
        try:
            done = self.run([self.espeak, "-v", voice, "-s", str(self.speed_wpm),
                             "-w", str(tmp), text], capture_output=True,
                            timeout=RENDER_TIMEOUT_S, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            self.failures.append(f"{prompt_id}/{lang}: {exc}")
            log.warning("voice prompt %s/%s not rendered: %s", prompt_id, lang, exc)
            return False
        if done.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
            reason = done.stderr.decode(errors="replace").strip() or f"exit {done.returncode}"
            self.failures.append(f"{prompt_id}/{lang}: {reason}")
            log.warning("voice prompt %s/%s not rendered: %s", prompt_id, lang, reason)
            tmp.unlink(missing_ok=True)
            return False
        os.replace(tmp, path)
        return True
