"""A read-only line of text with a Copy button (the IAM user login link)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

from ui.widgets.icons import icon


class CopyField(QWidget):
    """Args: name: objectName prefix (``<name>`` for the text, ``<name>Copy`` for the button).

    Signals:
        copied(str): the text was put on the clipboard.
    """

    copied = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit()
        self.line.setObjectName(name)
        self.line.setReadOnly(True)
        self.copy_button = QToolButton()
        self.copy_button.setObjectName(f"{name}Copy")
        self.copy_button.setIcon(icon("copy"))
        self.copy_button.setToolTip(self.tr("Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy"))
        self.copy_button.clicked.connect(self._on_copy)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.copy_button)

    def set_text(self, text: str) -> None:
        self.line.setText(text)
        self.line.setCursorPosition(0)

    def text(self) -> str:
        return self.line.text()

    @Slot()
    def _on_copy(self) -> None:
        QGuiApplication.clipboard().setText(self.line.text())
        self.copied.emit(self.line.text())
