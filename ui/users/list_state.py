"""The user list's view settings: which columns show (the column chooser), their widths and the
sort, remembered on this workstation (QSettings)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView, QToolButton

from ui.users.columns import ALWAYS_SHOWN, HEADERS, HIDDEN_AT_FIRST, SORT_KEYS, Column
from ui.users.user_table_model import UserTableModel
from ui.widgets.icons import icon

# The header's saved state; "-v2" since the list has twelve columns (an older state of ten
# would put widths on the wrong columns).
HEADER_KEY = "users/header-v2"
SORT_KEY = "users/sort"
DESCENDING_KEY = "users/descending"
MIN_SHOWN_WIDTH = 40  # a column shown again narrower than this is sized to its contents


class ColumnChooser(QObject):
    """A menu of the list's columns, each checked while shown (on the Columns button and on
    the header's context menu).

    Signals:
        columns_changed(): a column was shown or hidden.
    """

    columns_changed = Signal()

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        self.button = QToolButton()
        self.button.setObjectName("userColumns")
        self.button.setText(self.tr("Columns"))
        self.button.setAccessibleName(self.tr("Columns"))
        self.button.setIcon(icon("settings"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setToolTip(self.tr("Choose the columns to show"))
        self.menu = QMenu(self.button)
        self.menu.setObjectName("userColumnsMenu")
        self.menu.aboutToShow.connect(self._sync)
        self.actions: dict[Column, QAction] = {}
        for column in Column:
            action = self.menu.addAction(HEADERS[column]())
            action.setObjectName(f"column_{column.name.lower()}")
            action.setCheckable(True)
            action.setEnabled(column not in ALWAYS_SHOWN)
            action.toggled.connect(lambda shown, c=column: self.set_shown(c, shown))
            self.actions[column] = action
        self.button.setMenu(self.menu)
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda pos: self._show_menu(header.mapToGlobal(pos))
        )
        self._sync()

    def _show_menu(self, where: object) -> None:
        self.menu.popup(where)  # type: ignore[arg-type]

    def _sync(self) -> None:
        for column, action in self.actions.items():
            action.blockSignals(True)
            action.setChecked(not self._table.isColumnHidden(column))
            action.blockSignals(False)

    def set_shown(self, column: Column, shown: bool) -> None:
        if column in ALWAYS_SHOWN or self._table.isColumnHidden(column) != shown:
            return
        self._table.setColumnHidden(column, not shown)
        if shown and self._table.columnWidth(column) < MIN_SHOWN_WIDTH:
            self._table.resizeColumnToContents(column)
        self._sync()
        self.columns_changed.emit()


def hide_at_first(table: QTableView) -> None:
    """The columns shown before the operator chooses."""
    for column in HIDDEN_AT_FIRST:
        table.setColumnHidden(column, True)


def save(settings: QSettings, table: QTableView, model: UserTableModel) -> None:
    settings.setValue(HEADER_KEY, table.horizontalHeader().saveState())
    settings.setValue(SORT_KEY, model.sort_key)
    settings.setValue(DESCENDING_KEY, model.descending)


def restore(settings: QSettings, table: QTableView, model: UserTableModel) -> bool:
    """Put the saved columns, widths and sort back (before the first page is asked for);
    True when widths were saved (the list then keeps them)."""
    header = table.horizontalHeader()
    state = settings.value(HEADER_KEY)
    restored = state is not None and header.restoreState(state)
    key = str(settings.value(SORT_KEY, "name"))
    descending = str(settings.value(DESCENDING_KEY, "false")).lower() == "true"
    if key not in SORT_KEYS.values():
        key, descending = "name", False
    model.set_sort_quietly(key, descending)
    column = next(c for c, k in SORT_KEYS.items() if k == key)
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    header.setSortIndicator(column, order)
    for always in ALWAYS_SHOWN:
        table.setColumnHidden(always, False)
    return restored
