"""A QR code drawn with Qt from the ``qrcode`` package's module matrix.

Why not ``qrcode``'s image factories: they need Pillow; the matrix is all we need, and
painting it ourselves keeps crisp square modules at any size on the touchscreen.
``qrcode`` (and the Pillow it pulls in) is imported on the first QR code, not at start:
most sessions print a receipt and never need one.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QWidget


def qr_matrix(text: str) -> list[list[bool]]:
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_image(text: str, size_px: int = 360) -> QImage:
    """Black-on-white QR image of ``text``, modules scaled to whole pixels."""
    matrix = qr_matrix(text)
    modules = len(matrix)
    scale = max(1, size_px // modules)
    image = QImage(modules * scale, modules * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(QRect(x * scale, y * scale, scale, scale), QColor("black"))
    painter.end()
    return image


class QrLabel(QLabel):
    """Shows a QR code; ``payload`` keeps the encoded text for tests."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.payload = ""
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def set_payload(self, text: str, size_px: int = 300) -> None:
        self.payload = text
        if text:
            pixmap = QPixmap.fromImage(qr_image(text, size_px))
            self.setPixmap(pixmap)
            self.setMinimumSize(pixmap.size())  # a cropped QR code cannot be scanned
        else:
            self.clear()
        self.setVisible(bool(text))
