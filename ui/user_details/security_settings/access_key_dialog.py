"""Show a new access key once: copy buttons and "Save as CSV"."""

from __future__ import annotations

import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.credentials_csv import save_credentials_csv
from app.services.records import NewAccessKey
from ui.widgets.copy_field import secret_clipboard
from ui.widgets.icons import icon
from ui.widgets.inline_error import InlineError
from ui.widgets.once_only import OnceOnlyDialog

log = logging.getLogger(__name__)


class NewAccessKeyDialog(OnceOnlyDialog):
    """The secret access key is shown here and never again: closing before it was copied
    or saved asks first."""

    def __init__(self, new: NewAccessKey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newAccessKeyDialog")
        self.setWindowTitle(self.tr("Access Key Created — %1").replace("%1", new.user_name))
        self._new = new
        self.saved_to: Path | None = None
        warning = QLabel(
            self.tr("<b>This is the only time the secret access key is shown.</b> Copy it or "
                    "save the CSV file now, and keep it safe.")
        )  # fmt: skip
        warning.setWordWrap(True)
        self.key_id = self._read_only("newAccessKeyId", new.access_key_id, self.tr("Access key ID"))
        self.secret = self._read_only(
            "newSecretAccessKey", new.secret_access_key, self.tr("Secret access key")
        )
        form = QFormLayout()
        form.addRow(self.tr("Access key ID:"), self._with_copy(self.key_id, "copyAccessKeyId"))
        form.addRow(
            self.tr("Secret access key:"), self._with_copy(self.secret, "copySecretAccessKey")
        )
        self.save_button = QPushButton(icon("save"), self.tr("Save as CSV…"))
        self.save_button.setObjectName("saveAccessKeyCsvButton")
        self.save_button.clicked.connect(self._on_save)
        self.saved_note = QLabel()
        self.saved_note.setObjectName("accessKeySavedNote")
        self.saved_note.setWordWrap(True)
        self.error = InlineError("accessKeyCsvError")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved_note, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())

    def _read_only(self, name: str, text: str, accessible: str) -> QLineEdit:
        field = QLineEdit(text)
        field.setObjectName(name)
        field.setAccessibleName(accessible)
        field.setReadOnly(True)
        mono = field.font()
        mono.setFamilies(["monospace"])
        mono.setStyleHint(mono.StyleHint.Monospace)
        field.setFont(mono)
        field.setCursorPosition(0)
        return field

    def _with_copy(self, field: QLineEdit, name: str) -> QHBoxLayout:
        button = QPushButton(icon("copy"), self.tr("Copy"))
        button.setObjectName(name)
        button.setAccessibleName(self.tr("Copy %1").replace("%1", field.accessibleName()))
        button.clicked.connect(self._on_copy_secret if field is self.secret else self._on_copy_id)
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(button)
        return row

    @Slot()
    def _on_copy_id(self) -> None:
        secret_clipboard().copy(self.key_id.text())

    @Slot()
    def _on_copy_secret(self) -> None:
        secret_clipboard().copy(self.secret.text())
        self.mark_kept()

    def choose_csv_path(self) -> Path | None:
        """Ask where to save (a method, so tests can answer without a file dialog)."""
        suggested = str(Path.home() / f"credentials-{self._new.user_name}.csv")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save Access Key"), suggested, self.tr("CSV files (*.csv)")
        )
        return Path(path) if path else None

    @Slot()
    def _on_save(self) -> None:
        path = self.choose_csv_path()
        if path is None:
            return
        self.error.clear()
        try:
            save_credentials_csv(path, self._new)
        except OSError as exc:
            self.error.show_message(
                self.tr("Could not save %1 (%2): choose another place.")
                .replace("%1", str(path)).replace("%2", exc.strerror or type(exc).__name__)
            )  # fmt: skip
            return
        self.saved_to = path
        self.mark_kept()
        self.saved_note.setText(self.tr("Saved to %1").replace("%1", str(path)))
        self.saved_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


_UNPARENTED: set[NewAccessKeyDialog] = set()  # shown over no window: kept alive here


def open_new_access_key(new: NewAccessKey, parent: QWidget | None) -> NewAccessKeyDialog:
    """Show ``new`` window-modally over ``parent`` (or on its own); deleted once closed."""
    dialog = NewAccessKeyDialog(new, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:
        _UNPARENTED.add(dialog)
        dialog.finished.connect(lambda _code: _UNPARENTED.discard(dialog))
    dialog.open()
    return dialog


class _HeldSecret(QObject):
    """Keeps a new key for a locked main window and shows it once the operator unlocks.

    Args:
        window: the locked window (it has ``unlocked()``; a sign-out deletes it and this).
    """

    def __init__(self, new: NewAccessKey, window: QWidget) -> None:
        super().__init__(window)
        self._new, self._window = new, window
        window.unlocked.connect(self._on_unlocked)  # type: ignore[attr-defined]

    @Slot()
    def _on_unlocked(self) -> None:
        self._window.unlocked.disconnect(self._on_unlocked)  # type: ignore[attr-defined]
        self.deleteLater()
        open_new_access_key(self._new, self._window)


def deliver_new_access_key(new: NewAccessKey, host: QWidget | None) -> None:
    """Show a new key whose tab is gone (its window closed, the console locked, another
    user opened): the secret exists only here. Over ``host`` (the main window) while it is
    shown, else over the active window; when that window is locked, after the unlock, so
    the secret never shows over the lock."""
    parent = host if host is not None and shiboken6.isValid(host) and host.isVisible() else None
    if parent is None:
        parent = QApplication.activeWindow()
    if parent is not None and getattr(parent, "lock_dialog", None) is not None:
        log.info("access key %s is shown once the console is unlocked", new.access_key_id)
        _HeldSecret(new, parent)
        return
    open_new_access_key(new, parent)
