"""The Users page's bulk actions: set-password links, enable, disable, unlock, login
protection, export; each offered as the operator's role allows (app/domain/roles.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMenu, QPushButton

from app.domain.roles import Permission, allows
from ui.session import Change, ConsoleSession
from ui.users import bulk_actions
from ui.users.bulk_actions import BulkResultDialog, run_bulk
from ui.users.user_table_model import PROTECTION_METHODS, protection_label
from ui.widgets.icons import icon
from ui.widgets.prompts import confirm

if TYPE_CHECKING:
    from ui.users.users_page import UsersPage


class BulkBar(QObject):
    """The bulk buttons of the Users page and what they do to the selected users.

    Args:
        session: the console session; page: the Users page (its selection, window, status
            line and error line).
    """

    def __init__(self, session: ConsoleSession, page: UsersPage) -> None:
        super().__init__(page)
        self._session, self._page = session, page
        self.links_button = QPushButton(icon("mail"), self.tr("Send Set-Password Links"))
        self.links_button.setObjectName("bulkSetPasswordLinks")
        self.links_button.clicked.connect(self._on_send_links)
        # A push button with a menu, not a tool button: it looks like its neighbours.
        self.more_button = QPushButton(icon("more"), self.tr("More"))
        self.more_button.setObjectName("bulkMore")
        menu = QMenu(self.more_button)
        self.enable_action = self._action(menu, "bulkEnable", "enable", self.tr("Enable"))
        self.enable_action.triggered.connect(lambda: self._on_set_enabled(True))
        self.disable_action = self._action(menu, "bulkDisable", "disable", self.tr("Disable"))
        self.disable_action.triggered.connect(lambda: self._on_set_enabled(False))
        self.protection_action = self._action(
            menu, "bulkProtection", "shield", self.tr("Set Login Protection…")
        )
        self.protection_action.triggered.connect(self._on_set_protection)
        self.unlock_action = self._action(menu, "bulkUnlock", "unlock", self.tr("Unlock"))
        self.unlock_action.triggered.connect(self._on_unlock)
        menu.addSeparator()
        # the page connects it: the export asks for a file and writes on a worker
        self.export_action = self._action(menu, "bulkExport", "export",
                                          self.tr("Export Selected…"))  # fmt: skip
        self.more_button.setMenu(menu)
        menu.setToolTipsVisible(True)
        self._permissions = {
            self.links_button: Permission.RESET_PASSWORD,
            self.enable_action: Permission.MANAGE_USERS,
            self.disable_action: Permission.MANAGE_USERS,
            self.protection_action: Permission.MANAGE_CREDENTIALS,
            self.unlock_action: Permission.UNLOCK,
            self.export_action: Permission.VIEW_USERS,
        }

    def _action(self, menu: QMenu, name: str, icon_name: str, text: str) -> QAction:
        action = menu.addAction(icon(icon_name), text)
        action.setObjectName(name)
        return action

    def update(self, selected: bool) -> None:
        """Enable the bulk actions while users are selected, those the role allows."""
        role = self._session.actor.role
        for widget, permission in self._permissions.items():
            allowed = allows(role, permission)
            widget.setEnabled(allowed and (selected or isinstance(widget, QAction)))
            widget.setToolTip("" if allowed else self.tr("Your role does not allow this."))
            widget.setProperty("permission", permission.value)
        self.more_button.setEnabled(selected)

    @Slot()
    def _on_send_links(self) -> None:
        names = self._page.selected_names()
        if names:
            self._confirm_bulk(
                self.tr("Send Set-Password Links"),
                self.tr(
                    "Email a set-password link to %1 user(s)? Each link works once, for 24 "
                    "hours, and voids any earlier link."
                ).replace("%1", str(len(names))),
                names,
                bulk_actions.send_set_password_links(
                    self._session.services, self._session.actor
                ),  # fmt: skip
            )

    def _on_set_enabled(self, enabled: bool) -> None:
        names = self._page.selected_names()
        if not names:
            return
        title = self.tr("Enable Users") if enabled else self.tr("Disable Users")
        text = (
            self.tr("Enable %1 user(s)?")
            if enabled
            else self.tr("Disable %1 user(s)? They can no longer sign in.")
        )
        action = bulk_actions.set_enabled(self._session.services, self._session.actor, enabled)
        self._confirm_bulk(title, text.replace("%1", str(len(names))), names, action)

    @Slot()
    def _on_unlock(self) -> None:
        names = self._page.selected_names()
        if names:
            title = self.tr("Unlock Users")
            text = self.tr("Unlock %1 user(s)? Their failed sign-ins are forgotten.")
            action = bulk_actions.unlock(self._session.services, self._session.actor)
            self._confirm_bulk(title, text.replace("%1", str(len(names))), names, action)

    @Slot()
    def _on_set_protection(self) -> None:
        names = self._page.selected_names()
        if names:
            self._ask_protection_method(names)

    def _ask_protection_method(self, names: list[str]) -> QInputDialog:
        """Ask which login protection to set (tests answer the dialog)."""
        dialog = QInputDialog(self._page.window())
        dialog.setObjectName("bulkProtectionMethod")
        dialog.setWindowTitle(self.tr("Set Login Protection"))
        dialog.setLabelText(
            self.tr("Login protection for %1 user(s):").replace("%1", str(len(names)))
        )
        labels = [protection_label(method) for method in PROTECTION_METHODS]
        dialog.setComboBoxItems(labels)
        dialog.setComboBoxEditable(False)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        services, actor = self._session.services, self._session.actor

        def _chosen(label: str) -> None:
            method = PROTECTION_METHODS[labels.index(label)]
            self.run_bulk(self.tr("Set Login Protection"), names,
                          bulk_actions.set_login_protection(services, actor, method))  # fmt: skip

        dialog.textValueSelected.connect(_chosen)
        dialog.open()
        return dialog

    def _confirm_bulk(self, title: str, text: str, names: list[str],
                      action: bulk_actions.Action) -> None:  # fmt: skip
        """Ask before a bulk action (tests answer the box)."""
        confirm(self._page.window(), "confirmBulkAction", title, text,
                lambda: self.run_bulk(title, names, action))  # fmt: skip

    def run_bulk(self, title: str, names: list[str], action: bulk_actions.Action) -> None:
        """Run ``action`` for each user on a worker, then show the per-user results."""
        page = self._page
        page.status_message.emit(self.tr("Working on %1 user(s)…").replace("%1", str(len(names))))
        self._session.runner.run(
            lambda: run_bulk(names, action),
            lambda outcomes: self._on_bulk_done(title, outcomes),
            self._on_bulk_failed,
            context=self,
        )

    def _on_bulk_failed(self, error: Exception) -> None:
        self._page.status_message.emit("")  # "Working on …" is over
        self._page.error.show_error(error)

    def _on_bulk_done(self, title: str, outcomes: list[bulk_actions.BulkOutcome]) -> None:
        done = sum(1 for outcome in outcomes if outcome.ok)
        self._page.status_message.emit(  # replaces "Working on …"
            self.tr("Done: %1 of %2 user(s) changed.").replace("%1", str(done))
            .replace("%2", str(len(outcomes)))
        )  # fmt: skip
        self.show_bulk_result(title, outcomes)
        self._session.announce(Change(None, initiator=self))

    def show_bulk_result(self, title: str, outcomes: list[bulk_actions.BulkOutcome]) -> None:
        dialog = BulkResultDialog(title, outcomes, self._page.window())
        dialog.open()
