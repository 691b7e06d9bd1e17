"""The users table's column widths: each as wide as its contents, up to a cap."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QTableView

from ui.users.user_table_model import SORT_KEYS, Column, UserTableModel, status_text

# The widest each column starts (a column narrower than its contents elides them); the
# elastic ones give way first when the window is too narrow for all, so the Operation
# column is in view at the window's default width.
WIDTHS = {
    Column.NAME: 160,
    Column.STATUS: 90,
    Column.EMAIL: 240,
    Column.MOBILE: 140,
    Column.MFA: 170,
    Column.PROTECTION: 150,
    Column.ACCESS_KEYS: 100,
    Column.LAST_LOGIN: 135,
    Column.CREATED: 135,
    Column.OPERATION: 135,
}
ELASTIC = (Column.EMAIL, Column.NAME)
MIN_WIDTH = 64
MIN_ELASTIC = 110
CELL_ROOM = 16  # the most a column gets beyond its contents


def start_widths(table: QTableView) -> None:
    """The widths before anything is loaded."""
    for column, width in WIDTHS.items():
        table.setColumnWidth(column, width)
    table.setColumnWidth(Column.STATUS, max(WIDTHS[Column.STATUS], status_width(table)))


def fit_columns(table: QTableView, model: UserTableModel) -> None:
    """Each column as wide as its contents (up to its cap in WIDTHS), with some room to
    breathe when the table has it. When the table is too narrow for all, the email and
    name columns give way (down to MIN_ELASTIC) so the Operation column stays in view;
    room is kept for the scroll bar a longer list brings."""
    widths = {c: min(max(_content_width(table, model, c), MIN_WIDTH), WIDTHS[c]) for c in Column}
    # The status never truncates ("Enabled · L…" hid the lock): room for its longest text,
    # taken from the elastic columns when the table is narrow.
    widths[Column.STATUS] = max(widths[Column.STATUS], status_width(table))
    room = sum(WIDTHS.values())  # not shown yet: as if wide enough
    if table.isVisible():
        scroll_bar = table.verticalScrollBar()
        room = table.viewport().width() - (
            0 if scroll_bar.isVisible() else scroll_bar.sizeHint().width()
        )
    spare = room - sum(widths.values())
    pad = min(max(spare // len(widths), 0), CELL_ROOM)
    for column in Column:
        widths[column] += pad
    for column in ELASTIC:
        give = min(max(-spare, 0), widths[column] - MIN_ELASTIC)
        if give > 0:
            widths[column] -= give
            spare += give
    for column, width in widths.items():
        table.setColumnWidth(column, width)


def status_width(table: QTableView) -> int:
    """Room for the longest status text any user can have, in the table's font."""
    metrics = table.fontMetrics()
    texts = [status_text(enabled, locked) for enabled in (True, False) for locked in (True, False)]
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table)
    return max(metrics.horizontalAdvance(t) for t in texts) + 2 * (margin + 1) + CELL_ROOM // 2


def _content_width(table: QTableView, model: UserTableModel, column: Column) -> int:
    """The width the column's loaded cells and its header need. A column that cannot be
    sorted needs no room for the sort arrow its header's size hint keeps."""
    header = table.horizontalHeader()
    cells = table.sizeHintForColumn(column)
    if column in SORT_KEYS:
        return max(cells, header.sectionSizeHint(column))
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
    return max(cells, header.fontMetrics().horizontalAdvance(text) + 4 * margin)
