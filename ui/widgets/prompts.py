"""Window-modal prompts opened with ``open()`` (no nested event loops)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget


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
    """Ask Yes/Cancel (Cancel is the default); ``on_yes`` runs when confirmed. The Yes
    button names the action: ``yes_text`` ("Delete password"), else the title's words."""
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText(yes_text or title)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _on_finished(code: int) -> None:
        if code == QMessageBox.StandardButton.Yes.value:
            on_yes()

    box.finished.connect(_on_finished)
    box.open()
    return box


def ask_text(
    parent: QWidget,
    name: str,
    title: str,
    label: str,
    on_answer: Callable[[str], None],
    *,
    secret: bool = False,
) -> QInputDialog:
    """Ask for one line of text; ``on_answer`` gets it when the operator presses OK."""
    dialog = QInputDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    if secret:
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.textValueSelected.connect(on_answer)
    dialog.open()
    return dialog
