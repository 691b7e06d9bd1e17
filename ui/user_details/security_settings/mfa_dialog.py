"""Bind a virtual MFA device: scan the QR code (or type the secret), then two codes.
Cancelling a new binding drops its pending device; continuing one shows the same secret."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QRegularExpression, Qt, Signal, Slot
from PySide6.QtGui import QRegularExpressionValidator
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

from app.services.records import MfaStatus, TotpEnrollment
from ui.session import Change, ConsoleSession
from ui.widgets.copy_field import secret_clipboard
from ui.widgets.icons import icon
from ui.widgets.inline_error import FieldErrors, InlineError
from ui.widgets.qr_code import QrCodeWidget


class BindMode(StrEnum):
    BIND = "bind"  # a new device named ``device_name``
    RESET = "reset"  # replaces the active device
    RESUME = "resume"  # continues a pending device, with its secret


class BindMfaDialog(QDialog):
    """Starts the binding on a worker when shown (``mode``), then activates the device with
    two consecutive codes. Cancelled before that, a device this dialog created is dropped
    (no pending device is left behind); a resumed one stays pending.

    Signals:
        mfa_bound(MfaStatus): the device is active; the dialog then closes.
        enrollment_started(): the pending device exists (the tab's state changed).
    """

    mfa_bound = Signal(object)
    enrollment_started = Signal()

    def __init__(self, session: ConsoleSession, user_name: str, *,
                 mode: BindMode = BindMode.BIND, device_name: str | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("bindMfaDialog")
        self.setWindowTitle({
            BindMode.BIND: self.tr("Bind Virtual MFA Device — %1"),
            BindMode.RESET: self.tr("Reset Virtual MFA Device — %1"),
            BindMode.RESUME: self.tr("Continue Binding — %1"),
        }[mode].replace("%1", user_name))  # fmt: skip
        self._session = session
        self._services, self._runner, self._actor = (session.services, session.runner,
                                                    session.actor)  # fmt: skip
        self._user, self.mode, self.device_name = user_name, mode, device_name
        self.enrollment: TotpEnrollment | None = None
        self.bound = False

        steps = QLabel(
            self.tr("1. Install an authenticator app (such as Huawei Cloud, Google or "
                    "Microsoft Authenticator) on the user's phone.\n"
                    "2. Scan the QR code with it, or type the secret by hand.\n"
                    "3. Enter two consecutive codes the app shows.")
        )  # fmt: skip
        steps.setWordWrap(True)
        self.qr = QrCodeWidget()
        self.qr.setMinimumSize(220, 220)
        self.secret = QLabel(self.tr("Creating the device…"))
        self.secret.setObjectName("mfaSecret")
        self.secret.setAccessibleName(self.tr("Secret key"))
        self.secret.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mono = self.secret.font()
        mono.setFamilies(["monospace"])
        mono.setStyleHint(mono.StyleHint.Monospace)
        self.secret.setFont(mono)
        self.copy_button = QPushButton(icon("copy"), self.tr("Copy"))
        self.copy_button.setObjectName("mfaCopySecretButton")
        self.copy_button.setToolTip(self.tr("Copy the secret (cleared from the clipboard "
                                            "after 30 seconds)"))  # fmt: skip
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self._on_copy)
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.secret, 1)
        secret_row.addWidget(self.copy_button)

        self.code1 = self._code_field("mfaCode1", self.tr("First code"))
        self.code2 = self._code_field("mfaCode2", self.tr("Next code"))
        form = QFormLayout()
        form.addRow(self.tr("Secret key:"), secret_row)
        form.addRow(self.tr("Code 1:"), self.code1)
        form.addRow(self.tr("Code 2:"), self.code2)
        self.code_error = InlineError("mfaCodeError")
        self.error = InlineError("mfaError")
        self._errors = FieldErrors(self.error, code=self.code_error)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.confirm_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm_button.setText(self.tr("Confirm"))
        self.confirm_button.setObjectName("mfaConfirmButton")
        buttons.accepted.connect(self._on_confirm)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(steps)
        layout.addWidget(self.qr, 1, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(form)
        layout.addWidget(self.code_error)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.code1.textChanged.connect(self._on_codes)
        self.code2.textChanged.connect(self._on_codes)
        self._on_codes()
        self.resize(480, 560)

    def _code_field(self, name: str, accessible: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setAccessibleName(accessible)
        field.setMaxLength(6)
        field.setPlaceholderText("000000")
        field.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), field))
        return field

    def start(self) -> None:
        """Create the pending device on a worker, then show its code."""
        services, actor, name, device = self._services, self._actor, self._user, self.device_name
        calls = {
            BindMode.BIND: lambda: services.mfa.bind(actor, name, device),
            BindMode.RESET: lambda: services.mfa.reset(actor, name),
            BindMode.RESUME: lambda: services.mfa.resume(actor, name),
        }
        self._runner.run(calls[self.mode], self._on_enrolled, self._on_start_failed)

    def _on_enrolled(self, enrollment: TotpEnrollment) -> None:
        self.enrollment = enrollment
        self.qr.set_text(enrollment.uri)
        self.secret.setText(enrollment.grouped_secret)
        self.copy_button.setEnabled(True)
        self.enrollment_started.emit()
        self._on_codes()
        self.code1.setFocus()

    def _on_start_failed(self, error: Exception) -> None:
        self.secret.setText("")
        self._errors.show(error)

    @Slot()
    def _on_copy(self) -> None:
        if self.enrollment is not None:
            secret_clipboard().copy(self.enrollment.secret)

    @Slot()
    def _on_codes(self) -> None:
        ready = (
            self.enrollment is not None
            and len(self.code1.text()) == 6
            and len(self.code2.text()) == 6
        )
        self.confirm_button.setEnabled(ready)

    @Slot()
    def _on_confirm(self) -> None:
        self._errors.clear()
        services, actor, name = self._services, self._actor, self._user
        code1, code2 = self.code1.text(), self.code2.text()
        self.confirm_button.setEnabled(False)
        self._runner.run(
            lambda: services.mfa.confirm(actor, name, code1, code2),
            self._on_confirmed,
            self._on_confirm_failed,
        )

    def _on_confirmed(self, status: MfaStatus) -> None:
        self.bound = True
        self.mfa_bound.emit(status)
        self.accept()

    def reject(self) -> None:
        """Cancel: a device this dialog started is dropped (on the store's worker, after a
        start still running there), so no useless pending device stays behind."""
        if not self.bound and self.mode is not BindMode.RESUME:
            name = self._user
            self._session.change(lambda services, actor: services.mfa.cancel_bind(actor, name),
                                 Change(name, initiator=self))  # fmt: skip
        super().reject()

    def _on_confirm_failed(self, error: Exception) -> None:
        self._errors.show(error)
        self._on_codes()
