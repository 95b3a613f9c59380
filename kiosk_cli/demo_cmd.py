"""``kiosk demo``: the whole kiosk on a laptop, with emulated devices and a real server.

The demo rig lives in ``lab.demo`` (outside the product packages); this handler imports
it inside the handler, so ``kiosk --help`` never loads Qt.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk_cli.common import add_command, load_config


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


def _demo(args: argparse.Namespace) -> int:
    config = load_config(args)
    from ui.app import has_display  # Qt from here on, after the configuration is checked

    headless = bool(args.headless)
    if not headless and not has_display():
        print("kiosk demo: no display found (DISPLAY/WAYLAND_DISPLAY unset): "
              "running headless and rendering screenshots instead", flush=True)
        headless = True
    from lab.demo import app as demo_app

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

