"""The Users page: login link, search, quick filters, the paged user table, create, bulk
actions, export, a context menu on rows."""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.pages.page import Page
from ui.session import Change, ConsoleSession
from ui.user_details.details_dialog import BASIC, SECURITY, UserDetailsDialog
from ui.users import list_state
from ui.users.bulk_bar import BulkBar
from ui.users.column_widths import fit_columns, start_widths
from ui.users.create_user_dialog import CreateUserDialog
from ui.users.export import export_users  # noqa: F401  (where tests and tools look for it)
from ui.users.exporter import Exporter
from ui.users.filter_bar import FilterBar
from ui.users.import_dialog import ImportUsersDialog, import_button
from ui.users.list_state import ColumnChooser
from ui.users.new_users import NewUsers
from ui.users.row_menu import RowMenu
from ui.users.selection_keeper import SelectionKeeper
from ui.users.user_table_model import (
    NAME_ROLE,
    SORT_KEYS,
    Column,
    UserTableModel,
)
from ui.widgets.copy_field import CopyField
from ui.widgets.icons import icon
from ui.widgets.inline_error import InlineError
from ui.widgets.tables import TITLE_ALIGNMENT

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 150


class UsersPage(Page):
    """Args: session: the console session (its change signal keeps the rows current).

    Signals:
        status_message(str): a short note for the window's status bar.
        details_opened(object): a UserDetailsDialog was opened (tests and the soak use it).
        history_requested(str): a user's details asked for the user's audit history.
    """

    details_opened = Signal(object)
    history_requested = Signal(str)

    def __init__(self, session: ConsoleSession, parent: QWidget | None = None) -> None:
        super().__init__(session, "usersPage", parent)
        self.details: UserDetailsDialog | None = None

        self.model = UserTableModel(session.services, session.runner, session.actor, self)
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
        self.new_users = NewUsers(self)
        self.create_button.clicked.connect(self.open_create_user)
        self.bulk = BulkBar(session, self)
        self.links_button, self.more_button = self.bulk.links_button, self.bulk.more_button
        self.disable_action = self.bulk.disable_action
        self.protection_action = self.bulk.protection_action
        self.export_button = QPushButton(icon("export"), self.tr("Export CSV…"))
        self.export_button.setObjectName("exportUsersButton")
        self.exporter = Exporter(self)
        self.export_button.clicked.connect(self.exporter.export_all)
        self.bulk.export_action.triggered.connect(self.exporter.export_selected)
        self.import_button = import_button(session.actor.role)
        self.import_button.clicked.connect(self.open_import)
        self.search = QLineEdit()
        self.search.setObjectName("userSearch")
        self.search.setAccessibleName(self.tr("Search users"))
        self.search.setPlaceholderText(self.tr("Search name, display name, email or mobile"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        # As wide as its placeholder (with the icon and clear button) when there is room.
        placeholder = self.search.fontMetrics().horizontalAdvance(self.search.placeholderText())
        # At least 160 px, so the window still fits a 1,024-pixel screen beside the navigation.
        self.search.setMinimumWidth(160)
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
                       self.import_button, self.export_button):  # fmt: skip
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
        start_widths(self.table)
        list_state.hide_at_first(self.table)
        self.columns = ColumnChooser(self.table)
        self.filters = FilterBar()
        self.filters.layout().addWidget(self.columns.button)  # at the row's end
        self.filters.changed.connect(self.model.set_filter)
        self.table.activated.connect(self._on_activated)
        self.table.clicked.connect(self._on_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.row_menu = RowMenu(self)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self.row_menu.show_at)
        self.keeper = SelectionKeeper(self.table, self.model)

        self.count_label = QLabel()
        self.count_label.setObjectName("userCount")
        self.error = InlineError("usersError")
        self.error.reload_requested.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(link_row)
        layout.addLayout(tools)
        layout.addWidget(self.filters)
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
        session.changed.connect(self._on_session_changed)

    # --- loading -----------------------------------------------------------------------

    def reload(self) -> None:
        """Load the first page and the login link."""
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
            fit_columns(self.table, self.model)
        self.error.clear()
        self.keeper.reselect()
        self._update_count()
        self._update_actions()

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
        elif self.model.search or not self.model.user_filter.empty:
            text = self.tr("%1 users match").replace("%1", f"{total:,}")
        else:
            text = self.tr("%1 users").replace("%1", f"{total:,}")
        self.count_label.setText(text)

    # --- details -----------------------------------------------------------------------

    def selected_names(self) -> list[str]:
        return self.keeper.selected_names()

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            tab = SECURITY if index.column() == Column.OPERATION else BASIC
            self.open_details(str(index.data(NAME_ROLE)), tab)

    @Slot(QModelIndex)
    def _on_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        if index.column() == Column.OPERATION:
            self.open_details(str(index.data(NAME_ROLE)), SECURITY)
        elif index.column() == Column.NAME and not QGuiApplication.keyboardModifiers():
            # The username is a link, as in Huawei's console (Ctrl/Shift-click selects).
            self.open_details(str(index.data(NAME_ROLE)), BASIC)

    @property
    def session(self) -> ConsoleSession:
        return self._session

    def reset_password(self, name: str) -> UserDetailsDialog:
        """The user's Security Settings with the reset dialog opened once the state is in."""
        dialog = self.open_details(name, SECURITY)
        tab = dialog.security

        def _loaded() -> None:
            button = tab.credentials.reset_password_button
            if button.isEnabled():
                button.click()

        tab.state_loaded.connect(_loaded, Qt.ConnectionType.SingleShotConnection)
        return dialog

    def open_details(self, name: str, tab: int = BASIC) -> UserDetailsDialog:
        """Open a user's details window (one at a time)."""
        if self.details is not None:
            old = self.details
            old.destroyed.disconnect(self._on_details_destroyed)  # it goes later than now
            old.close()
        dialog = UserDetailsDialog(self._session, name, self.window(), tab=tab)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._on_details_destroyed)
        dialog.history_requested.connect(self.history_requested)
        # A change still running when the window goes reports to nobody: refresh the row.
        dialog.finished.connect(lambda _result: self._on_user_changed(name))
        self.details = dialog
        dialog.open()
        self.details_opened.emit(dialog)
        return dialog

    @Slot()
    def _on_details_destroyed(self) -> None:
        self.details = None

    @Slot(object)
    def _on_session_changed(self, change: Change) -> None:
        """Every view hears every change: one user's row is read again, or the list."""
        if change.user is None:
            self.model.refresh()
        elif change.deleted:
            self._on_user_deleted(change.user)
        else:
            self._on_user_changed(change.user)

    def _on_user_changed(self, name: str) -> None:
        services, actor = self._services, self._actor
        self._runner.run(
            lambda: services.users.get(actor, name), self.model.replace_user, context=self
        )

    def _on_user_deleted(self, name: str) -> None:
        self.status_message.emit(self.tr("User %1 deleted.").replace("%1", name))
        self.model.refresh()

    # --- create ------------------------------------------------------------------------

    @Slot()
    def open_create_user(self) -> CreateUserDialog:
        return self.new_users.open_create_user()

    @Slot()
    def open_import(self) -> ImportUsersDialog:
        return self.new_users.open_import()

    @Slot()
    def _update_actions(self) -> None:
        self.bulk.update(bool(self.table.selectionModel().selectedRows()))

    def _ask_export_path(self) -> str:
        """Ask where to save the CSV (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export Users"), "users.csv", self.tr("CSV files (*.csv)")
        )
        return path

    # --- window state ------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        list_state.save(settings, self.table, self.model)

    def restore_state(self, settings: QSettings) -> None:
        """The columns, widths and sort this workstation last had (before the first load)."""
        if list_state.restore(settings, self.table, self.model):
            self._sized = True
