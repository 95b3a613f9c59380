"""Voice guidance: prompts rendered once by espeak-ng off the GUI thread, cached by text,
played through a QProcess for each customer step while switched on."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.ui.conftest import wait_until
from ui.voice.cache import VoiceCache
from ui.voice.prompts import PROMPTS, prompt_text

LANGS = ("zh_CN", "en")


class FakeEspeak:
    """Writes a tiny WAV where espeak-ng would, and notes the thread it ran on."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.threads: set[str] = set()

    def __call__(self, argv: list[str], **_kw: object) -> subprocess.CompletedProcess[bytes]:
        self.calls.append(argv)
        self.threads.add(threading.current_thread().name)
        Path(argv[argv.index("-w") + 1]).write_bytes(b"RIFF....WAVE")
        return subprocess.CompletedProcess(argv, 0, b"", b"")


def test_every_prompt_has_both_languages_and_mandarin_words_from_the_glossary():
    for prompt_id, texts in PROMPTS.items():
        assert set(texts) == set(LANGS), prompt_id
    assert "纸币器" in PROMPTS["cash"]["zh_CN"] and "找零凭证" in PROMPTS["cash"]["zh_CN"]
    assert "银行卡终端" in PROMPTS["card"]["zh_CN"]
    assert prompt_text("cash", "fr") == PROMPTS["cash"]["zh_CN"]  # unknown -> Mandarin


def test_render_once_atomically_then_reuse(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda _name: "/usr/bin/espeak-ng")
    espeak = FakeEspeak()
    cache = VoiceCache(tmp_path / "voice", run=espeak)
    assert cache.render_all(LANGS) == len(PROMPTS) * 2
    assert all(cache.ready(p, lang) for p in PROMPTS for lang in LANGS)
    assert not list((tmp_path / "voice").glob("*.tmp"))
    mandarin = [c for c in espeak.calls if c[c.index("-v") + 1] == "cmn"]
    assert len(mandarin) == len(PROMPTS)
    assert cache.render_all(LANGS) == 0  # cached: nothing rendered twice
    slower = VoiceCache(tmp_path / "voice", speed_wpm=120, run=espeak)
    assert slower.path_for("cash", "zh_CN") != cache.path_for("cash", "zh_CN")


def test_a_failed_render_leaves_no_file_and_says_why(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda _name: "/usr/bin/espeak-ng")

    def broken(argv, **_kw):
        Path(argv[argv.index("-w") + 1]).write_bytes(b"half")
        return subprocess.CompletedProcess(argv, 1, b"", b"voice cmn not found")

    cache = VoiceCache(tmp_path, run=broken)
    assert cache.render_all(["zh_CN"]) == 0
    assert cache.ready("cash", "zh_CN") is None and not list(tmp_path.glob("*.tmp"))
    assert "voice cmn not found" in cache.failures[0]


def test_missing_espeak_is_reported_not_fatal(tmp_path):
    cache = VoiceCache(tmp_path, espeak="no-such-espeak-binary")
    assert cache.render_all() == 0
    assert "espeak-ng" in cache.failures[0]


@pytest.mark.skipif(shutil.which("espeak-ng") is None,
                    reason="espeak-ng is installed by `make test` (Debian package espeak-ng)")
def test_real_espeak_renders_a_mandarin_wav(tmp_path):
    cache = VoiceCache(tmp_path)
    assert cache._render("cash", "zh_CN")
    data = cache.ready("cash", "zh_CN").read_bytes()  # type: ignore[union-attr]
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE" and len(data) > 10_000


@pytest.fixture
def window(styled_app, qtbot, fixed_clock):
    from lab.demo.gallery import add_gallery_screens
    from ui.window import KioskWindow

    win = KioskWindow("便民缴费", lang="zh_CN", clock=fixed_clock)
    qtbot.addWidget(win)
    add_gallery_screens(win)
    return win


def _recorder(tmp_path: Path) -> tuple[list[str], Path]:
    """A player command that appends the file it was asked to play to a log."""
    log = tmp_path / "played.log"
    script = tmp_path / "player.py"
    script.write_text("import sys\nwith open(sys.argv[1], 'a') as f:\n"
                      "    f.write(sys.argv[2] + '\\n')\n")
    return [sys.executable, str(script), str(log)], log


def test_rendering_runs_off_the_gui_thread_and_steps_are_spoken(window, tmp_path,
                                                                monkeypatch):
    from ui.voice.guide import VoiceGuide

    monkeypatch.setattr(shutil, "which", lambda _name: "/usr/bin/espeak-ng")
    espeak = FakeEspeak()
    player, log = _recorder(tmp_path)
    guide = VoiceGuide(window, VoiceCache(tmp_path / "voice", run=espeak), player=player)
    got: list[int] = []
    guide.rendered.connect(got.append)
    guide.start_rendering()
    wait_until(lambda: bool(got), "prompts rendered")
    assert espeak.threads == {"voice-render"}
    window.show_screen("cash")
    assert guide.played == []  # switched off: silent
    guide.set_enabled(True)  # switching on speaks the current step
    heard = lambda n: log.exists() and len(log.read_text().splitlines()) == n  # noqa: E731
    wait_until(lambda: heard(1), "the current step spoken")
    window.show_screen("confirm")
    wait_until(lambda: heard(2), "the next step spoken")
    played = log.read_text().splitlines()
    assert guide.played == ["cash", "confirm"]
    assert played == [str(guide.cache.ready("cash", "zh_CN")),
                      str(guide.cache.ready("confirm", "zh_CN"))]
    window.set_language("en")
    window.show_screen("attract")
    wait_until(lambda: heard(3), "english prompt")
    assert log.read_text().splitlines()[2] == str(guide.cache.ready("attract", "en"))
    guide.set_enabled(False)
    window.show_screen("cash")
    assert guide.played[-1] == "attract"


def test_a_missing_player_turns_voice_off_with_a_reason(window, tmp_path, monkeypatch):
    from ui.voice.guide import VoiceGuide

    monkeypatch.setattr(shutil, "which", lambda _name: "/usr/bin/espeak-ng")
    cache = VoiceCache(tmp_path, run=FakeEspeak())
    cache.render_all()
    guide = VoiceGuide(window, cache, enabled=True, player="no-such-player-binary -q")
    assert guide.say("cash")
    wait_until(lambda: bool(guide.broken), "player failure noticed")
    assert not guide.say("cash") and "no-such-player-binary" in guide.broken
