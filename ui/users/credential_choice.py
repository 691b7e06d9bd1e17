"""The login credential a new user starts with: set by the user from an emailed link,
generated (shown once and/or emailed), typed now, or none. Every option stays in place and
is enabled with its mode, so the dialog keeps its size whichever is chosen."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from app.domain.vocabulary import InitialPassword
from ui.widgets.inline_error import InlineError

INDENT = 24  # a mode's options sit under its radio button


class CredentialChoice(QGroupBox):
    """The "Login credential" box of Create User (objectNames ``credential<Mode>``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Login credential"), parent)
        self.setObjectName("createUserCredential")
        self.group = QButtonGroup(self)
        self.buttons: dict[InitialPassword, QRadioButton] = {}
        texts = {
            InitialPassword.SET_BY_USER: self.tr("Set by user (a one-time link is emailed)"),
            InitialPassword.AUTO: self.tr("Automatically generated"),
            InitialPassword.SET_NOW: self.tr("Set now"),
            InitialPassword.NONE: self.tr("None (no password for now)"),
        }
        for n, (mode, text) in enumerate(texts.items()):
            button = QRadioButton(text)
            button.setObjectName("credential" + mode.title().replace("-", ""))
            self.group.addButton(button, n)
            self.buttons[mode] = button
        self.show_once = QCheckBox(self.tr("Show it once after Create (with Copy)"))
        self.show_once.setObjectName("credentialShowOnce")
        self.show_once.setChecked(True)
        self.email_generated = QCheckBox(self.tr("Email it to the user"))
        self.email_generated.setObjectName("credentialEmailGenerated")
        self.password = QLineEdit()
        self.password.setObjectName("createUserPassword")
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("The new password"))
        self.password_error = InlineError("createUserPasswordError")
        self.require_change = QCheckBox(self.tr("Require a new password at first sign-in"))
        self.require_change.setObjectName("credentialMustChange")
        self.require_change.setChecked(True)
        self.email_typed = QCheckBox(self.tr("Email it to the user"))
        self.email_typed.setObjectName("credentialEmailTyped")
        self.error = InlineError("createUserCredentialError")

        grid = QGridLayout(self)
        grid.setColumnMinimumWidth(0, INDENT)
        grid.setColumnStretch(1, 1)
        rows: list[tuple[QWidget, bool]] = [
            (self.buttons[InitialPassword.SET_BY_USER], False),
            (self.buttons[InitialPassword.AUTO], False),
            (self.show_once, True),
            (self.email_generated, True),
            (self.buttons[InitialPassword.SET_NOW], False),
            (self.password, True),
            (self.password_error, True),
            (self.require_change, True),
            (self.email_typed, True),
            (self.buttons[InitialPassword.NONE], False),
            (self.error, False),
        ]
        for row, (widget, indented) in enumerate(rows):
            if indented:
                grid.addWidget(widget, row, 1)
            else:
                grid.addWidget(widget, row, 0, 1, 2)
        self._has_email = False
        self.buttons[InitialPassword.AUTO].setChecked(True)
        self.group.idToggled.connect(self._on_mode)
        self.show_once.toggled.connect(self._on_mode)
        self.email_generated.toggled.connect(self._on_mode)
        self.set_has_email(False)

    def mode(self) -> InitialPassword:
        return next(m for m, b in self.buttons.items() if b.isChecked())

    def set_mode(self, mode: InitialPassword) -> None:
        self.buttons[mode].setChecked(True)

    def must_change(self) -> bool:
        return self.mode() is not InitialPassword.SET_NOW or self.require_change.isChecked()

    def send_email(self) -> bool:
        mode = self.mode()
        if mode is InitialPassword.AUTO:
            return self.email_generated.isChecked()
        if mode is InitialPassword.SET_NOW:
            return self.email_typed.isChecked()
        return mode is InitialPassword.SET_BY_USER

    def show_password(self) -> bool:
        return self.mode() is InitialPassword.AUTO and self.show_once.isChecked()

    def set_has_email(self, has_email: bool) -> None:
        """Options that email need an address: disabled (saying why) without one."""
        self._has_email = has_email
        why = "" if has_email else self.tr("Type the user's email address first.")
        for widget in (self.buttons[InitialPassword.SET_BY_USER], self.email_generated,
                       self.email_typed):  # fmt: skip
            widget.setToolTip(why)
        if not has_email:
            if self.mode() is InitialPassword.SET_BY_USER:
                self.set_mode(InitialPassword.AUTO)
            self.email_generated.setChecked(False)
            self.email_typed.setChecked(False)
        self._on_mode()

    @Slot()
    def _on_mode(self) -> None:
        mode = self.mode()
        email = self._has_email
        self.buttons[InitialPassword.SET_BY_USER].setEnabled(email)
        auto, typed = mode is InitialPassword.AUTO, mode is InitialPassword.SET_NOW
        self.show_once.setEnabled(auto)
        self.email_generated.setEnabled(auto and email)
        for widget in (self.password, self.require_change):
            widget.setEnabled(typed)
        self.email_typed.setEnabled(typed and email)
        if not typed:
            self.password_error.clear()
        self.error.clear()
