"""The Security Settings tab of a user's details, laid out like Huawei Cloud IAM's."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.password_policy import PasswordPolicy
from app.domain.vocabulary import (
    CONFIRM_WORD,
    MAX_ACCESS_KEYS,
    MAX_SECURITY_KEYS,
    AccessKeyStatus,
    ContactField,
    LoginProtection,
    MfaState,
    PasswordOrigin,
    ResetMode,
    api_protection_ready,
    protection_ready,
)
from app.services import Services
from app.services.records import (
    AccessKeyRecord,
    Actor,
    MfaStatus,
    NewAccessKey,
    ResetResult,
    SecurityKeyRecord,
    TemporaryCredentialRecord,
    UserDetail,
)
from ui.security.access_key_dialog import NewAccessKeyDialog, deliver_new_access_key
from ui.security.contact_dialog import ContactDialog
from ui.security.key_dialog import AddSecurityKeyDialog, DeviceLister
from ui.security.mfa_dialog import BindMfaDialog
from ui.security.password_dialog import ResetPasswordDialog
from ui.tasks import TaskRunner
from ui.widgets.formatting import local_time
from ui.widgets.inline_error import FieldErrors, InlineError, message_of
from ui.widgets.labels import value_label
from ui.widgets.prompts import ask_text, confirm
from ui.widgets.tables import ID_ROLE, fit_columns, record_table

log = logging.getLogger(__name__)

HEADING_WIDTH = 160  # the row headings line up across the sections


@dataclass(frozen=True)
class SecurityState:
    """Everything the tab shows, read in one worker call."""

    user: UserDetail
    mfa: MfaStatus
    keys: tuple[SecurityKeyRecord, ...]
    access_keys: tuple[AccessKeyRecord, ...]
    temporary: tuple[TemporaryCredentialRecord, ...]
    policy: PasswordPolicy | None
    account_name: str


def read_state(services: Services, actor: Actor, name: str) -> SecurityState:
    """Runs on a worker: one service call, one transaction."""
    view = services.security_settings.read(actor, name)
    return SecurityState(
        view.user, view.mfa, view.keys, view.access_keys, view.temporary,
        view.password_policy, view.account_name,
    )  # fmt: skip


def _table(name: str, headers: list[str], stretch: int) -> QTableWidget:
    """A short table that grows with its rows instead of scrolling (the tab scrolls). Its
    columns fit their contents; ``stretch``, the one with the longest texts, takes the rest."""
    table = record_table(name, headers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    fit_columns(table, stretch)
    table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, list[str]]]) -> None:
    """Rows of (id, cells); keeps the selection on the same id."""
    selected = _selected(table)
    table.setRowCount(len(rows))
    for r, (ident, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(ID_ROLE, ident)
            table.setItem(r, c, item)
        if ident == selected:
            table.selectRow(r)
    table.setFixedHeight(
        table.horizontalHeader().height() + 2 * table.frameWidth()
        + sum(table.rowHeight(r) for r in range(table.rowCount()))
        + (0 if rows else table.verticalHeader().defaultSectionSize())
    )  # fmt: skip


def _host_window(widget: QWidget) -> QWidget:
    """The outermost window ``widget`` lives in (the main window, when there is one)."""
    window = widget.window()
    while (parent := window.parentWidget()) is not None:
        window = parent.window()
    return window


def _selected(table: QTableWidget) -> str | None:
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return item.data(ID_ROLE) if item is not None else None


class SecuritySettingsTab(QWidget):
    """A user's Security Settings: login credentials, MFA, login protection, access keys.

    Args:
        services: the service layer (called only through ``runner``).
        runner: runs every service call off the GUI thread.
        actor: the signed-in operator.
        user_name: the user shown.
        device_lister: finds security keys (tests pass a software key's lister).

    Signals:
        changed(): after any successful change.
        state_loaded(): the tab shows fresh state (after ``reload()``).
    """

    changed = Signal()
    state_loaded = Signal()

    def __init__(self, services: Services, runner: TaskRunner, actor: Actor, user_name: str,
                 parent: QWidget | None = None, *,
                 device_lister: DeviceLister | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("securitySettingsTab")
        self._services, self._runner, self._actor = services, runner, actor
        self.user_name = user_name
        self.device_lister = device_lister
        self.state: SecurityState | None = None
        self.active_dialog: QDialog | None = None
        self._loading = self._reload_again = False

        self.notice = value_label("securityNotice")
        self.notice.setVisible(False)
        self.load_error = InlineError("securityLoadError")
        self.load_error.reload_requested.connect(self.reload)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.notice)
        column.addWidget(self.load_error)
        column.addWidget(self._credentials_section())
        column.addWidget(self._mfa_section())
        column.addWidget(self._protection_section())
        column.addWidget(self._access_key_section())
        column.addWidget(self._temporary_section())
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        for line in self._all_error_lines():
            line.reload_requested.connect(self.reload)
        self._show_state()
        self.reload()

    # --- building -----------------------------------------------------------------------

    def _button(self, name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _row(self, grid: QGridLayout, row: int, title: str, value: QLabel,
             buttons: list[QPushButton], error: InlineError) -> None:  # fmt: skip
        heading = QLabel(title)
        heading.setBuddy(buttons[0] if buttons else value)
        grid.addWidget(heading, 2 * row, 0)
        grid.addWidget(value, 2 * row, 1)
        actions = QHBoxLayout()
        actions.setSpacing(4)
        for button in buttons:
            actions.addWidget(button)
        grid.addLayout(actions, 2 * row, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(error, 2 * row + 1, 1, 1, 2)

    def _credentials_section(self) -> QGroupBox:
        box = QGroupBox(self.tr("Login Credentials"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, HEADING_WIDTH)
        self.password_value = value_label("passwordStatus")
        self.reset_password_button = self._button(
            "resetPasswordButton", self.tr("Reset"), self._on_reset_password
        )
        self.delete_password_button = self._button(
            "deletePasswordButton", self.tr("Delete"), self._on_delete_password
        )
        self.password_error = InlineError("passwordError")
        self._row(
            grid,
            0,
            self.tr("Login password"),
            self.password_value,
            [self.reset_password_button, self.delete_password_button],
            self.password_error,
        )
        self.mobile_value = value_label("mobileStatus")
        self.change_mobile_button = self._button(
            "changeMobileButton",
            self.tr("Change"),
            lambda: self._on_change_contact(ContactField.MOBILE),
        )
        self.remove_mobile_button = self._button(
            "removeMobileButton",
            self.tr("Remove"),
            lambda: self._on_remove_contact(ContactField.MOBILE),
        )
        self.mobile_error = InlineError("mobileError")
        self._row(
            grid,
            1,
            self.tr("Mobile number"),
            self.mobile_value,
            [self.change_mobile_button, self.remove_mobile_button],
            self.mobile_error,
        )
        self.email_value = value_label("emailStatus")
        self.change_email_button = self._button(
            "changeEmailButton",
            self.tr("Change"),
            lambda: self._on_change_contact(ContactField.EMAIL),
        )
        self.remove_email_button = self._button(
            "removeEmailButton",
            self.tr("Remove"),
            lambda: self._on_remove_contact(ContactField.EMAIL),
        )
        self.email_error = InlineError("emailError")
        self._row(
            grid,
            2,
            self.tr("Email address"),
            self.email_value,
            [self.change_email_button, self.remove_email_button],
            self.email_error,
        )
        return box

    def _mfa_section(self) -> QGroupBox:
        box = QGroupBox(self.tr("Multi-Factor Authentication"))
        layout = QVBoxLayout(box)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, HEADING_WIDTH)
        self.mfa_value = value_label("virtualMfaStatus")
        self.bind_mfa_button = self._button(
            "bindVirtualMfaButton", self.tr("Bind"), self._on_bind_mfa
        )
        self.reset_mfa_button = self._button(
            "resetVirtualMfaButton", self.tr("Reset"), self._on_reset_mfa
        )
        self.unbind_mfa_button = self._button(
            "unbindVirtualMfaButton", self.tr("Unbind"), self._on_unbind_mfa
        )
        self.mfa_error = InlineError("virtualMfaError")
        self._row(grid, 0, self.tr("Virtual MFA device"), self.mfa_value,
                  [self.bind_mfa_button, self.reset_mfa_button, self.unbind_mfa_button],
                  self.mfa_error)  # fmt: skip
        layout.addLayout(grid)
        keys_head = QHBoxLayout()
        self.keys_caption = QLabel()
        self.keys_caption.setObjectName("securityKeyCount")
        self.add_key_button = self._button(
            "addSecurityKeyButton", self.tr("Add Security Key"), self._on_add_key
        )
        self.unbind_key_button = self._button(
            "unbindSecurityKeyButton", self.tr("Unbind"), self._on_unbind_key
        )
        keys_head.addWidget(self.keys_caption, 1)
        keys_head.addWidget(self.add_key_button)
        keys_head.addWidget(self.unbind_key_button)
        layout.addLayout(keys_head)
        self.key_table = _table(
            "securityKeyTable",
            [self.tr("Name"), self.tr("AAGUID / model"), self.tr("Added"), self.tr("Last used")],
            stretch=1,
        )
        self.key_table.setAccessibleName(self.tr("Security keys"))
        self.key_table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.key_table)
        self.key_error = InlineError("securityKeyTableError")
        layout.addWidget(self.key_error)
        return box

    def _protection_section(self) -> QGroupBox:
        box = QGroupBox(self.tr("Login Protection"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, HEADING_WIDTH)
        self.protection_method = QComboBox()
        self.protection_method.setObjectName("loginProtectionMethod")
        self.protection_method.setAccessibleName(self.tr("Login protection"))
        for method, text in (
            (LoginProtection.OFF, self.tr("Off")),
            (LoginProtection.SMS, self.tr("SMS")),
            (LoginProtection.EMAIL, self.tr("Email")),
            (LoginProtection.MFA, self.tr("Virtual MFA device or security key")),
        ):
            self.protection_method.addItem(text, method.value)
        self.protection_method.currentIndexChanged.connect(self._update_buttons)
        self.api_protection = QCheckBox(
            self.tr(
                "API login protection (asks for a virtual MFA code when the user gets an API token)"
            )
        )
        self.api_protection.setObjectName("apiLoginProtection")
        self.api_protection.toggled.connect(self._update_buttons)
        self.protection_hint = QLabel()
        self.protection_hint.setObjectName("loginProtectionHint")
        self.protection_hint.setWordWrap(True)
        self.apply_protection_button = self._button(
            "applyProtectionButton", self.tr("Apply"), self._on_apply_protection
        )
        self.protection_error = InlineError("loginProtectionError")
        grid.addWidget(QLabel(self.tr("Verify sign-ins with")), 0, 0)
        grid.addWidget(self.protection_method, 0, 1)
        grid.addWidget(self.apply_protection_button, 0, 2)
        grid.addWidget(self.api_protection, 1, 1, 1, 2)
        grid.addWidget(self.protection_hint, 2, 1, 1, 2)
        grid.addWidget(self.protection_error, 3, 1, 1, 2)
        return box

    def _access_key_section(self) -> QGroupBox:
        box = QGroupBox(self.tr("Access Keys"))
        layout = QVBoxLayout(box)
        head = QHBoxLayout()
        self.access_key_caption = QLabel()
        self.access_key_caption.setObjectName("accessKeyCount")
        self.create_access_key_button = self._button(
            "createAccessKeyButton", self.tr("Create Access Key"), self._on_create_access_key
        )
        self.toggle_access_key_button = self._button(
            "toggleAccessKeyButton", self.tr("Disable"), self._on_toggle_access_key
        )
        self.delete_access_key_button = self._button(
            "deleteAccessKeyButton", self.tr("Delete"), self._on_delete_access_key
        )
        head.addWidget(self.access_key_caption, 1)
        for button in (self.create_access_key_button, self.toggle_access_key_button,
                       self.delete_access_key_button):  # fmt: skip
            head.addWidget(button)
        layout.addLayout(head)
        self.access_key_table = _table(
            "accessKeyTable",
            [self.tr("Access key ID"), self.tr("Status"), self.tr("Created"),
             self.tr("Last used")],
            stretch=0,
        )  # fmt: skip
        self.access_key_table.setAccessibleName(self.tr("Access keys"))
        self.access_key_table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.access_key_table)
        self.access_key_error = InlineError("accessKeyError")
        layout.addWidget(self.access_key_error)
        return box

    def _temporary_section(self) -> QGroupBox:
        box = QGroupBox(self.tr("Temporary Access Credentials"))
        layout = QVBoxLayout(box)
        head = QHBoxLayout()
        self.temporary_caption = QLabel()
        self.temporary_caption.setObjectName("temporaryCredentialCount")
        self.revoke_temporary_button = self._button(
            "revokeTemporaryCredentialButton", self.tr("Revoke"), self._on_revoke_temporary
        )
        head.addWidget(self.temporary_caption, 1)
        head.addWidget(self.revoke_temporary_button)
        layout.addLayout(head)
        self.temporary_table = _table(
            "temporaryCredentialTable",
            [self.tr("Access key ID"), self.tr("Permission set"), self.tr("Issued"),
             self.tr("Expires")],
            stretch=0,
        )  # fmt: skip
        self.temporary_table.setAccessibleName(self.tr("Temporary access credentials"))
        self.temporary_table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.temporary_table)
        self.temporary_error = InlineError("temporaryCredentialError")
        layout.addWidget(self.temporary_error)
        return box

    def _all_error_lines(self) -> list[InlineError]:
        return [self.password_error, self.mobile_error, self.email_error, self.mfa_error,
                self.key_error, self.protection_error, self.access_key_error,
                self.temporary_error]  # fmt: skip

    # --- state --------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        """Re-read the user's security state (on a worker)."""
        if self._loading:  # read again once the running read is back: it may predate a change
            self._reload_again = True
            return
        self._loading, self._reload_again = True, False
        services, actor, name = self._services, self._actor, self.user_name
        self._runner.run(lambda: read_state(services, actor, name), self._on_loaded,
                         self._on_load_failed)  # fmt: skip

    def _on_loaded(self, state: SecurityState) -> None:
        self._loading = False
        if self._reload_again:
            self.reload()
            return
        self.state = state
        self.load_error.clear()
        self._show_state()
        self.state_loaded.emit()

    def _on_load_failed(self, error: Exception) -> None:
        self._loading = False
        if self._reload_again:
            self.reload()
            return
        self.load_error.show_message(message_of(error), reload=True)  # never driver text

    def _show_state(self) -> None:
        state = self.state
        if state is None:
            for label in (self.password_value, self.mobile_value, self.email_value,
                          self.mfa_value):  # fmt: skip
                label.setText(self.tr("Loading…"))
            self._update_buttons()
            return
        user = state.user
        if user.has_password:
            origin = {
                PasswordOrigin.SET_BY_USER: self.tr("set by the user"),
                PasswordOrigin.AUTO_GENERATED: self.tr("automatically generated"),
                PasswordOrigin.OPERATOR_SET: self.tr("set by an operator"),
            }.get(user.password_origin or "", user.password_origin or "")
            text = (
                self.tr("Set — %1, %2")
                .replace("%1", origin)
                .replace("%2", local_time(user.password_set_at))
            )
            if user.must_change_password:
                text += self.tr(" (must be changed at next sign-in)")
        else:
            text = self.tr("Not set")
        self.password_value.setText(text)
        self.mobile_value.setText(user.mobile or self.tr("Not bound"))
        self.email_value.setText(user.email or self.tr("Not bound"))
        mfa = state.mfa
        self.mfa_value.setText({
            MfaState.NONE: self.tr("Not bound"),
            MfaState.PENDING: self.tr("Waiting for confirmation (bind again to finish)"),
            MfaState.ACTIVE: self.tr("Bound since %1").replace("%1", local_time(mfa.activated_at)),
        }.get(mfa.state, mfa.state))  # fmt: skip
        self.keys_caption.setText(
            self.tr("Security keys: %1 of %2").replace("%1", str(len(state.keys)))
            .replace("%2", str(MAX_SECURITY_KEYS))
        )  # fmt: skip
        _fill(self.key_table, [
            (k.name, [k.name, k.aaguid, local_time(k.created_at),
                      local_time(k.last_used_at, self.tr("Never"))])
            for k in state.keys
        ])  # fmt: skip
        index = self.protection_method.findData(user.login_protection)
        self.protection_method.blockSignals(True)
        self.protection_method.setCurrentIndex(max(index, 0))
        self.protection_method.blockSignals(False)
        self.api_protection.blockSignals(True)
        self.api_protection.setChecked(user.api_login_protection)
        self.api_protection.blockSignals(False)
        self._explain_protection(state)
        self.access_key_caption.setText(
            self.tr("Access keys: %1 of %2").replace("%1", str(len(state.access_keys)))
            .replace("%2", str(MAX_ACCESS_KEYS))
        )  # fmt: skip
        _fill(self.access_key_table, [
            (k.access_key_id, [k.access_key_id,
                               self.tr("Active") if k.status == AccessKeyStatus.ACTIVE
                               else self.tr("Inactive"),
                               local_time(k.created_at),
                               local_time(k.last_used_at, self.tr("Never"))])
            for k in state.access_keys
        ])  # fmt: skip
        self.temporary_caption.setText(
            self.tr("%1 in force").replace("%1", str(len(state.temporary)))
        )
        _fill(self.temporary_table, [
            (c.access_key_id, [c.access_key_id, c.permission_set, local_time(c.created_at),
                               local_time(c.expires_at)])
            for c in state.temporary
        ])  # fmt: skip
        self._update_buttons()

    def _explain_protection(self, state: SecurityState) -> None:
        """Say inline what each method needs, and grey out the ones not possible yet."""
        user = state.user
        has_totp = state.mfa.state == MfaState.ACTIVE
        why = {
            LoginProtection.SMS: self.tr("SMS needs a mobile number."),
            LoginProtection.EMAIL: self.tr("Email needs an email address."),
            LoginProtection.MFA: self.tr(
                "Virtual MFA needs a bound virtual MFA device or security key."),
        }  # fmt: skip
        needs = {
            method: None if protection_ready(
                method, has_mobile=bool(user.mobile), has_email=bool(user.email),
                has_totp=has_totp, security_keys=len(state.keys),
            ) else text
            for method, text in why.items()
        }  # fmt: skip
        model = self.protection_method.model()
        assert isinstance(model, QStandardItemModel)
        for row in range(self.protection_method.count()):
            method = self.protection_method.itemData(row)
            item = model.item(row)
            possible = needs.get(method) is None or method == user.login_protection
            item.setEnabled(possible)
            item.setToolTip(needs.get(method) or "")
        api_needs = None if api_protection_ready(has_totp=has_totp) else self.tr(
            "API login protection needs a bound virtual MFA device.")  # fmt: skip
        self.api_protection.setEnabled(api_needs is None or user.api_login_protection)
        hints = [text for text in (*needs.values(), api_needs) if text]
        self.protection_hint.setText(" ".join(hints))
        self.protection_hint.setVisible(bool(hints))

    @Slot()
    def _update_buttons(self) -> None:
        state = self.state
        ready = state is not None
        user = state.user if state else None
        self.reset_password_button.setEnabled(ready)
        self.delete_password_button.setEnabled(bool(user and user.has_password))
        self.change_mobile_button.setEnabled(ready)
        self.change_email_button.setEnabled(ready)
        self.remove_mobile_button.setEnabled(bool(user and user.mobile))
        self.remove_email_button.setEnabled(bool(user and user.email))
        mfa = state.mfa.state if state else MfaState.NONE
        self.bind_mfa_button.setEnabled(ready and mfa != MfaState.ACTIVE)
        self.reset_mfa_button.setEnabled(mfa == MfaState.ACTIVE)
        self.unbind_mfa_button.setEnabled(mfa != MfaState.NONE)
        self.add_key_button.setEnabled(ready and len(state.keys) < MAX_SECURITY_KEYS)
        self.unbind_key_button.setEnabled(_selected(self.key_table) is not None)
        changed = bool(user) and (
            self.protection_method.currentData() != user.login_protection
            or self.api_protection.isChecked() != user.api_login_protection
        )
        self.apply_protection_button.setEnabled(changed)
        self.create_access_key_button.setEnabled(ready and len(state.access_keys) < MAX_ACCESS_KEYS)
        key = self._selected_access_key()
        self.toggle_access_key_button.setEnabled(key is not None)
        self.toggle_access_key_button.setText(
            self.tr("Enable")
            if key is not None and key.status != AccessKeyStatus.ACTIVE
            else self.tr("Disable")
        )
        self.delete_access_key_button.setEnabled(key is not None)
        self.revoke_temporary_button.setEnabled(_selected(self.temporary_table) is not None)

    def _selected_access_key(self) -> AccessKeyRecord | None:
        ident = _selected(self.access_key_table)
        if self.state is None or ident is None:
            return None
        return next((k for k in self.state.access_keys if k.access_key_id == ident), None)

    # --- running changes ----------------------------------------------------------------

    def _change(self, fn: Callable[[], Any], errors: FieldErrors,
                done: Callable[[Any], None] | None = None) -> None:  # fmt: skip
        """Run one change on a worker; then report it, announce it and re-read. Nothing is
        reported when the tab is gone meanwhile (its window closed, the console locked)."""
        errors.clear()

        def _done(result: Any) -> None:
            if done is not None:
                done(result)
            self.changed.emit()
            self.reload()

        self._runner.run(fn, _done, errors.show, context=self)

    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _open(self, dialog: QDialog) -> None:
        """Show a dialog window-modally (no nested event loop); tests find it here."""
        self.active_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None

    def _on_dialog_changed(self, text: str = "") -> None:
        if text:
            self._say(text)
        self.changed.emit()
        self.reload()

    # --- login credentials --------------------------------------------------------------

    @Slot()
    def _on_reset_password(self) -> None:
        state = self.state
        if state is None:
            return
        dialog = ResetPasswordDialog(self._services, self._runner, self._actor, state.user,
                                     state.policy, state.account_name, self)  # fmt: skip
        dialog.password_reset.connect(self._on_password_reset)
        dialog.reload_requested.connect(self.reload)
        self._open(dialog)

    def _on_password_reset(self, result: ResetResult) -> None:
        if result.mode == ResetMode.SET_BY_USER:
            text = self.tr("A link to set a new password was emailed to %1; it works once, "
                           "until %2.").replace("%1", result.emailed_to or "")  # fmt: skip
            text = text.replace("%2", local_time(result.expires_at))
        elif result.emailed_to:
            text = self.tr("The new password was emailed to %1.").replace("%1", result.emailed_to)
        else:
            text = self.tr("The new password is set; tell the user yourself.")
        if result.must_change:
            text += " " + self.tr("The user must change it at next sign-in.")
        self._on_dialog_changed(text)

    @Slot()
    def _on_delete_password(self) -> None:
        state = self.state
        if state is None:
            return
        services, actor, name, version = (self._services, self._actor, self.user_name,
                                          state.user.version)  # fmt: skip
        self._confirm_delete_password(
            lambda: self._change(
                lambda: services.passwords.delete(actor, name, expected_version=version),
                FieldErrors(self.password_error),
                lambda _r: self._say(self.tr("The login password was deleted.")),
            )
        )

    def _confirm_delete_password(self, on_yes: Callable[[], None]) -> QMessageBox:
        """Ask before deleting the password (tests may replace this)."""
        return confirm(
            self, "confirmDeletePassword", self.tr("Delete Password"),
            self.tr("Delete the login password of %1? The user can no longer sign in with a "
                    "password until a new one is set.").replace("%1", self.user_name),
            on_yes,
        )  # fmt: skip

    def _on_change_contact(self, field: str) -> None:
        state = self.state
        if state is None:
            return
        dialog = ContactDialog(self._services, self._runner, self._actor, state.user, field, self)
        dialog.contact_changed.connect(lambda _d: self._on_dialog_changed())
        dialog.reload_requested.connect(self.reload)
        self._open(dialog)

    def _on_remove_contact(self, field: str) -> None:
        state = self.state
        if state is None:
            return
        services, actor, name, version = (self._services, self._actor, self.user_name,
                                          state.user.version)  # fmt: skip
        errors = FieldErrors(
            self.mobile_error if field == ContactField.MOBILE else self.email_error,
            mobile=self.mobile_error, email=self.email_error,
        )  # fmt: skip
        self._confirm_remove_contact(
            field,
            lambda: self._change(
                lambda: services.contacts.clear(actor, name, field, expected_version=version),
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
            on_yes,
        )  # fmt: skip

    # --- MFA ----------------------------------------------------------------------------

    def _open_mfa(self, *, reset: bool) -> None:
        dialog = BindMfaDialog(self._services, self._runner, self._actor, self.user_name,
                               reset=reset, parent=self)  # fmt: skip
        dialog.mfa_bound.connect(
            lambda _s: self._on_dialog_changed(self.tr("The virtual MFA device is bound."))
        )
        dialog.enrollment_started.connect(self.reload)
        self._open(dialog)
        dialog.start()

    @Slot()
    def _on_bind_mfa(self) -> None:
        self._open_mfa(reset=False)

    @Slot()
    def _on_reset_mfa(self) -> None:
        self._confirm_reset_mfa(lambda: self._open_mfa(reset=True))

    def _confirm_reset_mfa(self, on_yes: Callable[[], None]) -> QMessageBox:
        """Ask before replacing the virtual MFA device (tests may replace this)."""
        return confirm(
            self, "confirmResetMfa", self.tr("Reset Virtual MFA Device"),
            self.tr("Replace the virtual MFA device of %1? Codes from the old device stop "
                    "working.").replace("%1", self.user_name),
            on_yes,
        )  # fmt: skip

    @Slot()
    def _on_unbind_mfa(self) -> None:
        services, actor, name = self._services, self._actor, self.user_name
        self._confirm_unbind_mfa(
            lambda: self._change(
                lambda: services.mfa.unbind(actor, name), FieldErrors(self.mfa_error),
                lambda _r: self._say(self.tr("The virtual MFA device was unbound.")),
            )
        )  # fmt: skip

    def _confirm_unbind_mfa(self, on_yes: Callable[[], None]) -> QMessageBox:
        """Ask before unbinding the virtual MFA device (tests may replace this)."""
        return confirm(
            self, "confirmUnbindMfa", self.tr("Unbind Virtual MFA Device"),
            self.tr("Unbind the virtual MFA device of %1?").replace("%1", self.user_name),
            on_yes,
        )  # fmt: skip

    @Slot()
    def _on_add_key(self) -> None:
        dialog = AddSecurityKeyDialog(self._services, self._runner, self._actor,
                                      self.user_name, device_lister=self.device_lister,
                                      parent=self)  # fmt: skip
        dialog.key_added.connect(
            lambda record: self._on_dialog_changed(
                self.tr("Security key %1 was added.").replace("%1", record.name))
        )  # fmt: skip
        self._open(dialog)
        dialog.find_devices()

    @Slot()
    def _on_unbind_key(self) -> None:
        key_name = _selected(self.key_table)
        if key_name is None:
            return
        services, actor, name = self._services, self._actor, self.user_name

        def _unbind(typed: str) -> None:
            self._change(
                lambda: services.security_keys.unbind(actor, name, key_name, confirm=typed),
                FieldErrors(self.key_error),
                lambda _r: self._say(
                    self.tr("Security key %1 was unbound.").replace("%1", key_name)),
            )  # fmt: skip

        self._ask_unbind_key(key_name, _unbind)

    def _ask_unbind_key(self, key_name: str, on_answer: Callable[[str], None]) -> QInputDialog:
        """Ask for the confirmation word before unbinding a key (tests may replace this)."""
        return ask_text(
            self, "confirmUnbindKey", self.tr("Unbind Security Key"),
            self.tr("The key %1 will no longer sign in %2. Type %3 to unbind it:")
            .replace("%1", key_name).replace("%2", self.user_name).replace("%3", CONFIRM_WORD),
            on_answer,
        )  # fmt: skip

    # --- login protection ---------------------------------------------------------------

    @Slot()
    def _on_apply_protection(self) -> None:
        state = self.state
        if state is None:
            return
        method = self.protection_method.currentData()
        api = self.api_protection.isChecked()
        services, actor, name, version = (self._services, self._actor, self.user_name,
                                          state.user.version)  # fmt: skip
        self._change(
            lambda: services.protection.set(
                actor, name, method=method, api=api, expected_version=version
            ),
            FieldErrors(self.protection_error),
            lambda _r: self._say(self.tr("Login protection was changed.")),
        )

    # --- access keys --------------------------------------------------------------------

    @Slot()
    def _on_create_access_key(self) -> None:
        """Create a key; its secret is shown once, so the answer is shown even when this tab
        is gone by then (its window closed, the console locked, another user opened)."""
        services, actor, name = self._services, self._actor, self.user_name
        errors = FieldErrors(self.access_key_error)
        errors.clear()
        self.create_access_key_button.setEnabled(False)  # one key per press
        host = _host_window(self)
        tab = self

        def _created(new: NewAccessKey) -> None:
            if shiboken6.isValid(tab) and tab.window().isVisible():
                tab._show_new_access_key(new)
                tab.changed.emit()
                tab.reload()
            else:
                deliver_new_access_key(new, host)

        def _failed(error: Exception) -> None:
            if shiboken6.isValid(tab):
                errors.show(error)
                tab._update_buttons()
            else:
                log.warning("creating an access key for %s failed: %s", name, error)

        # No context: the secret must reach the operator whatever happened to this tab.
        self._runner.run(lambda: services.access_keys.create(actor, name), _created, _failed)

    def _show_new_access_key(self, new: NewAccessKey) -> None:
        self._open(NewAccessKeyDialog(new, self))

    @Slot()
    def _on_toggle_access_key(self) -> None:
        key = self._selected_access_key()
        if key is None:
            return
        services, actor, name = self._services, self._actor, self.user_name
        activate = key.status != AccessKeyStatus.ACTIVE
        self._change(
            lambda: services.access_keys.set_status(actor, name, key.access_key_id, activate),
            FieldErrors(self.access_key_error),
        )

    @Slot()
    def _on_delete_access_key(self) -> None:
        key = self._selected_access_key()
        if key is None:
            return
        services, actor, name = self._services, self._actor, self.user_name
        key_id = key.access_key_id

        def _delete(typed: str | None) -> None:
            self._change(
                lambda: services.access_keys.delete(actor, name, key_id, confirm=typed),
                FieldErrors(self.access_key_error),
                lambda _r: self._say(self.tr("Access key %1 was deleted.").replace("%1", key_id)),
            )

        if key.status == AccessKeyStatus.ACTIVE:
            self._ask_delete_active_access_key(key_id, _delete)
        else:
            self._confirm_delete_access_key(key_id, lambda: _delete(None))

    def _ask_delete_active_access_key(
        self, key_id: str, on_answer: Callable[[str], None]
    ) -> QInputDialog:
        """Ask for an active key's id typed back before deleting it (tests may replace
        this)."""
        return ask_text(
            self, "confirmDeleteAccessKey", self.tr("Delete Access Key"),
            self.tr("Access key %1 is active: programs using it will stop working. Type "
                    "its ID to delete it:").replace("%1", key_id),
            on_answer,
        )  # fmt: skip

    def _confirm_delete_access_key(self, key_id: str, on_yes: Callable[[], None]) -> QMessageBox:
        """Ask before deleting an inactive key (tests may replace this)."""
        return confirm(
            self, "confirmDeleteAccessKey", self.tr("Delete Access Key"),
            self.tr("Delete the inactive access key %1?").replace("%1", key_id),
            on_yes,
        )  # fmt: skip

    @Slot()
    def _on_revoke_temporary(self) -> None:
        key_id = _selected(self.temporary_table)
        if key_id is None:
            return
        services, actor = self._services, self._actor
        self._confirm_revoke_temporary(
            key_id,
            lambda: self._change(
                lambda: services.temporary_credentials.revoke(actor, key_id),
                FieldErrors(self.temporary_error),
                lambda _r: self._say(
                    self.tr("Temporary credential %1 was revoked.").replace("%1", key_id)),
            ),
        )  # fmt: skip

    def _confirm_revoke_temporary(self, key_id: str, on_yes: Callable[[], None]) -> QMessageBox:
        """Ask before revoking a temporary credential (tests may replace this)."""
        return confirm(
            self, "confirmRevokeTemporary", self.tr("Revoke Temporary Credential"),
            self.tr("Revoke the temporary credential %1 now?").replace("%1", key_id),
            on_yes,
        )  # fmt: skip
