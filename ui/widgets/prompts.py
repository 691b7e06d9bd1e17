"""Window-modal prompts opened with ``open()`` (no nested event loops)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(
    parent: QWidget,
    name: str,
    title: str,
    text: str,
    on_yes: Callable[[], None],
    *,
    yes_text: str | None = None,
    destructive: bool = False,
) -> QMessageBox:
    """Ask Yes/Cancel (Cancel is the default); ``on_yes`` runs when confirmed."""
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    if yes_text:
        box.button(QMessageBox.StandardButton.Yes).setText(yes_text)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _on_finished(code: int) -> None:
        if code == QMessageBox.StandardButton.Yes.value:
            on_yes()

    box.finished.connect(_on_finished)
    box.open()
    return box


def inform(parent: QWidget, name: str, title: str, text: str) -> QMessageBox:
    """Show a message with an OK button."""
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
