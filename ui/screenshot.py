"""A screenshot of the customer screen with personal data blacked out (remote command).

What is masked, before the image leaves the GUI thread: every widget marked
``setProperty("personal", True)``, every text input, and every label or button whose
text holds a run of four or more digits (phone numbers, account numbers, voucher codes
as they are typed; amounts such as "¥50.00" keep fewer than four digits in a run and
stay readable). Over-masking is the safe failure. ``GuiCapture`` lets the command
poller's thread ask for a shot: the grab runs on the GUI thread through a queued
signal, the caller waits at most ``timeout`` seconds.
"""

from __future__ import annotations

import re
import threading

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QObject,
    QPoint,
    QThread,
)
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

DIGIT_RUN = re.compile(r"\d(?:[\s-]?\d){3,}")


def is_personal(widget: QWidget) -> bool:
    if widget.property("personal"):
        return True
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        return True
    if isinstance(widget, QLabel | QAbstractButton):
        return bool(DIGIT_RUN.search(widget.text()))
    return False


def masked_pixmap(window: QWidget) -> QPixmap:
    shot = window.grab()
    painter = QPainter(shot)
    try:
        for widget in window.findChildren(QWidget):
            if widget.isVisible() and is_personal(widget):
                top_left = widget.mapTo(window, QPoint(0, 0))
                painter.fillRect(top_left.x(), top_left.y(), widget.width(), widget.height(),
                                 QColor("black"))
    finally:
        painter.end()
    return shot


def png_bytes(pixmap: QPixmap) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


_GRAB_EVENT = QEvent.Type(QEvent.registerEventType())


class GuiCapture(QObject):
    """Call ``capture()`` from any thread; returns PNG bytes of the masked window.

    The request reaches the GUI thread as a posted event (``QCoreApplication.postEvent``
    is thread-safe and needs nothing from the calling thread), not as a signal emitted
    from a foreign Python thread: late in a long test session such a queued signal was
    never delivered although the GUI loop kept running.
    """

    def __init__(self, window: QWidget, timeout: float = 5.0) -> None:
        super().__init__()
        self.window = window
        self.timeout = timeout
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._result: bytes = b""

    def event(self, event: QEvent) -> bool:
        if event.type() == _GRAB_EVENT:
            self._grab()
            return True
        return super().event(event)

    def _grab(self) -> None:
        try:
            self._result = png_bytes(masked_pixmap(self.window))
        finally:
            self._done.set()

    def capture(self) -> bytes:
        with self._lock:
            self._done.clear()
            self._result = b""
            if QThread.currentThread() is self.thread():
                self._grab()
            else:
                QCoreApplication.postEvent(self, QEvent(_GRAB_EVENT))
                if not self._done.wait(self.timeout):
                    raise TimeoutError("the GUI thread did not answer the screenshot request")
            if not self._result:
                raise RuntimeError("the screenshot could not be rendered")
            return self._result
