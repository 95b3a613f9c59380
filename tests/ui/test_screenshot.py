"""Remote screenshot: personal data is blacked out, the grab runs on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.screenshot import GuiCapture, masked_pixmap


def window(qtbot):
    w = QWidget()
    box = QVBoxLayout(w)
    labels = {"phone": QLabel("138 0013 8000"), "amount": QLabel("¥50.00"),
              "name": QLabel("Zhang San"), "input": QLineEdit("13800138000")}
    labels["name"].setProperty("personal", True)
    for widget in labels.values():
        widget.setMinimumHeight(40)
        widget.setStyleSheet("background: white; color: black;")
        box.addWidget(widget)
    w.resize(300, 240)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w, labels


def all_black(image: QImage, widget: QWidget, root: QWidget) -> bool:
    pos = widget.mapTo(root, widget.rect().topLeft())
    return all(image.pixelColor(pos.x() + x, pos.y() + y) == QColor("black")
               for x in range(0, widget.width(), 7) for y in range(0, widget.height(), 7))


def test_personal_data_is_masked_and_amounts_stay(qtbot):
    w, labels = window(qtbot)
    image = masked_pixmap(w).toImage()
    for key in ("phone", "name", "input"):
        assert all_black(image, labels[key], w), key
    assert not all_black(image, labels["amount"], w)


def test_capture_from_another_thread_returns_a_png(qtbot):
    w, _ = window(qtbot)
    # Generous bound: late in a long session the GUI thread may first work through
    # events earlier tests queued; a real deadlock still fails here.
    capture = GuiCapture(w, timeout=60.0)
    out: list[bytes | BaseException] = []

    def grab() -> None:
        try:
            out.append(capture.capture())
        except Exception as exc:  # reported below, not lost in the thread
            out.append(exc)

    worker = threading.Thread(target=grab)
    worker.start()
    qtbot.waitUntil(lambda: bool(out), timeout=90000)
    worker.join(5)
    assert isinstance(out[0], bytes), out[0]
    assert out[0].startswith(b"\x89PNG\r\n\x1a\n")
