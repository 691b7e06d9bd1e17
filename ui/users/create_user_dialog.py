"""The Create User dialog: name, display name, contact, operator role and the login
credential the user starts with (as the Huawei console asks at creation)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Role
from app.domain.vocabulary import InitialPassword
from app.services.user_creation import CreatedUser
from ui.session import ConsoleSession
from ui.users.credential_choice import CredentialChoice
from ui.widgets.inline_error import FieldErrors, InlineError


class CreateUserDialog(QDialog):
    """Signals: created(CreatedUser): the user exists; the dialog then closes."""

    created = Signal(object)

    def __init__(self, session: ConsoleSession,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("createUserDialog")
        self.setWindowTitle(self.tr("Create User"))
        self._session = session
        self.creating = False  # a create is with the store
        self.name = self._line("createUserName", self.tr("Username"), 64)
        self.name.setPlaceholderText(self.tr("1-64 letters, digits, and - _ . @"))
        self.display_name = self._line("createUserDisplayName", self.tr("Display name"), 128)
        self.email = self._line("createUserEmail", self.tr("Email"), 254)
        self.email.setPlaceholderText(self.tr("optional; needed for emailed passwords"))
        self.mobile = self._line("createUserMobile", self.tr("Mobile"), 32)
        self.mobile.setPlaceholderText(self.tr("optional; +86 138 0013 8000"))
        self.role = QComboBox()
        self.role.setObjectName("createUserRole")
        self.role.setAccessibleName(self.tr("Operator role"))
        self.role.addItem(self.tr("None (not an operator)"), Role.NONE.value)
        self.role.addItem(self.tr("Helpdesk"), Role.HELPDESK.value)
        self.role.addItem(self.tr("Administrator"), Role.ADMINISTRATOR.value)
        self.credential = CredentialChoice(self)
        self.email.textChanged.connect(
            lambda text: self.credential.set_has_email(bool(text.strip()))
        )

        self.error = InlineError("createUserError")
        self.errors = FieldErrors(self.error)
        form = QFormLayout()
        for label, widget, field in (
            (self.tr("Username:"), self.name, "name"),
            (self.tr("Display name:"), self.display_name, "display_name"),
            (self.tr("Email:"), self.email, "email"),
            (self.tr("Mobile:"), self.mobile, "mobile"),
            (self.tr("Operator role:"), self.role, "role"),
        ):
            form.addRow(label, widget)
            line = InlineError(f"{widget.objectName()}Error")
            form.addRow("", line)
            self.errors.add(field, line, widget)
        self.errors.add("password", self.credential.password_error, self.credential.password)
        self.errors.add("credential", self.credential.error, self.credential)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create"))
        self.ok_button.setObjectName("createUserOk")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.credential)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(500)

    def _line(self, name: str, accessible: str, length: int) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(name)
        line.setAccessibleName(accessible)
        line.setMaxLength(length)
        return line

    @Slot()
    def submit(self) -> None:
        name, display = self.name.text().strip(), self.display_name.text().strip()
        email, mobile = self.email.text().strip() or None, self.mobile.text().strip() or None
        role = str(self.role.currentData())
        choice = self.credential
        mode = choice.mode()
        password = choice.password.text() if mode is InitialPassword.SET_NOW else None
        must_change, send_email = choice.must_change(), choice.send_email()
        show = choice.show_password()
        self.errors.clear()
        self.buttons.setEnabled(False)
        self.creating = True
        self._session.run(
            lambda services, actor: services.new_users.create(
                actor, name, email=email, mobile=mobile, display_name=display, role=role,
                credential=mode, password=password, must_change=must_change,
                send_email=send_email, show_password=show,
            ),
            self._on_created, self._on_failed, context=self,
        )  # fmt: skip

    def _on_created(self, created: CreatedUser) -> None:
        self.creating = False
        self.buttons.setEnabled(True)
        self.credential.password.clear()
        self.created.emit(created)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.creating = False
        self.buttons.setEnabled(True)
        self.errors.show(exc)
