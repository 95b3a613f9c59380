"""The demo's emulator control window: what a tester's hands would do to the hardware.

Why its own window beside the kiosk: the kiosk window must look exactly like the
product; the controls (insert a note, jam, pull the cassette, decline the card, run out
of paper, cut the network) act on the emulators and the network switch, and the kiosk
reacts through its real drivers. Actions run on a worker so the GUI never waits.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from ui.customer import CustomerFlow
from ui.widgets.chrome import make_button

translate = QCoreApplication.translate


def _noop() -> None:
    """Queued behind the control action so the refresh sees its effect."""


class ControlWindow(QWidget):
    def __init__(self, demo: Any, flow: CustomerFlow, parent: QWidget | None = None):
        super().__init__(parent)
        self.demo = demo
        self.flow = flow
        self.setWindowTitle(translate("ControlWindow", "Demo: emulated devices"))
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-control")
        box = QVBoxLayout(self)
        notes = self._group(box, translate("ControlWindow", "Bill validator (CCNET)"))
        for i, yuan in enumerate((10, 20, 50, 100)):
            self._button(notes, i // 2, i % 2, f"+ ¥{yuan}",
                         self._insert(yuan * 100))
        self._button(notes, 2, 0, translate("ControlWindow", "Jam"), lambda: demo.jam(True))
        self._button(notes, 2, 1, translate("ControlWindow", "Clear jam"),
                     lambda: demo.jam(False))
        self._button(notes, 3, 0, translate("ControlWindow", "Remove cassette"),
                     lambda: demo.cassette(False))
        self._button(notes, 3, 1, translate("ControlWindow", "Insert cassette"),
                     lambda: demo.cassette(True))
        card = self._group(box, translate("ControlWindow", "Card terminal (ZVT)"))
        self._button(card, 0, 0, translate("ControlWindow", "Next card: approve"),
                     lambda: demo.card_outcome("approve"))
        self._button(card, 0, 1, translate("ControlWindow", "Next card: decline"),
                     lambda: demo.card_outcome("decline"))
        printer = self._group(box, translate("ControlWindow", "Receipt printer (ESC/POS)"))
        self._button(printer, 0, 0, translate("ControlWindow", "Paper out"),
                     lambda: demo.paper("out"))
        self._button(printer, 0, 1, translate("ControlWindow", "Paper loaded"),
                     lambda: demo.paper("ok"))
        scanner = self._group(box, translate("ControlWindow", "QR scanner and wallet"))
        codes = ((translate("ControlWindow", "Scan code: pays"), "0"),
                 (translate("ControlWindow", "Scan code: confirm on phone"), "6"),
                 (translate("ControlWindow", "Scan code: never confirmed"), "7"),
                 (translate("ControlWindow", "Scan code: no balance"), "8"))
        for i, (text, digit) in enumerate(codes):
            self._button(scanner, i // 2, i % 2, text, self._scan(digit))
        self._button(scanner, 2, 0, translate("ControlWindow", "Pay the code on screen"),
                     lambda: demo.customer_pays_qr())
        self._button(scanner, 2, 1, translate("ControlWindow", "Pay it after it closed"),
                     lambda: demo.customer_pays_qr(late=True))
        self._button(scanner, 3, 0, translate("ControlWindow", "Unplug scanner"),
                     lambda: demo.scanner_plugged(False), refresh=True)
        self._button(scanner, 3, 1, translate("ControlWindow", "Plug scanner in"),
                     lambda: demo.scanner_plugged(True), refresh=True)
        net = self._group(box, translate("ControlWindow", "Network"))
        self._button(net, 0, 0, translate("ControlWindow", "Network down"),
                     lambda: demo.network_up(False), refresh=True)
        self._button(net, 0, 1, translate("ControlWindow", "Network up"),
                     lambda: demo.network_up(True), refresh=True)
        self.log = QLabel()
        self.log.setWordWrap(True)
        box.addWidget(self.log)
        box.addStretch(1)

    def _scan(self, last_digit: str) -> Callable[[], object]:
        """A fresh payment code ending in the digit that picks the wallet's answer."""
        return lambda: self.demo.scan_code(self.demo.payment_code(last_digit))

    def _insert(self, amount: int) -> Callable[[], object]:
        return lambda: self.demo.insert_note(amount)

    def _group(self, box: QVBoxLayout, title: str) -> QGridLayout:
        group = QGroupBox(title)
        grid = QGridLayout(group)
        box.addWidget(group)
        return grid

    def _button(self, grid: QGridLayout, row: int, col: int, text: str,
                action: Callable[[], object], refresh: bool = False) -> None:
        button = make_button(text)
        button.clicked.connect(lambda: self._run(text, action, refresh))
        grid.addWidget(button, row, col)

    def _run(self, text: str, action: Callable[[], object], refresh: bool) -> None:
        self.log.setText(text)
        future = self._pool.submit(action)
        if refresh:
            future.add_done_callback(lambda _f: self.flow.bridge.call(
                _noop, done=lambda _r: self.flow.refresh()))

    def closeEvent(self, event: Any) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        super().closeEvent(event)
