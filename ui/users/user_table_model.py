"""The user list as a lazily paged table model: search and sort run in the store."""

from __future__ import annotations

import logging
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from app.domain.vocabulary import LoginProtection, MfaState, UserStatus, values
from app.services import Services
from app.services.records import Actor, UserPage, UserSummary
from ui.tasks import TaskRunner
from ui.widgets.formatting import local_time

log = logging.getLogger(__name__)

PAGE = 100
NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # the user's name: selections resolve through it
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    STATUS = 1
    EMAIL = 2
    MOBILE = 3
    MFA = 4
    PROTECTION = 5
    ACCESS_KEYS = 6
    LAST_LOGIN = 7
    CREATED = 8
    OPERATION = 9


SORT_KEYS: dict[Column, str] = {
    Column.NAME: "name",
    Column.STATUS: "status",
    Column.EMAIL: "email",
    Column.CREATED: "created",
    Column.LAST_LOGIN: "last_login",
}


def _t(text: str) -> str:
    return QCoreApplication.translate("UserTableModel", text)


class UserTableModel(QAbstractTableModel):
    """Pages of ``services.users.list`` fetched on the TaskRunner as the view scrolls. Each
    row's record carries its MFA and key counts: painting never calls a service.

    A new query (search, sort, refresh) while one is running does not queue behind it: the
    running one's answer is dropped when it comes, and only the newest query is then asked.

    Args:
        services: the service layer (called only through ``runner``).
        runner: runs the queries off the GUI thread.
        actor: the signed-in operator.

    Signals:
        loaded(): the first page of a new query (search, sort, refresh) is in.
        failed(object): a query failed; the error for the page to show.
    """

    loaded = Signal()
    failed = Signal(object)

    def __init__(self, services: Services, runner: TaskRunner, actor: Actor,
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._services, self._runner, self._actor = services, runner, actor
        self._rows: list[UserSummary] = []
        self._total: int | None = 0
        self._exact = True
        self._more = False
        self._search = ""
        self._sort = "name"
        self._descending = False
        self._generation = 0  # bumped by every new query; older answers are dropped
        self._fetching = False
        self._querying = False  # a first-page query is on the worker

    # --- the query ---------------------------------------------------------------------

    @property
    def search(self) -> str:
        return self._search

    @property
    def sort_key(self) -> str:
        return self._sort

    @property
    def descending(self) -> bool:
        return self._descending

    @property
    def total(self) -> int | None:
        return self._total

    @property
    def total_exact(self) -> bool:
        return self._exact

    @property
    def loading(self) -> bool:
        return self._fetching

    def set_search(self, text: str) -> None:
        self._search = text.strip()
        self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(Column(column)) if 0 <= column < len(Column) else None
        if key is None:
            return
        self._sort = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    def refresh(self) -> None:
        """Ask the store for the first page of the current query (older answers are dropped).

        While a first-page query runs, a new one waits for it rather than queueing behind
        it: typing faster than the store answers asks only for the latest text."""
        self._generation += 1
        self._fetching = True
        if not self._querying:
            self._query_first_page()

    def _query_first_page(self) -> None:
        self._querying = True
        generation = self._generation
        search, sort, descending = self._search, self._sort, self._descending
        services, actor = self._services, self._actor

        def query() -> UserPage:
            return services.users.list(
                actor, search=search or None, sort=sort, descending=descending, limit=PAGE
            )

        self._runner.run(
            query,
            lambda page: self._on_first_page(generation, page),
            lambda exc: self._on_first_page_failed(generation, exc),
            context=self,
        )

    def _on_first_page(self, generation: int, page: UserPage) -> None:
        self._querying = False
        if generation != self._generation:  # a newer query came meanwhile: ask that one
            self._query_first_page()
            return
        self.beginResetModel()
        self._rows = list(page.rows)
        self._total, self._exact = page.total, page.total_exact
        self._more = len(page.rows) == PAGE
        self._fetching = False
        self.endResetModel()
        self.loaded.emit()

    def _on_first_page_failed(self, generation: int, exc: Exception) -> None:
        self._querying = False
        if generation != self._generation:
            self._query_first_page()
            return
        self._on_failed(generation, exc)

    def _on_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self.failed.emit(exc)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._fetching:
            return False
        if self._total is not None and self._exact:
            return len(self._rows) < self._total
        return self._more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, offset = self._generation, len(self._rows)
        search, sort, descending = self._search, self._sort, self._descending
        services, actor = self._services, self._actor

        def query() -> UserPage:
            return services.users.list(
                actor, search=search or None, sort=sort, descending=descending,
                offset=offset, limit=PAGE, with_total=False,
            )  # fmt: skip

        self._runner.run(
            query,
            lambda page: self._on_next_page(generation, offset, page),
            lambda exc: self._on_failed(generation, exc),
            context=self,
        )

    def _on_next_page(self, generation: int, offset: int, page: UserPage) -> None:
        if generation != self._generation or offset != len(self._rows):
            return
        self._fetching = False
        self._more = len(page.rows) == PAGE
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()

    def replace_user(self, user: UserSummary) -> None:
        """Show a changed user in place (after an edit in its details: its record carries
        the new credential counts too)."""
        for row, current in enumerate(self._rows):
            if current.id == user.id:
                self._rows[row] = user
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
                return

    def user_at(self, row: int) -> UserSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def loaded_rows(self) -> list[UserSummary]:
        return list(self._rows)

    # --- the table ---------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[Column(section)]()
        if role == Qt.ItemDataRole.ToolTipRole and Column(section) not in SORT_KEYS:
            return _t("This column cannot be sorted")
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks each visible cell for a dozen roles on every paint: answer the ones
        # this model has nothing for before any other work.
        if role not in _ROLES or not index.isValid() or index.row() >= len(self._rows):
            return None
        user = self._rows[index.row()]
        column = _COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(user, column)
        if role == NAME_ROLE:
            return user.name
        if role == ID_ROLE:
            return user.id
        if role == SUMMARY_ROLE:
            return user
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.NAME and user.display_name:
                return user.display_name
            if column == Column.STATUS and user.locked:
                return _t("Locked after too many failed sign-ins")
            if column == Column.OPERATION:
                return _t("Open this user's security settings")
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            palette = QGuiApplication.palette()
            if column == Column.OPERATION:
                return palette.brush(QPalette.ColorRole.Link)
            if column == Column.STATUS and user.status != UserStatus.ENABLED:
                return palette.brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            return None
        if role == Qt.ItemDataRole.FontRole and column == Column.OPERATION:
            font = QFont()
            font.setUnderline(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(user, column)
        return None

    def _display(self, user: UserSummary, column: Column) -> str:
        if column == Column.NAME:
            return user.name
        if column == Column.STATUS:
            return status_text(user.status == UserStatus.ENABLED, user.locked)
        if column == Column.EMAIL:
            return user.email or "—"
        if column == Column.MOBILE:
            return user.mobile or "—"
        if column == Column.PROTECTION:
            return protection_label(user.login_protection)
        if column == Column.LAST_LOGIN:
            return local_time(user.last_login_at, _t("Never"))
        if column == Column.CREATED:
            return local_time(user.created_at)
        if column == Column.OPERATION:
            return _t("Security Settings")
        if column == Column.MFA:
            return self._mfa_text(user)
        return str(user.access_keys)

    @staticmethod
    def _mfa_text(user: UserSummary) -> str:
        virtual = {MfaState.ACTIVE: _t("Virtual"), MfaState.PENDING: _t("Virtual (pending)")}.get(
            user.virtual_mfa
        )
        keys = (
            QCoreApplication.translate("UserTableModel", "%n key(s)", None, user.security_keys)
            if user.security_keys
            else None
        )
        return " / ".join(p for p in (virtual, keys) if p) or _t("Not bound")


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        NAME_ROLE,
        ID_ROLE,
        SUMMARY_ROLE,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.AccessibleTextRole,
    }
)
_COLUMNS = tuple(Column)
_HEADERS = {
    Column.NAME: lambda: _t("Username"),
    Column.STATUS: lambda: _t("Status"),
    Column.EMAIL: lambda: _t("Email"),
    Column.MOBILE: lambda: _t("Mobile"),
    Column.MFA: lambda: _t("MFA (virtual / keys)"),
    Column.PROTECTION: lambda: _t("Login protection"),
    Column.ACCESS_KEYS: lambda: _t("Access keys"),
    Column.LAST_LOGIN: lambda: _t("Last login"),
    Column.CREATED: lambda: _t("Created"),
    Column.OPERATION: lambda: _t("Operation"),
}
_PROTECTION = {
    LoginProtection.OFF: lambda: _t("Off"),
    LoginProtection.SMS: lambda: _t("SMS"),
    LoginProtection.EMAIL: lambda: _t("Email"),
    LoginProtection.MFA: lambda: _t("MFA device"),
}
PROTECTION_METHODS = values(LoginProtection)


def status_text(enabled: bool, locked: bool) -> str:
    """The Status column's text ("Enabled · Locked")."""
    text = _t("Enabled") if enabled else _t("Disabled")
    return f"{text} · {_t('Locked')}" if locked else text


def protection_label(method: str) -> str:
    """A login protection method as the operator reads it (translated)."""
    label = _PROTECTION.get(method)
    return label() if label is not None else method
