"""Show a generated password once, with Copy, when the operator chose to see it: after a reset
(SMTP is not set up, or the user has no email address) or for a new user."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.copy_field import secret_clipboard
from ui.widgets.icons import icon
from ui.widgets.once_only import OnceOnlyDialog


class OneTimePasswordDialog(OnceOnlyDialog):
    """Args: user_name: whose password; password: the generated password (shown here only);
    must_change: the user changes it at the next sign-in; emailed_to: where it was also sent.
    Closing it before Copy was pressed asks first."""

    def __init__(self, user_name: str, password: str, must_change: bool,
                 parent: QWidget | None = None, *,
                 emailed_to: str | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.copied = False
        self.setObjectName("oneTimePasswordDialog")
        self.setWindowTitle(self.tr("New Password — %1").replace("%1", user_name))
        warning = QLabel(
            self.tr("<b>This is the only time this password is shown.</b> Copy it now and "
                    "give it to %1 in a safe way.").replace("%1", user_name)
        )  # fmt: skip
        warning.setWordWrap(True)
        self.password = QLineEdit(password)
        self.password.setObjectName("oneTimePassword")
        self.password.setAccessibleName(self.tr("New password"))
        self.password.setReadOnly(True)
        mono = self.password.font()
        mono.setFamilies(["monospace"])
        mono.setStyleHint(mono.StyleHint.Monospace)
        self.password.setFont(mono)
        self.copy_button = QPushButton(icon("copy"), self.tr("Copy"))
        self.copy_button.setObjectName("copyOneTimePassword")
        self.copy_button.setAccessibleName(self.tr("Copy the new password"))
        self.copy_button.clicked.connect(self._on_copy)
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.copy_button)
        form = QFormLayout()
        form.addRow(self.tr("User:"), QLabel(user_name))
        form.addRow(self.tr("Password:"), row)
        if emailed_to:
            form.addRow(self.tr("Also emailed to:"), QLabel(emailed_to))
        self.copied_note = QLabel(
            self.tr("The user must change it at next sign-in.") if must_change else ""
        )
        self.copied_note.setObjectName("oneTimePasswordNote")
        self.copied_note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.copied_note)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    @Slot()
    def _on_copy(self) -> None:
        secret_clipboard().copy(self.password.text())
        self.mark_kept()
        self.copied = True
        self.copy_button.setText(self.tr("Copied"))

    def done(self, result: int) -> None:
        self.password.clear()  # the secret leaves the widget with the window
        super().done(result)
