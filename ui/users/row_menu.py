"""The Users page's context menu on a row: Security Settings, Reset Password, Unlock, Enable or
Disable, Copy name or email; what the operator's role may not do is disabled and says why
(the services' own table, app/domain/roles.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QPoint, Qt, Slot
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from app.domain.roles import Permission, Role, allows
from app.domain.vocabulary import UserStatus
from app.services.records import UserSummary
from ui.session import Change
from ui.user_details.details_dialog import SECURITY
from ui.users.user_table_model import SUMMARY_ROLE
from ui.widgets.icons import icon

if TYPE_CHECKING:
    from ui.users.users_page import UsersPage


def _t(text: str) -> str:
    return QCoreApplication.translate("RowMenu", text)


def why_not(role: Role, permission: Permission, target_role: str | None) -> str | None:
    """None when ``role`` may do ``permission`` to a user of ``target_role`` (None: to any
    user, as viewing is), else why not (app.domain.roles.require, in words for a tooltip)."""
    if not allows(role, permission):
        return _t("Your role does not allow this.")
    if role is Role.HELPDESK and target_role not in (None, Role.NONE.value):
        return _t("Helpdesk operators act on users without an operator role only.")
    return None


class RowMenu(QObject):
    """Builds the menu for one user's row (``menu_for``) and does what it offers."""

    def __init__(self, page: UsersPage) -> None:
        super().__init__(page)
        self._page = page

    @Slot(QPoint)
    def show_at(self, pos: QPoint) -> None:
        """The menu of the row at ``pos`` (the table's viewport); the row is selected first
        unless it already is (a menu on a selection keeps it)."""
        table = self._page.table
        index = table.indexAt(pos)
        if not index.isValid():
            return
        if not table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            table.selectRow(index.row())
        menu = self.menu_for(index.data(SUMMARY_ROLE), table)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.show_menu(menu, table.viewport().mapToGlobal(pos))

    def show_menu(self, menu: QMenu, where: QPoint) -> None:
        """Show the menu (tests replace this)."""
        menu.popup(where)

    def menu_for(self, user: UserSummary, parent: QWidget) -> QMenu:
        """The menu for ``user`` (shown by the page; tests trigger its actions)."""
        page, role, name = self._page, self._page.session.actor.role, user.name
        menu = QMenu(parent)
        menu.setObjectName("userRowMenu")
        menu.setToolTipsVisible(True)  # a disabled action says why

        def add(key: str, icon_name: str, text: str, slot: Callable[[], None],
                permission: Permission | None, reason: str | None = None) -> QAction:  # fmt: skip
            action = menu.addAction(icon(icon_name), text)
            action.setObjectName(key)
            if permission is not None:
                target = None if permission is Permission.VIEW_USERS else user.role
                reason = why_not(role, permission, target) or reason
                action.setProperty("permission", permission.value)
            action.setEnabled(reason is None)
            action.setToolTip(reason or text)
            action.triggered.connect(slot)
            return action

        add("rowSecuritySettings", "shield", _t("Security Settings"),
            lambda: page.open_details(name, SECURITY), Permission.VIEW_USERS)  # fmt: skip
        add("rowResetPassword", "key", _t("Reset Password…"),
            lambda: page.reset_password(name), Permission.RESET_PASSWORD)  # fmt: skip
        add("rowUnlock", "unlock", _t("Unlock"), lambda: self._unlock(name), Permission.UNLOCK,
            None if user.locked else _t("The user is not locked."))  # fmt: skip
        enabled = user.status == UserStatus.ENABLED
        add("rowToggleEnabled", "disable" if enabled else "enable",
            _t("Disable") if enabled else _t("Enable"),
            lambda: self._set_enabled(name, not enabled), Permission.MANAGE_USERS)  # fmt: skip
        menu.addSeparator()
        add("rowCopyName", "copy", _t("Copy Name"), lambda: self._copy(name), None)
        add("rowCopyEmail", "copy", _t("Copy Email"), lambda: self._copy(user.email or ""),
            None, None if user.email else _t("No email address is bound."))  # fmt: skip
        return menu

    def _unlock(self, name: str) -> None:
        said = _t("%1 is unlocked.").replace("%1", name)
        self._change(lambda s, actor: s.users.unlock(actor, name), name, said)

    def _set_enabled(self, name: str, enabled: bool) -> None:
        said = (_t("%1 is enabled.") if enabled else _t("%1 is disabled.")).replace("%1", name)
        self._change(lambda s, actor: s.users.set_enabled(actor, name, enabled), name, said)

    def _change(self, fn: Callable[..., object], name: str, said: str) -> None:
        page = self._page
        page.session.change(fn, Change(name, initiator=self),
                            lambda _: page.status_message.emit(said), page.error.show_error,
                            context=page)  # fmt: skip

    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self._page.status_message.emit(_t("Copied %1.").replace("%1", text))
