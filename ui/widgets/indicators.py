"""Check boxes and radio buttons that stay visible in a dark palette.

Fusion outlines their indicators with the window colour made darker: on a dark window that
outline all but vanishes (issue 13, point 9). This proxy style draws the two indicators with
a window colour lifted towards the text colour, so their outline shows on dark themes; light
themes are drawn as they are.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

INDICATORS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
              QStyle.PrimitiveElement.PE_IndicatorRadioButton)  # fmt: skip


def is_dark(palette: QPalette) -> bool:
    """True when windows are darker than their text (a dark theme)."""
    return (
        palette.color(QPalette.ColorRole.Window).lightness()
        < palette.color(QPalette.ColorRole.WindowText).lightness()
    )


def lifted(color: QColor, toward: QColor, share: float = 0.8) -> QColor:
    """``color`` moved ``share`` of the way to ``toward``."""
    return QColor(
        round(color.red() + (toward.red() - color.red()) * share),
        round(color.green() + (toward.green() - color.green()) * share),
        round(color.blue() + (toward.blue() - color.blue()) * share),
    )


class VisibleIndicators(QProxyStyle):
    """The application's style, with check box and radio button indicators outlined so
    that they show on dark palettes."""

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,  # noqa: N802
                      painter: QPainter, widget: QWidget | None = None) -> None:  # fmt: skip
        if element in INDICATORS and is_dark(option.palette):
            option = type(option)(option)  # a copy: the caller's option stays as it was
            palette = QPalette(option.palette)
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive,
                          QPalette.ColorGroup.Disabled):  # fmt: skip
                window = palette.color(group, QPalette.ColorRole.Window)
                text = palette.color(group, QPalette.ColorRole.WindowText)
                palette.setColor(group, QPalette.ColorRole.Window, lifted(window, text))
            option.palette = palette
        super().drawPrimitive(element, option, painter, widget)


def install(app: QApplication) -> None:
    """Wrap the application's current style (the platform's, or one chosen with -style)."""
    if not isinstance(app.style(), VisibleIndicators):
        app.setStyle(VisibleIndicators(app.style().name()))
