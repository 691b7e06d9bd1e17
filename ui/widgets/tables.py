"""Read-only tables of records: whole rows selected, nothing edited, rows found by id."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
)

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # a row's record id, never its row number
CELL_ROOM = 16  # pixels a column sized to its contents gets beyond its widest text
LINE_ROOM = 8  # and a row sized to its contents beyond its lines (wrapped text)
# Column titles start where their cells' texts do (centred, they float over a wide column).
TITLE_ALIGNMENT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class _RoomyDelegate(QStyledItemDelegate):
    """Paints as usual; asks for a little more room, so a column (or row) sized to its
    contents does not put its text against the next one's line."""

    def sizeHint(  # noqa: N802 (Qt's name)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + CELL_ROOM, size.height() + LINE_ROOM)


def record_table(name: str, headers: list[str]) -> QTableWidget:
    """An empty table with these column headers, alternating row colours, compact rows and
    no row numbers."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setItemDelegate(_RoomyDelegate(table))
    table.horizontalHeader().setDefaultAlignment(TITLE_ALIGNMENT)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    return table


def fit_columns(table: QTableWidget, stretch: int) -> None:
    """Every column as wide as its contents (kept so as rows come and go) but ``stretch``,
    the one with the longest texts, which takes the width left over."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
