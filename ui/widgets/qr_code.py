"""A QR code painted crisply with QPainter from qrcode's module matrix (no Pillow)."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


def module_matrix(text: str) -> list[list[bool]]:
    """The QR code of ``text`` as rows of dark (True) and light modules, without border."""
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def paint_matrix(painter: QPainter, matrix: list[list[bool]], area: QRect) -> None:
    """Paint the code centred in ``area`` at a whole number of pixels per module, dark on
    white whatever the theme (scanners expect it), so every edge is sharp."""
    count = len(matrix) + 2 * QUIET_ZONE
    module = max(1, min(area.width(), area.height()) // count)
    side = module * count
    left = area.x() + (area.width() - side) // 2
    top = area.y() + (area.height() - side) // 2
    painter.fillRect(left, top, side, side, QColor("white"))
    dark = QColor("black")
    for y, row in enumerate(matrix):
        for x, is_dark in enumerate(row):
            if is_dark:
                painter.fillRect(
                    left + (x + QUIET_ZONE) * module, top + (y + QUIET_ZONE) * module,
                    module, module, dark,
                )  # fmt: skip


class QrCodeWidget(QWidget):
    """Shows one QR code (objectName ``mfaQrCode``); it grows with the widget in whole
    pixels per module. The text itself is never exposed to assistive technology."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mfaQrCode")
        self.setAccessibleName(self.tr("QR code"))
        self.setAccessibleDescription(
            self.tr("Scan it with an authenticator app, or type the secret shown below it.")
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._matrix: list[list[bool]] = []

    def set_text(self, text: str) -> None:
        self._matrix = module_matrix(text) if text else []
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.set_text("")

    def modules(self) -> int:
        """Modules per side including the quiet zone (0 when empty)."""
        return len(self._matrix) + 2 * QUIET_ZONE if self._matrix else 0

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        side = max(self.modules(), 1) * 3
        return QSize(side, side)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        side = max(self.modules(), 1) * 5
        return QSize(side, side)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return width

    def render_image(self, side: int) -> QImage:
        """The code alone as a white square image of about ``side`` pixels (for tests and
        saving)."""
        image = QImage(side, side, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            paint_matrix(painter, self._matrix, QRect(0, 0, side, side))
        finally:
            painter.end()
        return image

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if not self._matrix:
            return
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            paint_matrix(painter, self._matrix, self.rect())
        finally:
            painter.end()
