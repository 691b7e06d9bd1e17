"""Temporary Access Credentials: the ones in force, and revoking one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QVBoxLayout

from app.domain.roles import Permission
from ui.session import ConsoleSession
from ui.user_details.security_settings.section import (
    Section,
    SecurityState,
    fill_table,
    selected_id,
    short_table,
)
from ui.widgets.formatting import local_time
from ui.widgets.inline_error import FieldErrors, InlineError
from ui.widgets.prompts import confirm


class TemporaryCredentialsSection(Section):
    """Temporary credentials issued to the user (the identity API's STS), revocable."""

    def __init__(self, session: ConsoleSession, user_name: str) -> None:
        super().__init__(session, user_name)
        self.setTitle(self.tr("Temporary Access Credentials"))
        self.setObjectName("temporaryCredentialSection")
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.temporary_caption = QLabel()
        self.temporary_caption.setObjectName("temporaryCredentialCount")
        self.revoke_temporary_button = self.button(
            "revokeTemporaryCredentialButton", self.tr("Revoke"), self._on_revoke_temporary
        )
        head.addWidget(self.temporary_caption, 1)
        head.addWidget(self.revoke_temporary_button)
        layout.addLayout(head)
        self.temporary_table = short_table(
            "temporaryCredentialTable",
            [self.tr("Access key ID"), self.tr("Permission set"), self.tr("Issued"),
             self.tr("Expires")],
            stretch=0,
        )  # fmt: skip
        self.temporary_table.setAccessibleName(self.tr("Temporary access credentials"))
        self.temporary_table.itemSelectionChanged.connect(self.update_buttons)
        layout.addWidget(self.temporary_table)
        self.temporary_error = InlineError("temporaryCredentialError")
        layout.addWidget(self.temporary_error)

    def error_lines(self) -> list[InlineError]:
        return [self.temporary_error]

    def show_state(self, state: SecurityState | None) -> None:
        self.state = state
        if state is not None:
            self.temporary_caption.setText(
                self.tr("%1 in force").replace("%1", str(len(state.temporary)))
            )
            fill_table(self.temporary_table, [
                (c.access_key_id, [c.access_key_id, c.permission_set, local_time(c.created_at),
                                   local_time(c.expires_at)])
                for c in state.temporary
            ], self.tr("No temporary credentials in force"))  # fmt: skip
        self.update_buttons()

    @Slot()
    def update_buttons(self) -> None:
        self.enable(self.revoke_temporary_button, Permission.MANAGE_CREDENTIALS,
                    None if selected_id(self.temporary_table)
                    else self.tr("Select a temporary credential first."))  # fmt: skip

    @Slot()
    def _on_revoke_temporary(self) -> None:
        key_id = selected_id(self.temporary_table)
        if key_id is None:
            return
        self._confirm_revoke_temporary(
            key_id,
            lambda: self.change(
                lambda s, actor: s.temporary_credentials.revoke(actor, key_id),
                FieldErrors(self.temporary_error),
                self.tr("Temporary credential %1 was revoked.").replace("%1", key_id),
            ),
        )

    def _confirm_revoke_temporary(self, key_id: str, on_yes: Callable[[], None]) -> QMessageBox:
        """Ask before revoking a temporary credential (tests may replace this)."""
        return confirm(
            self, "confirmRevokeTemporary", self.tr("Revoke Temporary Credential"),
            self.tr("Revoke the temporary credential %1 now?").replace("%1", key_id),
            on_yes, yes_text=self.tr("Revoke credential"), destructive=True,
        )  # fmt: skip
