"""Line icons drawn from resources/icons/*.svg in the palette's text colour (dark mode too)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from ui.resources import resource_path

ICONS = resource_path("icons")
SIZES = (16, 20, 24, 32, 48)
# Drawn icons by (name, role's colours, device pixel ratio): a palette change draws anew.
_drawn: dict[tuple[str, str, str, float], QIcon] = {}


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
    key = (name, normal, disabled, ratio)
    drawn = _drawn.get(key)
    if drawn is None:
        drawn = QIcon()
        for size in SIZES:
            drawn.addPixmap(_pixmap(svg, normal, size, ratio), QIcon.Mode.Normal)
            drawn.addPixmap(_pixmap(svg, disabled, size, ratio), QIcon.Mode.Disabled)
        _drawn[key] = drawn
    return QIcon(drawn)  # a copy sharing the pixmaps


def draw_all() -> None:
    """Draw every icon in the palette's button colours now, while the GUI thread has nothing
    else to do, so that the first main window opens without drawing 300 pixmaps."""
    for path in sorted(ICONS.glob("*.svg")):
        icon(path.stem)
