"""The Security Settings tab of a user's details, laid out like Huawei Cloud IAM's: one
section per area, the state read in one service call, re-read when the session announces a
change to this user."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialog, QFrame, QScrollArea, QVBoxLayout, QWidget

from ui.session import Change, ConsoleSession
from ui.user_details.security_settings.access_keys import AccessKeysSection
from ui.user_details.security_settings.credentials import CredentialsSection
from ui.user_details.security_settings.key_dialog import DeviceLister
from ui.user_details.security_settings.login_protection import LoginProtectionSection
from ui.user_details.security_settings.mfa_keys import MfaKeysSection
from ui.user_details.security_settings.section import Section, SecurityState, read_state
from ui.user_details.security_settings.sign_in_lock import SignInLockSection
from ui.user_details.security_settings.temporary_credentials import (
    TemporaryCredentialsSection,
)
from ui.widgets.inline_error import InlineError, message_of
from ui.widgets.labels import value_label


class SecuritySettingsTab(QWidget):
    """A user's Security Settings: login credentials, MFA, login protection, access keys.

    Args:
        session: the console session (services, operator, runner, change signal).
        user_name: the user shown.
        device_lister: finds security keys (tests pass a software key's lister).

    Signals:
        changed(): after a change made from this tab went through.
        state_loaded(): the tab shows fresh state (after ``reload()``).
    """

    changed = Signal()
    state_loaded = Signal()

    def __init__(self, session: ConsoleSession, user_name: str, parent: QWidget | None = None,
                 *, device_lister: DeviceLister | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("securitySettingsTab")
        self.session = session
        self.user_name = user_name
        self.state: SecurityState | None = None
        self.active_dialog: QDialog | None = None
        self._loading = self._reload_again = False

        self.notice = value_label("securityNotice")
        self.notice.setVisible(False)
        self.load_error = InlineError("securityLoadError")
        self.load_error.reload_requested.connect(self.reload)
        self.lock = SignInLockSection(session, user_name)
        self.credentials = CredentialsSection(session, user_name)
        self.mfa = MfaKeysSection(session, user_name, device_lister)
        self.protection = LoginProtectionSection(session, user_name)
        self.access_keys = AccessKeysSection(session, user_name)
        self.temporary = TemporaryCredentialsSection(session, user_name)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.notice)
        column.addWidget(self.load_error)
        for section in self.sections:
            column.addWidget(section)
            section.notice.connect(self._say)
            section.dialog_opened.connect(self._on_dialog_opened)
            section.reload_requested.connect(self.reload)
            for line in section.error_lines():
                line.reload_requested.connect(self.reload)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        session.changed.connect(self._on_session_changed)
        self._show_state()
        self.reload()

    @property
    def sections(self) -> tuple[Section, ...]:
        return (
            self.lock,
            self.credentials,
            self.mfa,
            self.protection,
            self.access_keys,
            self.temporary,
        )

    @property
    def device_lister(self) -> DeviceLister | None:
        return self.mfa.device_lister

    @device_lister.setter
    def device_lister(self, lister: DeviceLister | None) -> None:
        self.mfa.device_lister = lister

    # --- state --------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        """Re-read the user's security state (on a worker)."""
        if self._loading:  # read again once the running read is back: it may predate a change
            self._reload_again = True
            return
        self._loading, self._reload_again = True, False
        name = self.user_name
        self.session.run(lambda services, actor: read_state(services, actor, name),
                         self._on_loaded, self._on_load_failed, context=self)  # fmt: skip

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
        for section in self.sections:
            section.show_state(self.state)

    @Slot(object)
    def _on_session_changed(self, change: Change) -> None:
        if change.deleted or not change.concerns(self.user_name):
            return
        if change.initiator in self.sections:
            self.changed.emit()
        self.reload()

    # --- notices and dialogs ------------------------------------------------------------

    @Slot(str)
    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    @Slot(QDialog)
    def _on_dialog_opened(self, dialog: QDialog) -> None:
        """Tests find the open dialog here. No lambda holds the tab and the dialog: a
        closure cycle left the tab to the garbage collector, whose late teardown of the
        widget tree crashed."""
        self.active_dialog = dialog
        dialog.finished.connect(self._on_dialog_finished)
        self._say("")  # a new action: the last one's notice is stale

    @Slot()
    def _on_dialog_finished(self) -> None:
        if self.sender() is self.active_dialog:
            self.active_dialog = None
