"""What the Security Settings sections share: the state they show, rows, tables, changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.domain.password_policy import PasswordPolicy
from app.domain.roles import Permission, Role, allows
from app.services import Services
from app.services.records import (
    AccessKeyRecord,
    Actor,
    MfaStatus,
    SecurityKeyRecord,
    TemporaryCredentialRecord,
    UserDetail,
)
from ui.session import Change, ConsoleSession
from ui.widgets.inline_error import FieldErrors, InlineError
from ui.widgets.tables import ID_ROLE, fit_columns, record_table

HEADING_WIDTH = 160  # the row headings line up across the sections


@dataclass(frozen=True)
class SecurityState:
    """Everything the tab shows, read in one service call (one transaction)."""

    user: UserDetail
    mfa: MfaStatus
    keys: tuple[SecurityKeyRecord, ...]
    access_keys: tuple[AccessKeyRecord, ...]
    temporary: tuple[TemporaryCredentialRecord, ...]
    policy: PasswordPolicy | None
    account_name: str
    failed_attempts: int = 0
    last_failed_at: datetime | None = None
    smtp_ready: bool = True  # else an email waits in the outbox


def read_state(services: Services, actor: Actor, name: str) -> SecurityState:
    """Runs on a worker: one service call, one transaction."""
    view = services.security_settings.read(actor, name)
    return SecurityState(
        view.user, view.mfa, view.keys, view.access_keys, view.temporary,
        view.password_policy, view.account_name, view.failed_attempts, view.last_failed_at,
        view.smtp_ready,
    )  # fmt: skip


def short_table(name: str, headers: list[str], stretch: int) -> QTableWidget:
    """A short table that grows with its rows instead of scrolling (the tab scrolls). Its
    columns fit their contents; ``stretch``, the one with the longest texts, takes the rest."""
    table = record_table(name, headers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    fit_columns(table, stretch)
    table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def fill_table(table: QTableWidget, rows: list[tuple[str, list[str]]], empty: str) -> None:
    """Rows of (id, cells); keeps the selection on the same id. No rows: one row that
    says so (``empty``: "No security keys"), not a blank one."""
    selected = selected_id(table)
    table.clearSpans()
    if not rows:
        table.setRowCount(1)
        item = QTableWidgetItem(empty)
        item.setFlags(Qt.ItemFlag.NoItemFlags)  # not selectable: it is no record
        table.setItem(0, 0, item)
        table.setSpan(0, 0, 1, table.columnCount())
        table.setFixedHeight(table.horizontalHeader().height() + 2 * table.frameWidth()
                             + table.rowHeight(0))  # fmt: skip
        return
    table.setRowCount(len(rows))
    for r, (ident, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(ID_ROLE, ident)
            table.setItem(r, c, item)
        if ident == selected:
            table.selectRow(r)
    table.setFixedHeight(
        table.horizontalHeader().height() + 2 * table.frameWidth()
        + sum(table.rowHeight(r) for r in range(table.rowCount()))
    )  # fmt: skip


def selected_id(table: QTableWidget) -> str | None:
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return item.data(ID_ROLE) if item is not None else None


def host_window(widget: QWidget) -> QWidget:
    """The outermost window ``widget`` lives in (the main window, when there is one)."""
    window = widget.window()
    while (parent := window.parentWidget()) is not None:
        window = parent.window()
    return window


class Section(QGroupBox):
    """One section of the tab: shows its part of the state, runs its changes through the
    session (which announces them), and opens its dialogs through the tab.

    Args:
        session: the console session; user_name: the user shown.

    Signals:
        notice(str): a sentence for the tab's notice line (after a change went through).
        dialog_opened(QDialog): a dialog of this section was opened (the tab tracks it).
        reload_requested(): the tab must read the state again (nothing was changed here).
    """

    notice = Signal(str)
    dialog_opened = Signal(QDialog)
    reload_requested = Signal()

    def __init__(self, session: ConsoleSession, user_name: str) -> None:
        super().__init__()
        self.session, self.user_name = session, user_name
        self.state: SecurityState | None = None

    # --- building -------------------------------------------------------------------

    def button(self, name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def add_row(self, grid: QGridLayout, row: int, title: str, value: QLabel,
                buttons: list[QPushButton], error: InlineError) -> None:  # fmt: skip
        heading = QLabel(title)
        heading.setBuddy(buttons[0] if buttons else value)
        grid.addWidget(heading, 2 * row, 0)
        grid.addWidget(value, 2 * row, 1)
        actions = QHBoxLayout()
        actions.setSpacing(4)
        for button in buttons:
            actions.addWidget(button)
        grid.addLayout(actions, 2 * row, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(error, 2 * row + 1, 1, 1, 2)

    def grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, HEADING_WIDTH)
        return grid

    # --- state ----------------------------------------------------------------------

    def error_lines(self) -> list[InlineError]:
        """The section's inline error lines (their Reload re-reads the tab)."""
        return []

    def show_state(self, state: SecurityState | None) -> None:
        """Show ``state`` (None while loading)."""
        self.state = state
        self.update_buttons()

    def update_buttons(self) -> None:
        """Enable what the state and the operator's role allow."""

    def why_not(self, permission: Permission) -> str | None:
        """None when the operator may do ``permission`` to this user (the services' own
        table, app/domain/roles.py), else the reason, for a tooltip."""
        role = self.session.actor.role
        if not allows(role, permission):
            return self.tr("Your role does not allow this.")
        target = self.state.user.role if self.state is not None else None
        if role is Role.HELPDESK and target not in (None, Role.NONE.value):
            return self.tr("Helpdesk operators act on users without an operator role only.")
        return None

    def enable(self, widget: QWidget, permission: Permission, reason: str | None = None) -> None:
        """Enable ``widget`` when the role allows ``permission`` and no ``reason`` stands in
        the way; a disabled widget says why in its tooltip. The permission is kept on the
        widget (a test walks every button against the permission table)."""
        if self.state is None:
            reason = self.tr("Loading…")
        reason = self.why_not(permission) or reason
        widget.setEnabled(reason is None)
        widget.setToolTip(reason or "")
        widget.setProperty("permission", permission.value)

    # --- changes --------------------------------------------------------------------

    def change(self, fn: Callable[[Services, Actor], Any], errors: FieldErrors,
               said: str | Callable[[Any], str] = "") -> None:  # fmt: skip
        """Run one change on a worker; on success say ``said`` and announce the change
        (the tab re-reads). Nothing is shown when the section is gone meanwhile."""
        errors.clear()
        self.notice.emit("")  # the last change's notice is stale now

        def _done(result: Any) -> None:
            text = said(result) if callable(said) else said
            if text:
                self.notice.emit(text)

        self.session.change(fn, self.changed_user(), _done, errors.show, context=self)

    def changed_user(self) -> Change:
        return Change(self.user_name, initiator=self)

    def announce(self, text: str = "") -> None:
        """A dialog of this section changed the user: say so, and tell the views."""
        if text:
            self.notice.emit(text)
        self.session.announce(self.changed_user())

    def open_dialog(self, dialog: QDialog) -> None:
        """Show a dialog window-modally (no nested event loop); the tab keeps it."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog_opened.emit(dialog)
        dialog.open()
