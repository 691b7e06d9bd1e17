"""Show a new access key once: copy buttons and "Save as CSV"."""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
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

from app.cli.commands_accesskeys import write_credentials_csv
from app.services.records import NewAccessKey
from ui.security.common import ErrorLine, icon, secret_clipboard

log = logging.getLogger(__name__)


def save_credentials_csv(path: Path, new: NewAccessKey) -> None:
    """Write the credentials file readable by its owner only (it holds the secret)."""
    buffer = io.StringIO()
    write_credentials_csv(buffer, new)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        out.write(buffer.getvalue())
    os.chmod(path, 0o600)  # an existing file keeps its old mode through O_TRUNC


class NewAccessKeyDialog(QDialog):
    """The secret access key is shown here and never again."""

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
        self.error = ErrorLine("accessKeyCsvError")
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
        button.clicked.connect(lambda: secret_clipboard().copy(field.text()))
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(button)
        return row

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
        self.saved_note.setText(self.tr("Saved to %1").replace("%1", str(path)))
        self.saved_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
