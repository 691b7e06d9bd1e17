"""Copying to the clipboard: a read-only line with a Copy button, and secrets that expire."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

from ui.widgets.icons import icon

CLIPBOARD_CLEAR_MS = 30_000


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


class SecretClipboard(QObject):
    """Copies a secret and clears the clipboard after ``clear_after_ms``, when the
    application quits, or when the console locks (``clear_now()``), unless something else
    was copied meanwhile. Use ``secret_clipboard()``: it outlives the dialogs."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clear_after_ms = CLIPBOARD_CLEAR_MS
        self._copied: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_now)
        app = QCoreApplication.instance()
        if app is not None:  # the secret must not outlive the console
            app.aboutToQuit.connect(self.clear_now)

    def copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text, QClipboard.Mode.Clipboard)
        self._copied = text
        self._timer.start(self.clear_after_ms)

    @property
    def holding(self) -> bool:
        """True while a copied secret waits to be cleared."""
        return self._copied is not None

    @Slot()
    def clear_now(self) -> None:
        """Clear the clipboard now if it still holds the secret we put there."""
        self._timer.stop()
        clipboard = QGuiApplication.clipboard()
        if self._copied is not None and clipboard.text(QClipboard.Mode.Clipboard) == self._copied:
            clipboard.clear(QClipboard.Mode.Clipboard)
        self._copied = None


def secret_clipboard() -> SecretClipboard:
    """The application's one SecretClipboard (owned by the application, so closing the
    dialog that copied a secret does not stop the clipboard from being cleared)."""
    app = QGuiApplication.instance()
    found = app.findChild(SecretClipboard, "secretClipboard")
    if found is None:
        found = SecretClipboard(app)
        found.setObjectName("secretClipboard")
    return found


def clear_secret_clipboard() -> None:
    """Clear a secret this application copied, if it is still on the clipboard (locking,
    quitting). Does nothing when no secret was copied."""
    app = QGuiApplication.instance()
    found = app.findChild(SecretClipboard, "secretClipboard") if app is not None else None
    if found is not None:
        found.clear_now()
