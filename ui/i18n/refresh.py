"""Developer tool: re-extract UI strings into the ``.ts`` files and finish ``en``.

    .venv/bin/python -m ui.i18n.refresh

Runs ``pyside6-lupdate`` over every ``ui/**/*.py`` and ``lab/demo/*.py`` (keeping existing
translations, dropping obsolete ones), then marks every English message as translated by its source
text, because source strings are English. New Chinese strings stay ``unfinished`` until
translated in Qt Linguist (``pyside6-linguist ui/i18n/kiosk_zh_CN.ts``); the test
``tests/ui/test_i18n.py`` fails until they are.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from ui.i18n import LANGUAGES, TS_DIR, ts_path

UI_DIR = TS_DIR.parent
#: The demo's control window and gallery (``lab/demo``) share these translations.
DEMO_DIR = UI_DIR.parent / "lab" / "demo"


def lupdate() -> None:
    tool = Path(sys.executable).parent / "pyside6-lupdate"
    exe = str(tool) if tool.is_file() else shutil.which("pyside6-lupdate") or "lupdate"
    sources = sorted(str(p) for d in (UI_DIR, DEMO_DIR) for p in d.rglob("*.py")
                     if "i18n" not in p.parts)
    for lang in LANGUAGES:
        subprocess.run([exe, "-silent", "-no-obsolete", "-locations", "none", *sources,
                        "-target-language", lang, "-ts", str(ts_path(lang))], check=True)


def finish_english() -> int:
    path = ts_path("en")
    tree = ET.parse(path)
    changed = 0
    for message in tree.getroot().iter("message"):
        node = message.find("translation")
        if node is not None and node.get("type") == "unfinished":
            node.text = message.findtext("source")
            del node.attrib["type"]
            changed += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return changed


def main() -> int:
    lupdate()
    print(f"en: {finish_english()} messages finished from their source text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
