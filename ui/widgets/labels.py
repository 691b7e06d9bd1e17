"""Labels every screen builds the same way: a page's title and a selectable read-only value."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def page_title(text: str) -> QLabel:
    """The large bold heading at the top of a page (objectName ``pageTitle``)."""
    title = QLabel(text)
    title.setObjectName("pageTitle")
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    title.setFont(font)
    return title


def value_label(name: str) -> QLabel:
    """A wrapped value the operator can select and copy."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label
