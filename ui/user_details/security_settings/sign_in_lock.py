"""Sign-in Lock: whether failed sign-ins locked the user, until when, and Unlock."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout

from app.domain.roles import Permission
from ui.session import ConsoleSession
from ui.user_details.security_settings.section import Section, SecurityState
from ui.widgets.formatting import local_time
from ui.widgets.inline_error import FieldErrors, InlineError
from ui.widgets.labels import value_label


class SignInLockSection(Section):
    """The lock that failed sign-ins put on the user: its reason, "until", the failed
    attempts counted and the last failed sign-in, with Unlock beside it (the Basic
    Information tab had the only Unlock)."""

    def __init__(self, session: ConsoleSession, user_name: str) -> None:
        super().__init__(session, user_name)
        self.setTitle(self.tr("Sign-in Lock"))
        self.setObjectName("signInLockSection")
        grid = self.grid()
        QVBoxLayout(self).addLayout(grid)
        self.lock_value = value_label("signInLockStatus")
        self.lock_value.setWordWrap(True)
        self.unlock_button = self.button("securityUnlockButton", self.tr("Unlock"),
                                         self._on_unlock)  # fmt: skip
        self.lock_error = InlineError("signInLockError")
        self.add_row(grid, 0, self.tr("Status"), self.lock_value, [self.unlock_button],
                     self.lock_error)  # fmt: skip
        self.failures_value = value_label("failedSignIns")
        grid.addWidget(QLabel(self.tr("Failed sign-ins")), 2, 0)
        grid.addWidget(self.failures_value, 2, 1, 1, 2)

    def error_lines(self) -> list[InlineError]:
        return [self.lock_error]

    def show_state(self, state: SecurityState | None) -> None:
        self.state = state
        if state is None:
            self.lock_value.setText(self.tr("Loading…"))
            self.failures_value.setText("")
        else:
            user = state.user
            if user.locked:
                self.lock_value.setText(
                    self.tr("Locked after too many failed sign-ins, until %1.")
                    .replace("%1", local_time(user.locked_until))
                )  # fmt: skip
            else:
                self.lock_value.setText(self.tr("Not locked."))
            if state.failed_attempts or state.last_failed_at:
                self.failures_value.setText(
                    self.tr("Last failed sign-in: %1. Counted towards the next lock: %2.")
                    .replace("%1", local_time(state.last_failed_at, self.tr("not recorded")))
                    .replace("%2", str(state.failed_attempts))
                )  # fmt: skip
            else:
                self.failures_value.setText(self.tr("None."))
        self.update_buttons()

    def update_buttons(self) -> None:
        state = self.state
        lockable = state is not None and (state.user.locked or state.failed_attempts > 0)
        self.enable(self.unlock_button, Permission.UNLOCK,
                    None if lockable else self.tr("The user is not locked."))  # fmt: skip
        if self.unlock_button.isEnabled():
            self.unlock_button.setToolTip(
                self.tr("Clear the lock and the failed sign-ins counted so far.")
            )

    @Slot()
    def _on_unlock(self) -> None:
        name = self.user_name
        self.change(
            lambda s, actor: s.users.unlock(actor, name),
            FieldErrors(self.lock_error),
            self.tr("%1 is unlocked.").replace("%1", name),
        )
