"""Basic Information of a user: names, description, status, operator role, delete, unlock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import USER_ROLES
from app.domain.vocabulary import PasswordOrigin, UserStatus, values
from app.services.records import UserDetail
from ui.session import Change, ConsoleSession
from ui.widgets.formatting import local_time
from ui.widgets.icons import icon
from ui.widgets.inline_error import FieldErrors, InlineError
from ui.widgets.labels import value_label
from ui.widgets.prompts import confirm

log = logging.getLogger(__name__)

ROLES = values(USER_ROLES)


def _editable(user: UserDetail) -> tuple[str, str, str]:
    """What this tab edits (and saves together)."""
    return (user.display_name, user.description, user.role)


class BasicInfoTab(QWidget):
    """Args: session: the console session; user_name: the user shown. Changes made here
    are announced on the session; changes made elsewhere to this user are read again
    (keeping unsaved edits).

    Signals:
        loaded(object): fresh UserDetail shown (after ``reload()`` or a change).
        changed(object): the operator changed the user; carries the new UserDetail.
        deleted(str): the user was deleted (the details window closes).
    """

    loaded = Signal(object)
    changed = Signal(object)
    deleted = Signal(str)

    def __init__(self, session: ConsoleSession, user_name: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("basicInfoTab")
        self._session = session
        self._services, self._runner, self._actor = (session.services, session.runner,
                                                    session.actor)  # fmt: skip
        self.user_name = user_name
        self.user: UserDetail | None = None
        self._busy = False
        self._shown: tuple[str, str, str] = ("", "", "")  # the editable fields as loaded
        session.changed.connect(self._on_session_changed)

        self.name_label = value_label("basicUserName")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("basicDisplayName")
        self.display_name.setMaxLength(128)
        self.display_name.setAccessibleName(self.tr("Display name"))
        self.description = QPlainTextEdit()
        self.description.setObjectName("basicDescription")
        self.description.setAccessibleName(self.tr("Description"))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.role = QComboBox()
        self.role.setObjectName("basicRole")
        self.role.setAccessibleName(self.tr("Operator role"))
        for value, label in zip(ROLES, self._role_labels(), strict=True):
            self.role.addItem(label, value)
        self.status_label = value_label("basicStatus")
        self.toggle_button = QPushButton()
        self.toggle_button.setObjectName("basicToggleStatus")
        self.toggle_button.clicked.connect(self._on_toggle_status)
        self.unlock_button = QPushButton(icon("unlock"), self.tr("Unlock"))
        self.unlock_button.setObjectName("basicUnlock")
        self.unlock_button.clicked.connect(self._on_unlock)
        self.contact_label = value_label("basicContact")
        self.password_label = value_label("basicPassword")
        self.times_label = value_label("basicTimes")

        self.display_name_error = InlineError("basicDisplayNameError")
        self.description_error = InlineError("basicDescriptionError")
        self.role_error = InlineError("basicRoleError")
        self.error = InlineError("basicError")
        self.error.reload_requested.connect(self.reload)
        self.errors = FieldErrors(self.error)
        self.errors.add("display_name", self.display_name_error, self.display_name)
        self.errors.add("description", self.description_error, self.description)
        self.errors.add("role", self.role_error, self.role)

        self.save_button = QPushButton(icon("save"), self.tr("Save"))
        self.save_button.setObjectName("basicSave")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(icon("delete"), self.tr("Delete User…"))
        self.delete_button.setObjectName("basicDelete")
        self.delete_button.clicked.connect(self._on_delete)
        self.status_message = QLabel()
        self.status_message.setObjectName("basicMessage")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Username:"), self.name_label)
        form.addRow(self.tr("Display name:"), self.display_name)
        form.addRow("", self.display_name_error)
        form.addRow(self.tr("Description:"), self.description)
        form.addRow("", self.description_error)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.unlock_button)
        status_row.addWidget(self.toggle_button)
        form.addRow(self.tr("Status:"), status_row)
        form.addRow(self.tr("Operator role:"), self.role)
        form.addRow("", self.role_error)
        form.addRow(self.tr("Contact:"), self.contact_label)
        form.addRow(self.tr("Password:"), self.password_label)
        form.addRow(self.tr("Dates:"), self.times_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.status_message)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._set_enabled(False)

    def _role_labels(self) -> tuple[str, str, str]:
        return (
            self.tr("None (not an operator)"),
            self.tr("Helpdesk (reset passwords, unlock)"),
            self.tr("Administrator"),
        )

    # --- loading -----------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        """Read the user again and show it all (Reload: unsaved edits are dropped)."""
        services, actor, name = self._services, self._actor, self.user_name
        self._call(lambda: services.users.get(actor, name), self._on_loaded, clear=False)

    @Slot()
    def refresh(self) -> None:
        """Read the user again after a change made elsewhere (Security Settings), keeping
        unsaved edits of the display name, description and role."""
        services, actor, name = self._services, self._actor, self.user_name
        self._runner.run(lambda: services.users.get(actor, name), self._on_refreshed,
                         self.error.show_error, context=self)  # fmt: skip

    @Slot(object)
    def _on_session_changed(self, change: Change) -> None:
        if change.initiator is not self and not change.deleted and change.concerns(self.user_name):
            self.refresh()

    def has_unsaved_edits(self) -> bool:
        """True when the editable fields differ from what was last shown in them."""
        return self.user is not None and self._edits() != self._shown

    def _edits(self) -> tuple[str, str, str]:
        return (self.display_name.text().strip(), self.description.toPlainText().strip(),
                str(self.role.currentData()))  # fmt: skip

    def _on_refreshed(self, user: UserDetail) -> None:
        base = self.user
        if base is None or not self.has_unsaved_edits():
            self._on_loaded(user)
            return
        if _editable(user) == _editable(base):
            # Nobody changed what is being edited (a security change bumped the version):
            # a save goes on top of this version.
            self.user = user
        # else keep the version the edits started from: Save is refused as stale and
        # offers Reload, so someone else's change is never overwritten unseen.
        self._show_read_only(user)
        self.loaded.emit(user)

    def _on_loaded(self, user: UserDetail) -> None:
        self.user = user
        self.display_name.setText(user.display_name)
        self.description.setPlainText(user.description)
        self.role.setCurrentIndex(max(0, self.role.findData(user.role)))
        self._shown = self._edits()
        self._show_read_only(user)
        self._set_enabled(True)
        self.loaded.emit(user)

    def _show_read_only(self, user: UserDetail) -> None:
        self.name_label.setText(user.name)
        enabled = user.status == UserStatus.ENABLED
        status = self.tr("Enabled") if enabled else self.tr("Disabled")
        if user.locked:
            status += " — " + self.tr("locked until %1").replace(
                "%1", local_time(user.locked_until)
            )
        self.status_label.setText(status)
        self.toggle_button.setText(self.tr("Disable") if enabled else self.tr("Enable"))
        self.toggle_button.setIcon(icon("disable" if enabled else "enable"))
        self.unlock_button.setVisible(user.locked)
        self.contact_label.setText(
            self.tr("Email %1 · Mobile %2")
            .replace("%1", user.email or "—")
            .replace("%2", user.mobile or "—")
        )
        self.password_label.setText(self._password_text(user))
        self.times_label.setText(
            self.tr("Created %1 · Last login %2")
            .replace("%1", local_time(user.created_at))
            .replace("%2", local_time(user.last_login_at, self.tr("never")))
        )

    def _password_text(self, user: UserDetail) -> str:
        if not user.has_password:
            return self.tr("Not set")
        origin = {
            PasswordOrigin.SET_BY_USER: self.tr("set by the user"),
            PasswordOrigin.AUTO_GENERATED: self.tr("generated automatically"),
            PasswordOrigin.OPERATOR_SET: self.tr("set by an operator"),
        }.get(user.password_origin or "", user.password_origin or "")
        text = self.tr("Set %1, %2").replace("%1", local_time(user.password_set_at))
        text = text.replace("%2", origin)
        if user.must_change_password:
            text += self.tr("; must be changed at next sign-in")
        return text

    # --- changes -----------------------------------------------------------------------

    @Slot()
    def save(self) -> None:
        """Save display name, description and role (refused when someone else changed the
        user meanwhile)."""
        if self.user is None:
            return
        services, actor, user = self._services, self._actor, self.user
        display_name = self.display_name.text().strip()
        description = self.description.toPlainText().strip()
        role = str(self.role.currentData())

        def work() -> UserDetail:
            return services.users.update(
                actor, user.name, expected_version=user.version, display_name=display_name,
                description=description, role=role,
            )  # fmt: skip

        self._call(work, self._on_changed_with(self.tr("Saved.")))

    @Slot()
    def _on_toggle_status(self) -> None:
        if self.user is None:
            return
        services, actor, user = self._services, self._actor, self.user
        enable = user.status != UserStatus.ENABLED
        message = self.tr("Enabled.") if enable else self.tr("Disabled.")
        self._call(
            lambda: services.users.set_enabled(
                actor, user.name, enable, expected_version=user.version
            ),
            self._on_changed_with(message),
        )

    @Slot()
    def _on_unlock(self) -> None:
        if self.user is None:
            return
        services, actor, name = self._services, self._actor, self.user.name
        self._call(
            lambda: services.users.unlock(actor, name), self._on_changed_with(self.tr("Unlocked."))
        )

    @Slot()
    def _on_delete(self) -> None:
        if self.user is not None:
            self._confirm_delete(self.user)

    def _confirm_delete(self, user: UserDetail) -> QMessageBox:
        """Ask before deleting (tests answer the box)."""
        return confirm(
            self,
            "confirmDeleteUser",
            self.tr("Delete User"),
            self.tr(
                "Delete user %1? Its password, MFA device, security keys and access keys go "
                "with it. This cannot be undone."
            ).replace("%1", user.name),
            lambda: self._delete(user),
            yes_text=self.tr("Delete user"),
            destructive=True,
        )

    def _delete(self, user: UserDetail) -> None:
        services, actor = self._services, self._actor
        self._call(
            lambda: services.users.delete(actor, user.name, expected_version=user.version),
            lambda _: self._on_deleted(user.name),
        )

    def _on_deleted(self, name: str) -> None:
        self._session.announce(Change(name, initiator=self, deleted=True))
        self.deleted.emit(name)

    def _on_changed_with(self, message: str) -> Callable[[UserDetail], None]:
        def _done(user: UserDetail) -> None:
            self._on_loaded(user)
            self.status_message.setText(message)
            self.changed.emit(user)
            self._session.announce(Change(user.name, initiator=self))

        return _done

    # --- plumbing ----------------------------------------------------------------------

    def _call(self, work: Callable[[], Any], on_done: Callable[[Any], None], *,
              clear: bool = True) -> None:  # fmt: skip
        self._busy = True
        self._set_enabled(False)
        self.status_message.clear()
        if clear:
            self.errors.clear()

        def _done(result: Any) -> None:
            self._busy = False
            self._set_enabled(self.user is not None)
            on_done(result)

        def _failed(exc: Exception) -> None:
            self._busy = False
            self._set_enabled(self.user is not None)
            self.errors.show(exc)

        self._runner.run(work, _done, _failed, context=self)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.display_name, self.description, self.role, self.save_button,
                       self.delete_button, self.toggle_button, self.unlock_button):  # fmt: skip
            widget.setEnabled(enabled and not self._busy)

    @property
    def busy(self) -> bool:
        return self._busy
