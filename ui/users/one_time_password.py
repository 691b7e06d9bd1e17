"""The generated password of a new user, shown once with Copy (it is stored only hashed)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.user_creation import CreatedUser
from ui.widgets.copy_field import secret_clipboard
from ui.widgets.icons import icon


class OneTimePasswordDialog(QDialog):
    """Args: created: the new user, with the generated password to show."""

    def __init__(self, created: CreatedUser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("oneTimePasswordDialog")
        self.setWindowTitle(self.tr("One-Time Password — %1").replace("%1", created.user.name))
        self.copied = False
        warning = QLabel(
            self.tr("<b>This is the only time this password is shown.</b> Copy it and give it "
                    "to %1 by a safe way; they must change it at their first sign-in.")
            .replace("%1", created.user.name)
        )  # fmt: skip
        warning.setWordWrap(True)
        self.password = QLineEdit(created.password or "")
        self.password.setObjectName("oneTimePassword")
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setReadOnly(True)
        mono = self.password.font()
        mono.setFamilies(["monospace"])
        self.password.setFont(mono)
        self.copy_button = QPushButton(icon("copy"), self.tr("Copy"))
        self.copy_button.setObjectName("oneTimePasswordCopy")
        self.copy_button.setToolTip(
            self.tr("Copy the password (cleared from the clipboard after 30 seconds)")
        )
        self.copy_button.clicked.connect(self._on_copy)
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.copy_button)
        form = QFormLayout()
        form.addRow(self.tr("User:"), QLabel(created.user.name))
        form.addRow(self.tr("Password:"), row)
        if created.emailed_to:
            form.addRow(self.tr("Also emailed to:"), QLabel(created.emailed_to))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    @Slot()
    def _on_copy(self) -> None:
        secret_clipboard().copy(self.password.text())
        self.copied = True

    def done(self, result: int) -> None:
        self.password.clear()  # the secret leaves the widget with the window
        super().done(result)
