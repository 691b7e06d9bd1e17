"""Line icons drawn from resources/icons/*.svg in the palette's text colour (dark mode too)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from ui.resources import resource_path

ICONS = resource_path("icons")
SIZES = (16, 20, 24, 32, 48)


@cache
def _svg(name: str) -> str | None:
    path = ICONS / f"{name}.svg"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _pixmap(svg: str, colour: str, size: int, ratio: float) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", colour).encode()))
    pixmap = QPixmap(QSize(round(size * ratio), round(size * ratio)))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


def icon(name: str, role: QPalette.ColorRole = QPalette.ColorRole.ButtonText) -> QIcon:
    """``resources/icons/<name>.svg`` with ``currentColor`` in the palette's ``role`` colour
    (and a dimmed copy for disabled widgets); an empty icon when the file is missing."""
    svg = _svg(name)
    if svg is None:
        return QIcon()
    palette = QGuiApplication.palette()
    normal = palette.color(QPalette.ColorGroup.Active, role).name()
    disabled = palette.color(QPalette.ColorGroup.Disabled, role).name()
    app = QGuiApplication.instance()
    ratio = app.devicePixelRatio() if app is not None else 1.0
    result = QIcon()
    for size in SIZES:
        result.addPixmap(_pixmap(svg, normal, size, ratio), QIcon.Mode.Normal)
        result.addPixmap(_pixmap(svg, disabled, size, ratio), QIcon.Mode.Disabled)
    return result
