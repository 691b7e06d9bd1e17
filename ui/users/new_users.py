"""How users arrive from the users page: Create User (its one-time password shown over the new
user's details) and Import CSV; both tell the page what happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot

from app.services.user_creation import CreatedUser
from ui.session import Change
from ui.users.create_user_dialog import CreateUserDialog
from ui.users.import_dialog import ImportUsersDialog
from ui.widgets.one_time_password import OneTimePasswordDialog

if TYPE_CHECKING:
    from ui.users.users_page import UsersPage


class NewUsers(QObject):
    """Args: page: the users page (its session, login link, status line and details)."""

    def __init__(self, page: UsersPage) -> None:
        super().__init__(page)
        self._page = page

    def open_create_user(self) -> CreateUserDialog:
        page = self._page
        dialog = CreateUserDialog(page.session, page.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._on_created)
        dialog.rejected.connect(lambda: self._on_create_closed(dialog.creating))
        dialog.open()
        return dialog

    def _on_create_closed(self, creating: bool) -> None:
        """Closed while the store was creating the user: its answer goes nowhere, but the
        user may exist. The store's worker runs one task at a time, in order, so a refresh
        asked now lists the user if the create went through."""
        if creating:
            self._page.model.refresh()

    @Slot(object)
    def _on_created(self, created: CreatedUser) -> None:
        page, user = self._page, created.user
        link = page.login_link.text()  # the portal, where the new user signs in
        text = self.tr("User %1 created.")
        if link:
            text = self.tr("User %1 created; they sign in at %2.")
        page.status_message.emit(text.replace("%1", user.name).replace("%2", link))
        page.session.announce(Change(None, initiator=page))
        details = page.open_details(user.name)  # as the Huawei console does after Create
        if created.password is not None:
            shown = OneTimePasswordDialog(user.name, created.password, created.must_change,
                                          details, emailed_to=created.emailed_to)  # fmt: skip
            shown.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            shown.open()

    def open_import(self) -> ImportUsersDialog:
        """Import users from a CSV (all or nothing); the list re-reads after it."""
        page = self._page
        dialog = ImportUsersDialog(page.session, page.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(
            lambda n: page.status_message.emit(
                self.tr("%1 users imported.").replace("%1", f"{n:,}"))
        )  # fmt: skip
        dialog.open()
        return dialog
