"""Keeps the user list's selection across a reload (a bulk action's refresh, a sort, a change
announced by another view): the same users are selected again when the new page holds them."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, Slot
from PySide6.QtWidgets import QTableView

from ui.users.user_table_model import NAME_ROLE, UserTableModel


class SelectionKeeper(QObject):
    """Args: table: the list's view; model: its model (whose ``loaded`` ends a reload)."""

    def __init__(self, table: QTableView, model: UserTableModel) -> None:
        super().__init__(table)
        self._table, self._model = table, model
        self._kept: set[str] = set()
        model.modelAboutToBeReset.connect(self._keep)

    def selected_names(self) -> list[str]:
        rows = self._table.selectionModel().selectedRows()
        return [str(index.data(NAME_ROLE)) for index in sorted(rows, key=lambda i: i.row())]

    @Slot()
    def _keep(self) -> None:
        if self._table.selectionModel() is not None:
            self._kept = set(self.selected_names()) or self._kept

    def reselect(self) -> None:
        """Select again the users kept before the reset (call when the first page is in)."""
        kept, self._kept = self._kept, set()
        if not kept:
            return
        selection = QItemSelection()
        last = self._model.columnCount() - 1
        for row in range(self._model.rowCount()):
            if self._model.index(row, 0).data(NAME_ROLE) in kept:
                selection.select(self._model.index(row, 0), self._model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self._table.selectionModel().select(selection, flags)
