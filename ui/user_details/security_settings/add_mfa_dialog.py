"""Add MFA Device, as Huawei IAM documents it: a device name, then the type (virtual MFA
device or security key), then Next opens that type's binding."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.names import validate_device_name
from app.domain.vocabulary import MAX_SECURITY_KEYS, MfaState
from app.errors import ValidationError
from ui.user_details.security_settings.section import SecurityState
from ui.widgets.inline_error import message_of


class MfaDeviceType:
    """The two kinds of MFA device (the values ``chosen`` carries)."""

    VIRTUAL = "virtual"
    SECURITY_KEY = "security-key"


class AddMfaDeviceDialog(QDialog):
    """Args: state: the user's security state (what is bound already).

    Signals:
        chosen(str, str): the type (MfaDeviceType) and the device name, on Next.
    """

    chosen = Signal(str, str)

    def __init__(self, user_name: str, state: SecurityState,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("addMfaDeviceDialog")
        self.setWindowTitle(self.tr("Add MFA Device — %1").replace("%1", user_name))
        self._taken = {k.name for k in state.keys}
        if state.mfa.device_name:
            self._taken.add(state.mfa.device_name)
        self.device_name = QLineEdit()
        self.device_name.setObjectName("mfaDeviceName")
        self.device_name.setAccessibleName(self.tr("Device name"))
        self.device_name.setMaxLength(64)
        self.device_name.setPlaceholderText(self.tr("for example office-phone"))
        self.name_feedback = QLabel(self.tr("1-64 letters, digits, - and _."))
        self.name_feedback.setObjectName("mfaDeviceNameFeedback")
        self.name_feedback.setWordWrap(True)
        self.virtual = QRadioButton(self.tr("Virtual MFA device (an authenticator app)"))
        self.virtual.setObjectName("mfaTypeVirtual")
        self.security_key = QRadioButton(self.tr("Security key (USB)"))
        self.security_key.setObjectName("mfaTypeSecurityKey")
        group = QButtonGroup(self)
        group.addButton(self.virtual)
        group.addButton(self.security_key)
        self.type_note = QLabel()
        self.type_note.setObjectName("mfaTypeNote")
        self.type_note.setWordWrap(True)
        self._offer(state)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setObjectName("mfaDeviceNext")
        self.next_button.setDefault(True)
        buttons.addButton(self.next_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._on_next)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Device name:"), self.device_name)
        form.addRow("", self.name_feedback)
        form.addRow(self.tr("Device type:"), self.virtual)
        form.addRow("", self.security_key)
        form.addRow("", self.type_note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.device_name.textChanged.connect(self._update)
        group.buttonToggled.connect(self._update)
        self._update()
        self.setMinimumWidth(460)

    def _offer(self, state: SecurityState) -> None:
        """Each type is offered only when the user has room for it; a closed one says why."""
        notes = []
        if state.mfa.state == MfaState.ACTIVE:
            notes.append(self.tr("A virtual MFA device is already bound."))
        elif state.mfa.state == MfaState.PENDING:
            notes.append(self.tr("A virtual MFA device waits for its codes: use Continue "
                                 "binding."))  # fmt: skip
        self.virtual.setEnabled(state.mfa.state == MfaState.NONE)
        full = len(state.keys) >= MAX_SECURITY_KEYS
        if full:
            notes.append(self.tr("The user has %1 of %2 security keys.")
                         .replace("%1", str(len(state.keys)))
                         .replace("%2", str(MAX_SECURITY_KEYS)))  # fmt: skip
        self.security_key.setEnabled(not full)
        self.virtual.setToolTip(notes[0] if not self.virtual.isEnabled() else "")
        self.security_key.setToolTip(notes[-1] if full else "")
        self.type_note.setText(" ".join(notes))
        self.type_note.setVisible(bool(notes))
        if self.virtual.isEnabled():
            self.virtual.setChecked(True)
        elif self.security_key.isEnabled():
            self.security_key.setChecked(True)

    def name_error(self) -> str | None:
        """Why the typed name cannot be used, or None."""
        text = self.device_name.text().strip()
        if not text:
            return self.tr("1-64 letters, digits, - and _.")
        try:
            validate_device_name(text)
        except ValidationError as exc:
            return message_of(exc)
        if text in self._taken:
            return self.tr("The user already has an MFA device named %1.").replace("%1", text)
        return None

    @Slot()
    def _update(self) -> None:
        problem = self.name_error()
        typed = bool(self.device_name.text().strip())
        self.name_feedback.setText(problem or self.tr("✓ Valid name."))
        if not typed:
            self.name_feedback.setText(self.tr("1-64 letters, digits, - and _."))
        kind_ok = (self.virtual.isChecked() and self.virtual.isEnabled()) or (
            self.security_key.isChecked() and self.security_key.isEnabled()
        )
        self.next_button.setEnabled(problem is None and kind_ok)

    @Slot()
    def _on_next(self) -> None:
        if not self.next_button.isEnabled():
            return
        kind = MfaDeviceType.VIRTUAL if self.virtual.isChecked() else MfaDeviceType.SECURITY_KEY
        self.chosen.emit(kind, self.device_name.text().strip())
        self.accept()
