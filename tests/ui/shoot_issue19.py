"""Not a test: render the issue-19 screens to PNGs for a person to look at.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python -m tests.ui.shoot_issue19 OUT_DIR
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from devices.bill_validator import Jam
from tests.support.fakes import FakeClock
from tests.ui import customer_rig as cr
from ui.app import apply_style
from ui.layout_check import LayoutReport
from ui.render import LANDSCAPE, PORTRAIT, render_screenshot

REPORT = LayoutReport()


def main(out: Path, lang: str, size: tuple[int, int], large: bool = False) -> None:
    from kiosk.config import load
    from offline_queue import Store
    from ui.i18n import Translations

    tmp = Path(tempfile.mkdtemp())
    config = load(None, env={"KIOSK_DATA_DIR": str(tmp / "data")})
    config.data_dir.mkdir(parents=True)
    store = Store(config.data_dir / "kiosk.db")
    rig = cr.build_rig(config, store, FakeClock(), Translations(tmp / "qm"), lang)
    win = rig.window
    win.resize(*size)
    win.show()
    win.set_large_text(large)
    tag = f"{lang}-{'portrait' if size == PORTRAIT else 'landscape'}{'-large' if large else ''}"

    def shot(name: str) -> None:
        rig.settle()
        render_screenshot(win, out / f"{tag}-{name}.png", size)
        REPORT.add(f"{tag}: {name}", win)

    rig.settle()
    rig.tile("topup")
    rig.enter("number", cr.SUSPENDED)
    shot("number-suspended")
    rig.enter("number", "13800138000")
    shot("amount")
    rig.choose("amount", "5000")
    shot("confirm")
    rig.decline_next()
    rig.pay("card")
    rig.at("confirm")
    shot("confirm-declined")
    rig.pay("cash")
    rig.insert(2000)
    rig.clock.advance(12)
    rig.flow.inactivity.poll()
    shot("cash-countdown")
    rig.validator.emit(Jam("validator"))
    rig.at("result")
    shot("result-jam")
    rig.flow.result.done_button.click()
    rig.settle()
    shot("out-of-service-after-jam")
    from devices.bill_validator import Ready
    rig.validator.emit(Ready(rig.validator.denominations(), "CNY"))
    rig.settle()
    rig.at("attract")
    rig.tile("topup")
    rig.enter("number", "13800138000")
    rig.choose("amount", "5000")
    rig.pay("cash")
    rig.insert(5000)
    rig.at("result")
    shot("result-topup")
    win.set_banner("Network is down: cash top-up and cash bill payment still work; card "
                   "payment and queries are paused.")
    shot("result-topup-banner")
    if "DUMP" in __import__("os").environ:
        dump(win)
    win.set_banner(None)
    win.go_home()
    rig.at("attract")
    rig.tile("bill_payment")
    rig.choose("biller", "CITY_WATER")
    rig.enter("account", cr.UNKNOWN_ACCOUNT)
    shot("result-unknown-account")
    rig.flow.result.action_button.click()
    rig.enter("account", cr.PAID_UP_ACCOUNT)
    shot("result-nothing-due")
    rig.flow.result.action_button.click()
    rig.enter("account", cr.WATER_ACCOUNT)
    shot("confirm-bill")
    win.go_home()
    rig.at("attract")
    rig.tile("balance_query")
    rig.enter("number", "13800138000")
    shot("balance")
    rig.flow.bridge.shutdown()



def dump(widget, depth=0):  # debugging aid: the visible widget tree with geometry
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    for child in widget.findChildren(QWidget, options=direct):
        if child.isVisible():
            print("  " * depth, type(child).__name__, child.objectName(), child.geometry())
            dump(child, depth + 1)

if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    apply_style(app, large_text=False)
    sizes = {"portrait": PORTRAIT, "landscape": LANDSCAPE}
    for lang in sys.argv[2].split(",") if len(sys.argv) > 2 else ("zh_CN", "en"):
        for orient in sys.argv[3].split(",") if len(sys.argv) > 3 else ("portrait",):
            main(out, lang, sizes[orient], large=len(sys.argv) > 4)
    from tests.ui.test_layout_check import KNOWN
    new = [k for k in REPORT.kinds if k not in KNOWN]
    print(REPORT.text(new) if new else f"layout clean over {REPORT.checked} screens")

