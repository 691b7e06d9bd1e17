"""Access Keys: create (the secret shown once), enable or disable, delete."""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QMessageBox, QVBoxLayout

from app.domain.roles import Permission
from app.domain.vocabulary import MAX_ACCESS_KEYS, AccessKeyStatus
from app.services.records import AccessKeyRecord, NewAccessKey
from ui.session import ConsoleSession
from ui.user_details.security_settings.access_key_dialog import (
    NewAccessKeyDialog,
    deliver_new_access_key,
)
from ui.user_details.security_settings.section import (
    Section,
    SecurityState,
    fill_table,
    host_window,
    selected_id,
    short_table,
)
from ui.widgets.formatting import local_time
from ui.widgets.inline_error import FieldErrors, InlineError
from ui.widgets.prompts import ask_text, confirm

log = logging.getLogger(__name__)


class AccessKeysSection(Section):
    """The user's permanent access keys (at most MAX_ACCESS_KEYS)."""

    def __init__(self, session: ConsoleSession, user_name: str) -> None:
        super().__init__(session, user_name)
        self.setTitle(self.tr("Access Keys"))
        self.setObjectName("accessKeySection")
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.access_key_caption = QLabel()
        self.access_key_caption.setObjectName("accessKeyCount")
        self.create_access_key_button = self.button(
            "createAccessKeyButton", self.tr("Create Access Key"), self._on_create_access_key
        )
        self.toggle_access_key_button = self.button(
            "toggleAccessKeyButton", self.tr("Disable"), self._on_toggle_access_key
        )
        self.delete_access_key_button = self.button(
            "deleteAccessKeyButton", self.tr("Delete"), self._on_delete_access_key
        )
        head.addWidget(self.access_key_caption, 1)
        for button in (self.create_access_key_button, self.toggle_access_key_button,
                       self.delete_access_key_button):  # fmt: skip
            head.addWidget(button)
        layout.addLayout(head)
        self.access_key_table = short_table(
            "accessKeyTable",
            [self.tr("Access key ID"), self.tr("Status"), self.tr("Created"),
             self.tr("Last used")],
            stretch=0,
        )  # fmt: skip
        self.access_key_table.setAccessibleName(self.tr("Access keys"))
        self.access_key_table.itemSelectionChanged.connect(self.update_buttons)
        layout.addWidget(self.access_key_table)
        self.access_key_error = InlineError("accessKeyError")
        layout.addWidget(self.access_key_error)

    def error_lines(self) -> list[InlineError]:
        return [self.access_key_error]

    def show_state(self, state: SecurityState | None) -> None:
        self.state = state
        if state is not None:
            self.access_key_caption.setText(
                self.tr("Access keys: %1 of %2").replace("%1", str(len(state.access_keys)))
                .replace("%2", str(MAX_ACCESS_KEYS))
            )  # fmt: skip
            fill_table(self.access_key_table, [
                (k.access_key_id, [k.access_key_id,
                                   self.tr("Active") if k.status == AccessKeyStatus.ACTIVE
                                   else self.tr("Inactive"),
                                   local_time(k.created_at),
                                   local_time(k.last_used_at, self.tr("Never"))])
                for k in state.access_keys
            ], self.tr("No access keys"))  # fmt: skip
        self.update_buttons()

    @Slot()
    def update_buttons(self) -> None:
        state = self.state
        manage = Permission.MANAGE_CREDENTIALS
        full = state is not None and len(state.access_keys) >= MAX_ACCESS_KEYS
        self.enable(self.create_access_key_button, manage, self.tr(
            "The user has %1 of %2 access keys.").replace("%1", str(MAX_ACCESS_KEYS))
            .replace("%2", str(MAX_ACCESS_KEYS)) if full else None)  # fmt: skip
        key = self.selected_access_key()
        pick = None if key is not None else self.tr("Select an access key first.")
        self.enable(self.toggle_access_key_button, manage, pick)
        self.toggle_access_key_button.setText(
            self.tr("Enable")
            if key is not None and key.status != AccessKeyStatus.ACTIVE
            else self.tr("Disable")
        )
        self.enable(self.delete_access_key_button, manage, pick)

    def selected_access_key(self) -> AccessKeyRecord | None:
        ident = selected_id(self.access_key_table)
        if self.state is None or ident is None:
            return None
        return next((k for k in self.state.access_keys if k.access_key_id == ident), None)

    @Slot()
    def _on_create_access_key(self) -> None:
        """Create a key; its secret is shown once, so the answer is shown even when this
        section is gone by then (its window closed, the console locked, another user
        opened)."""
        name = self.user_name
        errors = FieldErrors(self.access_key_error)
        errors.clear()
        self.create_access_key_button.setEnabled(False)  # one key per press
        host = host_window(self)
        section = self

        def _created(new: NewAccessKey) -> None:
            if shiboken6.isValid(section) and section.window().isVisible():
                section.open_dialog(NewAccessKeyDialog(new, section))
            else:
                deliver_new_access_key(new, host)

        def _failed(error: Exception) -> None:
            if shiboken6.isValid(section):
                errors.show(error)
                section.update_buttons()
            else:
                log.warning("creating an access key for %s failed: %s", name, error)

        # No context: the secret must reach the operator whatever happened to this section.
        self.session.change(lambda s, actor: s.access_keys.create(actor, name),
                            self.changed_user(), _created, _failed)  # fmt: skip

    @Slot()
    def _on_toggle_access_key(self) -> None:
        key = self.selected_access_key()
        if key is None:
            return
        name, key_id = self.user_name, key.access_key_id
        activate = key.status != AccessKeyStatus.ACTIVE
        self.change(
            lambda s, actor: s.access_keys.set_status(actor, name, key_id, activate),
            FieldErrors(self.access_key_error),
        )

    @Slot()
    def _on_delete_access_key(self) -> None:
        key = self.selected_access_key()
        if key is None:
            return
        name, key_id = self.user_name, key.access_key_id

        def _delete(typed: str | None) -> None:
            self.change(
                lambda s, actor: s.access_keys.delete(actor, name, key_id, confirm=typed),
                FieldErrors(self.access_key_error),
                self.tr("Access key %1 was deleted.").replace("%1", key_id),
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
            on_yes, yes_text=self.tr("Delete access key"), destructive=True,
        )  # fmt: skip
