"""Pieces the Security Settings tab and its dialogs share: inline errors, prompts, times."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStyle,
    QWidget,
)

from app.errors import IamDeskError, StaleEditError

log = logging.getLogger(__name__)

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
CLIPBOARD_CLEAR_MS = 30_000


def icon(name: str) -> QIcon:
    """The SVG icon ``resources/icons/<name>.svg``; an empty icon when it is not there."""
    path = ICONS / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


def when(moment: datetime | None, never: str = "—") -> str:
    """A stored UTC time in the workstation's time zone, to the minute."""
    if moment is None:
        return never
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def message_of(error: Exception) -> str:
    """One line for the operator: the service's message, or a plain word for a bug."""
    if isinstance(error, IamDeskError):
        return str(error)
    log.error("unexpected failure: %r", error)
    return f"unexpected failure ({type(error).__name__}); see the log"


class ErrorLine(QWidget):
    """A warning icon and one line of text next to the widget that caused it; hidden when
    empty. For a StaleEditError it offers "Reload".

    Signals:
        reload_requested(): the operator pressed Reload.
    """

    reload_requested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._icon.setPixmap(warning.pixmap(size, size))
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._text = QLabel()
        self._text.setObjectName(f"{name}Text")
        self._text.setWordWrap(True)
        self._text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._reload = QPushButton(self.tr("Reload"))
        self._reload.setObjectName(f"{name}Reload")
        self._reload.clicked.connect(self._on_reload)
        layout.addWidget(self._icon)
        layout.addWidget(self._text, 1)
        layout.addWidget(self._reload, 0, Qt.AlignmentFlag.AlignTop)
        self.clear()

    def text(self) -> str:
        return self._text.text() if not self.isHidden() else ""

    def show_message(self, text: str, *, reload: bool = False) -> None:
        self._text.setText(text)
        self._reload.setVisible(reload)
        self.setAccessibleDescription(text)
        self.setVisible(True)

    def show_error(self, error: Exception) -> None:
        self.show_message(message_of(error), reload=isinstance(error, StaleEditError))

    def clear(self) -> None:
        self._text.clear()
        self.setVisible(False)

    def _on_reload(self) -> None:
        self.clear()
        self.reload_requested.emit()


class FieldErrors:
    """Routes an error to the ErrorLine of the input it names (``err.field``)."""

    def __init__(self, fallback: ErrorLine, **by_field: ErrorLine) -> None:
        self._fallback = fallback
        self._by_field = by_field

    def lines(self) -> list[ErrorLine]:
        return [self._fallback, *self._by_field.values()]

    def clear(self) -> None:
        for line in self.lines():
            line.clear()

    def show(self, error: Exception) -> ErrorLine:
        self.clear()
        field = getattr(error, "field", None)
        line = self._by_field.get(field or "", self._fallback)
        line.show_error(error)
        return line


def ask_text(
    parent: QWidget,
    name: str,
    title: str,
    label: str,
    on_answer: Callable[[str], None],
    *,
    secret: bool = False,
) -> QInputDialog:
    """Open a window-modal text prompt (not a nested event loop); ``on_answer`` gets the
    text when the operator presses OK."""
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


def confirm(
    parent: QWidget, name: str, title: str, text: str, on_yes: Callable[[], None]
) -> QMessageBox:
    """Open a window-modal Yes/Cancel question; ``on_yes`` runs when confirmed."""
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _answered(button: QMessageBox.StandardButton) -> None:
        if button == QMessageBox.StandardButton.Yes:
            on_yes()

    box.finished.connect(lambda code: _answered(QMessageBox.StandardButton(code)))
    box.open()
    return box


class SecretClipboard(QObject):
    """Copies a secret and clears the clipboard after ``clear_after_ms`` unless something
    else was copied meanwhile. Use ``secret_clipboard()``: it outlives the dialogs."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clear_after_ms = CLIPBOARD_CLEAR_MS
        self._copied: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)

    def copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text, QClipboard.Mode.Clipboard)
        self._copied = text
        self._timer.start(self.clear_after_ms)

    def _on_timeout(self) -> None:
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
