"""The Users page's CSV exports: every user the search and filters keep, or the selected ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from ui.users.export import export_selected, export_users
from ui.users.user_table_model import SUMMARY_ROLE, Column

if TYPE_CHECKING:
    from ui.users.users_page import UsersPage


class Exporter(QObject):
    """Args: page: the Users page (its model, selection, file question, status and errors)."""

    def __init__(self, page: UsersPage) -> None:
        super().__init__(page)
        self._page = page

    @Slot()
    def export_all(self) -> None:
        page = self._page
        path = page._ask_export_path()
        if not path:
            return
        services, actor, model = page.session.services, page.session.actor, page.model
        search, sort, descending = model.search or None, model.sort_key, model.descending
        user_filter = model.user_filter
        self._run(lambda: export_users(services, actor, Path(path), search, sort, descending,
                                       user_filter), path)  # fmt: skip

    @Slot()
    def export_selected(self) -> None:
        page = self._page
        rows = sorted(page.table.selectionModel().selectedRows(Column.NAME), key=lambda i: i.row())
        users = [index.data(SUMMARY_ROLE) for index in rows]
        if not users:
            return
        path = page._ask_export_path()
        if not path:
            return
        services = page.session.services
        self._run(lambda: export_selected(services, Path(path), users), path)

    def _run(self, work: Callable[[], int], path: str) -> None:
        page = self._page
        buttons: list[QWidget] = [page.export_button]
        for button in buttons:
            button.setEnabled(False)

        def _done(count: int) -> None:
            for button in buttons:
                button.setEnabled(True)
            page.status_message.emit(
                self.tr("Exported %1 users to %2.").replace("%1", f"{count:,}").replace("%2", path)
            )

        def _failed(exc: Exception) -> None:
            for button in buttons:
                button.setEnabled(True)
            page.error.show_error(exc)

        page.session.runner.run(work, _done, _failed, blocking_io=True, context=self)
