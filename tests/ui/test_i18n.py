"""Every UI string is translated: zh_CN complete, en complete, and both load at run time."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from ui.i18n import LANGUAGES, TS_DIR, Translations, TsTranslator, ts_path

UI_DIR = TS_DIR.parent


def source_strings() -> set[tuple[str, str]]:
    """(context, source) of every ``translate("ctx", "text")`` call under ui/."""
    found: set[tuple[str, str]] = set()
    for path in UI_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            ctx, src = node.args[0], node.args[1]
            if name == "translate" and isinstance(ctx, ast.Constant) and isinstance(
                    src, ast.Constant):
                found.add((str(ctx.value), str(src.value)))
    return found


def ts_messages(lang: str) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts_path(lang)).getroot()
    return {(c.findtext("name") or "", m.findtext("source") or ""): m.find("translation")
            for c in root.iter("context") for m in c.iter("message")}


def test_sources_are_found():
    assert len(source_strings()) > 30


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_translated_and_finished(lang):
    messages = ts_messages(lang)
    problems = []
    for key in sorted(source_strings()):
        node = messages.get(key)
        if node is None:
            problems.append(f"not in kiosk_{lang}.ts (run python -m ui.i18n.refresh): {key}")
        elif node.get("type") in ("unfinished", "obsolete", "vanished") or not node.text:
            problems.append(f"untranslated: {key}")
    assert problems == []


def test_chinese_translations_keep_placeholders_and_differ():
    for (ctx, src), node in ts_messages("zh_CN").items():
        assert sorted(re.findall(r"%\d", src)) == sorted(re.findall(r"%\d", node.text or "")), src
        if re.search(r"[A-Za-z]{4,}", src) and src not in ("%1 s",):
            assert re.search(r"[\u4e00-\u9fff]", node.text or ""), f"{ctx}: {src} not Chinese"


def test_zh_cn_loads_through_lrelease_or_fallback(qapp, tmp_path: Path):
    translations = Translations(tmp_path)
    translations.switch("zh_CN")
    try:
        assert QCoreApplication.translate("AttractScreen", "Mobile top-up") == "手机充值"
    finally:
        translations.switch("en")
    assert QCoreApplication.translate("AttractScreen", "Mobile top-up") == "Mobile top-up"


def test_fallback_translator_reads_ts_directly():
    translator = TsTranslator(ts_path("zh_CN"))
    assert translator.translate("Footer", "Home") == "首页"
    assert translator.translate("Footer", "no such text") == ""


def test_qm_compiled_once_per_ts_version(qapp, tmp_path: Path, monkeypatch):
    """lrelease runs once per ``.ts`` content; other data dirs reuse the shared copy."""
    import shutil
    import subprocess

    import ui.i18n as i18n

    if i18n.find_lrelease() is None:
        pytest.skip("no lrelease here: the .ts fallback is tested above")
    ts_dir = tmp_path / "ts"
    ts_dir.mkdir()
    shutil.copy(ts_path("zh_CN"), ts_dir / "kiosk_zh_CN.ts")
    monkeypatch.setattr(i18n, "TS_DIR", ts_dir)
    runs = []
    real_run = subprocess.run

    def counting_run(*args, **kwargs):
        runs.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(i18n.subprocess, "run", counting_run)
    shared = tmp_path / "shared"

    def start(data_dir: str, home: str) -> None:
        translations = Translations(tmp_path / data_dir / "qm", shared)
        translations.switch("zh_CN")
        try:
            assert not translations.used_fallback
            assert QCoreApplication.translate("Footer", "Home") == home
        finally:
            QCoreApplication.removeTranslator(translations._current)

    for data_dir in ("kiosk-a", "kiosk-b", "kiosk-a"):  # three starts, two data dirs
        start(data_dir, "首页")
    assert len(runs) == 1
    assert len(list((tmp_path / "kiosk-b" / "qm").glob("*.qm"))) == 1
    ts = ts_dir / "kiosk_zh_CN.ts"  # a new .ts version compiles again, once
    ts.write_text(ts.read_text(encoding="utf-8").replace("首页", "主页"), encoding="utf-8")
    for data_dir in ("kiosk-a", "kiosk-b"):
        start(data_dir, "主页")
    assert len(runs) == 2
    assert not list(tmp_path.rglob("*.tmp"))
