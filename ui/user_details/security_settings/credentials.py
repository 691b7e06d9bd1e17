"""Login Credentials: the login password, the mobile number and the email address."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QMessageBox, QVBoxLayout

from app.domain.roles import Permission
from app.domain.vocabulary import ContactField, PasswordOrigin
from app.services.records import ResetResult
from ui.session import ConsoleSession
from ui.user_details.security_settings.contact_dialog import ContactDialog
from ui.user_details.security_settings.password_dialog import ResetPasswordDialog, reset_notice
from ui.user_details.security_settings.section import Section, SecurityState
from ui.widgets.formatting import local_time
from ui.widgets.inline_error import FieldErrors, InlineError
from ui.widgets.labels import value_label
from ui.widgets.one_time_password import OneTimePasswordDialog
from ui.widgets.prompts import confirm


class CredentialsSection(Section):
    """Reset or delete the password; change or remove the mobile number and email."""

    def __init__(self, session: ConsoleSession, user_name: str) -> None:
        super().__init__(session, user_name)
        self.setTitle(self.tr("Login Credentials"))
        self.setObjectName("credentialsSection")
        grid = self.grid()
        QVBoxLayout(self).addLayout(grid)
        self.password_value = value_label("passwordStatus")
        self.reset_password_button = self.button(
            "resetPasswordButton", self.tr("Reset"), self._on_reset_password
        )
        self.delete_password_button = self.button(
            "deletePasswordButton", self.tr("Delete"), self._on_delete_password
        )
        self.password_error = InlineError("passwordError")
        self.add_row(grid, 0, self.tr("Login password"), self.password_value,
                     [self.reset_password_button, self.delete_password_button],
                     self.password_error)  # fmt: skip
        self.mobile_value = value_label("mobileStatus")
        self.change_mobile_button = self.button(
            "changeMobileButton", self.tr("Change"),
            lambda: self._on_change_contact(ContactField.MOBILE),
        )  # fmt: skip
        self.remove_mobile_button = self.button(
            "removeMobileButton", self.tr("Remove"),
            lambda: self._on_remove_contact(ContactField.MOBILE),
        )  # fmt: skip
        self.mobile_error = InlineError("mobileError")
        self.add_row(grid, 1, self.tr("Mobile number"), self.mobile_value,
                     [self.change_mobile_button, self.remove_mobile_button],
                     self.mobile_error)  # fmt: skip
        self.email_value = value_label("emailStatus")
        self.change_email_button = self.button(
            "changeEmailButton", self.tr("Change"),
            lambda: self._on_change_contact(ContactField.EMAIL),
        )  # fmt: skip
        self.remove_email_button = self.button(
            "removeEmailButton", self.tr("Remove"),
            lambda: self._on_remove_contact(ContactField.EMAIL),
        )  # fmt: skip
        self.email_error = InlineError("emailError")
        self.add_row(grid, 2, self.tr("Email address"), self.email_value,
                     [self.change_email_button, self.remove_email_button],
                     self.email_error)  # fmt: skip

    def error_lines(self) -> list[InlineError]:
        return [self.password_error, self.mobile_error, self.email_error]

    def show_state(self, state: SecurityState | None) -> None:
        self.state = state
        if state is None:
            for label in (self.password_value, self.mobile_value, self.email_value):
                label.setText(self.tr("Loading…"))
        else:
            user = state.user
            self.password_value.setText(self._password_text(state))
            self.mobile_value.setText(user.mobile or self.tr("Not bound"))
            self.email_value.setText(user.email or self.tr("Not bound"))
        self.update_buttons()

    def _password_text(self, state: SecurityState) -> str:
        user = state.user
        if not user.has_password:
            return self.tr("Not set")
        origin = {
            PasswordOrigin.SET_BY_USER: self.tr("set by the user"),
            PasswordOrigin.AUTO_GENERATED: self.tr("automatically generated"),
            PasswordOrigin.OPERATOR_SET: self.tr("set by an operator"),
        }.get(user.password_origin or "", user.password_origin or "")  # fmt: skip
        text = (
            self.tr("Set — %1, %2").replace("%1", origin)
            .replace("%2", local_time(user.password_set_at))
        )  # fmt: skip
        if user.must_change_password:
            text += self.tr(" (must be changed at next sign-in)")
        return text

    def update_buttons(self) -> None:
        user = self.state.user if self.state else None
        self.enable(self.reset_password_button, Permission.RESET_PASSWORD)
        no_password = self.tr("No password is set.")
        no_mobile = self.tr("No mobile number is bound.")
        no_email = self.tr("No email address is bound.")
        contacts = Permission.MANAGE_CONTACTS
        self.enable(self.delete_password_button, Permission.DELETE_PASSWORD,
                    None if user and user.has_password else no_password)  # fmt: skip
        self.enable(self.change_mobile_button, contacts)
        self.enable(self.change_email_button, contacts)
        self.enable(self.remove_mobile_button, contacts,
                    None if user and user.mobile else no_mobile)  # fmt: skip
        self.enable(self.remove_email_button, contacts,
                    None if user and user.email else no_email)  # fmt: skip

    # --- the password -------------------------------------------------------------------

    @Slot()
    def _on_reset_password(self) -> None:
        state = self.state
        if state is None:
            return
        dialog = ResetPasswordDialog(self.session, state.user, state.policy,
                                     state.account_name, self,
                                     smtp_ready=state.smtp_ready)  # fmt: skip
        dialog.password_reset.connect(self._on_password_reset)
        dialog.reload_requested.connect(self.reload_requested)
        self.open_dialog(dialog)

    def _on_password_reset(self, result: ResetResult) -> None:
        unlocked = bool(getattr(self.sender(), "unlocked", False))  # the dialog's answer
        text = reset_notice(result)
        if unlocked:
            text += " " + self.tr("The user is unlocked.")
        if result.password is not None:  # the operator chose to see it: once, here
            self.open_dialog(OneTimePasswordDialog(result.user_name, result.password,
                                                   result.must_change, self))  # fmt: skip
        self.announce(text)

    @Slot()
    def _on_delete_password(self) -> None:
        state = self.state
        if state is None:
            return
        name, version = self.user_name, state.user.version
        self._confirm_delete_password(
            lambda: self.change(
                lambda s, actor: s.passwords.delete(actor, name, expected_version=version),
                FieldErrors(self.password_error),
                self.tr("The login password was deleted."),
            )
        )

    def _confirm_delete_password(self, on_yes: Callable[[], None]) -> QMessageBox:
        """Ask before deleting the password (tests may replace this)."""
        return confirm(
            self, "confirmDeletePassword", self.tr("Delete Password"),
            self.tr("Delete the login password of %1? The user can no longer sign in with a "
                    "password until a new one is set.").replace("%1", self.user_name),
            on_yes, yes_text=self.tr("Delete password"), destructive=True,
        )  # fmt: skip

    # --- contacts -----------------------------------------------------------------------

    def _on_change_contact(self, field: str) -> None:
        state = self.state
        if state is None:
            return
        dialog = ContactDialog(self.session, state.user, field, self)
        dialog.contact_changed.connect(lambda _d: self.announce())
        dialog.reload_requested.connect(self.reload_requested)
        self.open_dialog(dialog)

    def _on_remove_contact(self, field: str) -> None:
        state = self.state
        if state is None:
            return
        name, version = self.user_name, state.user.version
        errors = FieldErrors(
            self.mobile_error if field == ContactField.MOBILE else self.email_error,
            mobile=self.mobile_error, email=self.email_error,
        )  # fmt: skip
        self._confirm_remove_contact(
            field,
            lambda: self.change(
                lambda s, actor: s.contacts.clear(actor, name, field, expected_version=version),
                errors,
            ),
        )

    def _confirm_remove_contact(self, field: str, on_yes: Callable[[], None]) -> QMessageBox:
        """Ask before removing the mobile number or email (tests may replace this)."""
        what = (
            self.tr("mobile number") if field == ContactField.MOBILE else self.tr("email address")
        )
        return confirm(
            self, "confirmRemoveContact", self.tr("Remove Contact"),
            self.tr("Remove the %1 of %2?").replace("%1", what).replace("%2", self.user_name),
            on_yes, yes_text=(self.tr("Remove mobile number") if field == ContactField.MOBILE
                              else self.tr("Remove email address")),
        )  # fmt: skip
