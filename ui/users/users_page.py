"""The Users page: login link, search, the paged user table, create, bulk actions, export."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.spreadsheet import spreadsheet_cell
from app.security.output_files import open_new_file, protected_files
from app.services import Services
from app.services.records import Actor, UserDetail
from ui.tasks import TaskRunner
from ui.user_details.details_dialog import BASIC, SECURITY, UserDetailsDialog
from ui.users import bulk_actions
from ui.users.bulk_actions import BulkResultDialog, run_bulk
from ui.users.create_user_dialog import CreateUserDialog
from ui.users.user_table_model import (
    NAME_ROLE,
    PROTECTION_METHODS,
    SORT_KEYS,
    Column,
    UserTableModel,
    protection_label,
)
from ui.widgets.copy_field import CopyField
from ui.widgets.formatting import local_time
from ui.widgets.icons import icon
from ui.widgets.inline_error import InlineError
from ui.widgets.prompts import confirm
from ui.widgets.tables import TITLE_ALIGNMENT

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 150
EXPORT_PAGE = 1000
EXPORT_HEADER = ("name", "display_name", "status", "role", "email", "mobile",
                 "login_protection", "last_login", "created")  # fmt: skip


def export_users(services: Services, actor: Actor, path: Path, search: str | None, sort: str,
                 descending: bool) -> int:  # fmt: skip
    """Runs on a worker: write every user matching the search to ``path``; returns the count."""
    count, offset = 0, 0
    # The file dialog asked before replacing a file; never the store or the key file, 0600.
    protected = protected_files(services.settings)
    with open_new_file(path, force=True, protected=protected) as out:
        writer = csv.writer(out)
        writer.writerow(EXPORT_HEADER)
        while True:
            page = services.users.list(
                actor, search=search, sort=sort, descending=descending, offset=offset,
                limit=EXPORT_PAGE, with_total=False,
            )  # fmt: skip
            for u in page.rows:
                writer.writerow(
                    spreadsheet_cell(v)
                    for v in (
                        u.name,
                        u.display_name,
                        u.status,
                        u.role,
                        u.email,
                        u.mobile,
                        u.login_protection,
                        local_time(u.last_login_at, ""),
                        local_time(u.created_at),
                    )  # fmt: skip
                )
            count += len(page.rows)
            offset += len(page.rows)
            if len(page.rows) < EXPORT_PAGE:
                return count


class UsersPage(QWidget):
    """Args: services, runner, actor: as everywhere.

    Signals:
        status_message(str): a short note for the window's status bar.
        details_opened(object): a UserDetailsDialog was opened (tests and the soak use it).
    """

    status_message = Signal(str)
    details_opened = Signal(object)

    def __init__(self, services: Services, runner: TaskRunner, actor: Actor,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("usersPage")
        self._services, self._runner, self._actor = services, runner, actor
        self.details: UserDetailsDialog | None = None
        self._activated = False

        self.model = UserTableModel(services, runner, actor, self)
        self.model.loaded.connect(self._on_loaded)
        self.model.failed.connect(self._on_failed)
        self.model.rowsInserted.connect(self._update_count)

        title = QLabel(self.tr("Users"))
        title.setObjectName("pageTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        link_label = QLabel(self.tr("IAM user login link:"))
        self.login_link = CopyField("loginLink")
        self.login_link.line.setAccessibleName(self.tr("IAM user login link"))
        self.login_link.copied.connect(
            lambda _: self.status_message.emit(self.tr("Login link copied."))
        )
        link_row = QHBoxLayout()
        link_row.addWidget(link_label)
        link_row.addWidget(self.login_link, 1)

        self.create_button = QPushButton(icon("user-add"), self.tr("Create User"))
        self.create_button.setObjectName("createUserButton")
        self.create_button.clicked.connect(self.open_create_user)
        self.links_button = QPushButton(icon("mail"), self.tr("Send Set-Password Links"))
        self.links_button.setObjectName("bulkSetPasswordLinks")
        self.links_button.clicked.connect(self._on_send_links)
        self.more_button = QToolButton()
        self.more_button.setObjectName("bulkMore")
        self.more_button.setText(self.tr("More"))
        self.more_button.setIcon(icon("more"))
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more_button)
        self.enable_action = self._action(menu, "bulkEnable", "enable", self.tr("Enable"))
        self.enable_action.triggered.connect(lambda: self._on_set_enabled(True))
        self.disable_action = self._action(menu, "bulkDisable", "disable", self.tr("Disable"))
        self.disable_action.triggered.connect(lambda: self._on_set_enabled(False))
        self.protection_action = self._action(
            menu, "bulkProtection", "shield", self.tr("Set Login Protection…")
        )
        self.protection_action.triggered.connect(self._on_set_protection)
        self.more_button.setMenu(menu)
        self.export_button = QPushButton(icon("export"), self.tr("Export CSV…"))
        self.export_button.setObjectName("exportUsersButton")
        self.export_button.clicked.connect(self._on_export)
        self.search = QLineEdit()
        self.search.setObjectName("userSearch")
        self.search.setAccessibleName(self.tr("Search users"))
        self.search.setPlaceholderText(self.tr("Search name, display name, email or mobile"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        # As wide as its placeholder (with the icon and clear button) when there is room.
        placeholder = self.search.fontMetrics().horizontalAdvance(self.search.placeholderText())
        self.search.setMinimumWidth(280)
        self.search.setMaximumWidth(max(280, placeholder + 64))
        self.search.textChanged.connect(self._on_search_edited)
        self.search.returnPressed.connect(self._apply_search)
        self.refresh_button = QToolButton()
        self.refresh_button.setObjectName("refreshUsers")
        self.refresh_button.setIcon(icon("refresh"))
        self.refresh_button.setToolTip(self.tr("Refresh (F5)"))
        self.refresh_button.setAccessibleName(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        tools = QHBoxLayout()
        for widget in (self.create_button, self.links_button, self.more_button,
                       self.export_button):  # fmt: skip
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.search, 3)  # takes the room first, up to its maximum width
        tools.addWidget(self.refresh_button)

        self.table = QTableView()
        self.table.setObjectName("userTable")
        self.table.setAccessibleName(self.tr("Users"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setDefaultAlignment(TITLE_ALIGNMENT)
        header.sectionClicked.connect(self._on_header_clicked)
        for column, width in _WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._on_activated)
        self.table.clicked.connect(self._on_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

        self.count_label = QLabel()
        self.count_label.setObjectName("userCount")
        self.error = InlineError("usersError")
        self.error.reload_requested.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(link_row)
        layout.addLayout(tools)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self._sized = False  # columns fit their contents once, unless widths were saved
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._apply_search)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.focus_search)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        refresh.activated.connect(self.refresh)
        self._update_actions()

    def _action(self, menu: QMenu, name: str, icon_name: str, text: str) -> QAction:
        action = menu.addAction(icon(icon_name), text)
        action.setObjectName(name)
        return action

    # --- loading -----------------------------------------------------------------------

    def activate(self) -> None:
        """Load the first page and the login link (once; later calls do nothing)."""
        if self._activated:
            return
        self._activated = True
        self.model.refresh()
        self._load_portal()

    def _load_portal(self) -> None:
        services, actor = self._services, self._actor
        self._runner.run(
            lambda: services.portal_settings.show(actor).login_link,
            self.login_link.set_text,
            self.error.show_error,
            context=self,
        )

    @Slot()
    def refresh(self) -> None:
        self.error.clear()
        self.model.refresh()
        self._load_portal()

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @Slot(str)
    def _on_search_edited(self, _text: str) -> None:
        # Typing restarts the wait: one query when the typing pauses (Enter asks at once),
        # and the model never queues a query behind a running one.
        self._debounce.start()

    @Slot()
    def _apply_search(self) -> None:
        self._debounce.stop()
        if self.search.text().strip() != self.model.search:
            self.model.set_search(self.search.text())

    @Slot(int)
    def _on_header_clicked(self, column: int) -> None:
        header = self.table.horizontalHeader()
        if Column(column) not in SORT_KEYS:
            # restore the indicator on the column the list is really sorted by
            current = next(c for c, k in SORT_KEYS.items() if k == self.model.sort_key)
            order = (
                Qt.SortOrder.DescendingOrder
                if self.model.descending
                else Qt.SortOrder.AscendingOrder
            )
            header.setSortIndicator(current, order)
            return
        self.model.sort(column, header.sortIndicatorOrder())

    @Slot()
    def _on_loaded(self) -> None:
        if not self._sized:
            self._sized = True
            self._fit_columns()
        self.error.clear()
        self._update_count()
        self._update_actions()

    def _fit_columns(self) -> None:
        """Each column as wide as its contents (up to its cap in _WIDTHS), with some room
        to breathe when the table has it. When the table is too narrow for all, the email
        and name columns give way (down to MIN_ELASTIC) so the Operation column stays in
        view; room is kept for the scroll bar a longer list brings."""
        table = self.table
        widths = {c: min(max(self._content_width(c), MIN_WIDTH), _WIDTHS[c]) for c in Column}
        room = sum(_WIDTHS.values())  # not shown yet: as if wide enough
        if table.isVisible():
            scroll_bar = table.verticalScrollBar()
            room = table.viewport().width() - (
                0 if scroll_bar.isVisible() else scroll_bar.sizeHint().width()
            )
        spare = room - sum(widths.values())
        pad = min(max(spare // len(widths), 0), CELL_ROOM)
        for column in Column:
            widths[column] += pad
        for column in _ELASTIC:
            give = min(max(-spare, 0), widths[column] - MIN_ELASTIC)
            if give > 0:
                widths[column] -= give
                spare += give
        for column, width in widths.items():
            table.setColumnWidth(column, width)

    def _content_width(self, column: Column) -> int:
        """The width the column's loaded cells and its header need. A column that cannot
        be sorted needs no room for the sort arrow its header's size hint keeps."""
        table, header = self.table, self.table.horizontalHeader()
        cells = table.sizeHintForColumn(column)
        if column in SORT_KEYS:
            return max(cells, header.sectionSizeHint(column))
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        text = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
        return max(cells, header.fontMetrics().horizontalAdvance(text) + 4 * margin)

    @Slot(object)
    def _on_failed(self, exc: Exception) -> None:
        self.error.show_error(exc)

    def _update_count(self) -> None:
        total = self.model.total
        shown = self.model.rowCount()
        if total is None:
            text = self.tr("%1 users").replace("%1", f"{shown:,}")
        elif not self.model.total_exact:
            text = self.tr("More than %1 users match").replace("%1", f"{total:,}")
        elif self.model.search:
            text = self.tr("%1 users match").replace("%1", f"{total:,}")
        else:
            text = self.tr("%1 users").replace("%1", f"{total:,}")
        self.count_label.setText(text)

    # --- details -----------------------------------------------------------------------

    def selected_names(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [str(index.data(NAME_ROLE)) for index in sorted(rows, key=lambda i: i.row())]

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            tab = SECURITY if index.column() == Column.OPERATION else BASIC
            self.open_details(str(index.data(NAME_ROLE)), tab)

    @Slot(QModelIndex)
    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() == Column.OPERATION:
            self.open_details(str(index.data(NAME_ROLE)), SECURITY)

    def open_details(self, name: str, tab: int = BASIC) -> UserDetailsDialog:
        """Open a user's details window (one at a time)."""
        if self.details is not None:
            old = self.details
            old.destroyed.disconnect(self._on_details_destroyed)  # it goes later than now
            old.close()
        dialog = UserDetailsDialog(
            self._services, self._runner, self._actor, name, self.window(), tab=tab
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.user_changed.connect(self._on_user_changed)
        dialog.user_deleted.connect(self._on_user_deleted)
        dialog.destroyed.connect(self._on_details_destroyed)
        # A change still running when the window goes reports to nobody: refresh the row.
        dialog.finished.connect(lambda _result: self._on_user_changed(name))
        self.details = dialog
        dialog.open()
        self.details_opened.emit(dialog)
        return dialog

    @Slot()
    def _on_details_destroyed(self) -> None:
        self.details = None

    @Slot(str)
    def _on_user_changed(self, name: str) -> None:
        services, actor = self._services, self._actor
        self._runner.run(
            lambda: services.users.get(actor, name), self.model.replace_user, context=self
        )

    @Slot(str)
    def _on_user_deleted(self, name: str) -> None:
        self.status_message.emit(self.tr("User %1 deleted.").replace("%1", name))
        self.model.refresh()

    # --- create ------------------------------------------------------------------------

    @Slot()
    def open_create_user(self) -> CreateUserDialog:
        dialog = CreateUserDialog(self._services, self._runner, self._actor, self.window())
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
            self.model.refresh()

    @Slot(object)
    def _on_created(self, user: UserDetail) -> None:
        link = self.login_link.text()  # the portal, where the new user signs in
        text = self.tr("User %1 created.")
        if link:
            text = self.tr("User %1 created; they sign in at %2.")
        self.status_message.emit(text.replace("%1", user.name).replace("%2", link))
        self.model.refresh()

    # --- bulk actions ------------------------------------------------------------------

    @Slot()
    def _update_actions(self) -> None:
        selected = bool(self.table.selectionModel().selectedRows())
        for widget in (self.links_button, self.more_button):
            widget.setEnabled(selected)

    @Slot()
    def _on_send_links(self) -> None:
        names = self.selected_names()
        if names:
            self._confirm_bulk(
                self.tr("Send Set-Password Links"),
                self.tr(
                    "Email a set-password link to %1 user(s)? Each link works once, for 24 "
                    "hours, and voids any earlier link."
                ).replace("%1", str(len(names))),
                names,
                bulk_actions.send_set_password_links(self._services, self._actor),
            )

    def _on_set_enabled(self, enabled: bool) -> None:
        names = self.selected_names()
        if not names:
            return
        title = self.tr("Enable Users") if enabled else self.tr("Disable Users")
        text = (
            self.tr("Enable %1 user(s)?")
            if enabled
            else self.tr("Disable %1 user(s)? They can no longer sign in.")
        )
        action = bulk_actions.set_enabled(self._services, self._actor, enabled)
        self._confirm_bulk(title, text.replace("%1", str(len(names))), names, action)

    @Slot()
    def _on_set_protection(self) -> None:
        names = self.selected_names()
        if names:
            self._ask_protection_method(names)

    def _ask_protection_method(self, names: list[str]) -> QInputDialog:
        """Ask which login protection to set (tests answer the dialog)."""
        dialog = QInputDialog(self.window())
        dialog.setObjectName("bulkProtectionMethod")
        dialog.setWindowTitle(self.tr("Set Login Protection"))
        dialog.setLabelText(
            self.tr("Login protection for %1 user(s):").replace("%1", str(len(names)))
        )
        labels = [protection_label(method) for method in PROTECTION_METHODS]
        dialog.setComboBoxItems(labels)
        dialog.setComboBoxEditable(False)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def _chosen(label: str) -> None:
            method = PROTECTION_METHODS[labels.index(label)]
            self.run_bulk(
                self.tr("Set Login Protection"),
                names,
                bulk_actions.set_login_protection(self._services, self._actor, method),
            )

        dialog.textValueSelected.connect(_chosen)
        dialog.open()
        return dialog

    def _confirm_bulk(self, title: str, text: str, names: list[str],
                      action: bulk_actions.Action) -> None:  # fmt: skip
        """Ask before a bulk action (tests answer the box)."""
        confirm(self.window(), "confirmBulkAction", title, text,
                lambda: self.run_bulk(title, names, action))  # fmt: skip

    def run_bulk(self, title: str, names: list[str], action: bulk_actions.Action) -> None:
        """Run ``action`` for each user on a worker, then show the per-user results."""
        self.status_message.emit(self.tr("Working on %1 user(s)…").replace("%1", str(len(names))))
        self._runner.run(
            lambda: run_bulk(names, action),
            lambda outcomes: self._on_bulk_done(title, outcomes),
            self.error.show_error,
            context=self,
        )

    def _on_bulk_done(self, title: str, outcomes: list[bulk_actions.BulkOutcome]) -> None:
        self.show_bulk_result(title, outcomes)
        self.model.refresh()

    def show_bulk_result(self, title: str, outcomes: list[bulk_actions.BulkOutcome]) -> None:
        dialog = BulkResultDialog(title, outcomes, self.window())
        dialog.open()

    # --- export ------------------------------------------------------------------------

    @Slot()
    def _on_export(self) -> None:
        path = self._ask_export_path()
        if not path:
            return
        services, actor, model = self._services, self._actor, self.model
        search, sort, descending = model.search or None, model.sort_key, model.descending
        self.export_button.setEnabled(False)

        def _done(count: int) -> None:
            self.export_button.setEnabled(True)
            self.status_message.emit(
                self.tr("Exported %1 users to %2.").replace("%1", f"{count:,}").replace("%2", path)
            )

        def _failed(exc: Exception) -> None:
            self.export_button.setEnabled(True)
            self.error.show_error(exc)

        self._runner.run(
            lambda: export_users(services, actor, Path(path), search, sort, descending),
            _done,
            _failed,
            blocking_io=True,
            context=self,
        )

    def _ask_export_path(self) -> str:
        """Ask where to save the CSV (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export Users"), "users.csv", self.tr("CSV files (*.csv)")
        )
        return path

    # --- window state ------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("users/header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("users/header")
        if state is not None:
            self.table.horizontalHeader().restoreState(state)
            self._sized = True
        header = self.table.horizontalHeader()
        header.setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)


# The widest each column starts (a column narrower than its contents elides them); the
# elastic ones give way first when the window is too narrow for all, so the Operation
# column is in view at the window's default width.
_WIDTHS = {
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
_ELASTIC = (Column.EMAIL, Column.NAME)
MIN_WIDTH = 64
MIN_ELASTIC = 110
CELL_ROOM = 16  # the most a column gets beyond its contents
