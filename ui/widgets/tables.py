"""Read-only tables of records: whole rows selected, nothing edited, rows found by id."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # a row's record id, never its row number


def record_table(name: str, headers: list[str]) -> QTableWidget:
    """An empty table with these column headers, alternating row colours and no row
    numbers."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    return table
