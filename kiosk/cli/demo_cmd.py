"""``kiosk demo``: the whole kiosk on a laptop, with emulated devices and a real server.

The CLI is the composition root, so this module is the one place in ``kiosk`` that
reaches up to ``ui``. It does so by name at run time (``importlib``), inside the handler,
so ``kiosk --help`` and the Qt-free library never load Qt and no ``kiosk`` module depends
on ``ui`` at import time.
"""

from __future__ import annotations

import argparse
import importlib
import os
from pathlib import Path
from typing import Any

from kiosk.cli.common import add_command, load_config


def register(sub: Any) -> None:
    demo = add_command(
        sub, "demo",
        "Run the kiosk with emulated devices and the reference server "
        "(headless: render screenshots).",
        "kiosk demo --headless --screenshots shots/ --lang en")
    demo.add_argument("--headless", action="store_true",
                      help="render offscreen instead of opening windows")
    demo.add_argument("--screenshots", metavar="DIR", type=Path,
                      help="directory for PNG screenshots (headless; default ./demo-screenshots)")
    demo.add_argument("--lang", choices=("zh_CN", "en"),
                      help="language to start in (headless renders both unless given)")
    demo.set_defaults(func=_demo)


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal"):
        return False
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _demo(args: argparse.Namespace) -> int:
    config = load_config(args)
    headless = bool(args.headless)
    if not headless and not _has_display():
        print("kiosk demo: no display found (DISPLAY/WAYLAND_DISPLAY unset): "
              "running headless and rendering screenshots instead", flush=True)
        headless = True
    demo_app = importlib.import_module("ui.demo_app")  # composition root: Qt only here

    if headless:
        out_dir = (args.screenshots or Path("demo-screenshots")).resolve()
        langs = [args.lang] if args.lang else ["zh_CN", "en"]
        paths = demo_app.render_all(config, out_dir, langs)
        print(demo_app.font_status(), flush=True)
        for path in paths:
            print(path, flush=True)
        print(f"kiosk demo: {len(paths)} screenshots in {out_dir}", flush=True)
        return 0
    return demo_app.run_live(config, args.lang or str(config.get("locale")))

