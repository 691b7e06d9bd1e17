"""The user list's tools (issue 13, point 2): quick filters in the store, every meaningful
column sortable, a column chooser, sort and columns remembered, a role-aware context menu on
rows, a click on the username, a mobile typed with spaces, a selection that survives a bulk
action, bulk unlock and "export selected"."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.login_policy import SignInPurpose
from app.domain.roles import Role
from app.domain.vocabulary import ResetMode
from app.errors import IamDeskError
from app.services import Services
from app.services.records import Actor, SignInResult
from tests.ui.helpers import SQLITE_ONLY, WAIT
from ui.session import ConsoleSession
from ui.tasks import TaskRunner
from ui.users.bulk_actions import BulkResultDialog
from ui.users.user_table_model import NAME_ROLE, PAGE, Column
from ui.users.users_page import UsersPage

pytestmark = SQLITE_ONLY
USERS = 150
STRONG = "Xylophone-Quartz-77"


def _lock(services: Services, name: str) -> None:
    for _ in range(5):
        with pytest.raises(IamDeskError):
            services.sign_in.begin(name, "Wrong-Password-0", purpose=SignInPurpose.PORTAL)


@pytest.fixture
def filled(services: Services, root: Actor) -> Services:
    lines = ["name,email,mobile,display_name"]
    lines += [f"user{i:04d},user{i:04d}@example.com,+86138{i:08d},Person {USERS - i:04d}"
              for i in range(USERS)]  # fmt: skip
    services.user_import.import_csv(root, io.StringIO("\n".join(lines) + "\n"))
    services.users.create(root, "desk", email="desk@example.com", role=Role.HELPDESK.value)
    for name in ("desk", "user0007", "user0008"):
        services.passwords.reset(root, name, ResetMode.SET_NOW, new_password=STRONG,
                                 must_change=name == "user0007")  # fmt: skip
    services.users.set_enabled(root, "user0003", False)
    services.users.set_enabled(root, "user0120", False)
    _lock(services, "user0008")
    return services


def _page(qtbot: QtBot, services: Services, runner: TaskRunner, actor: Actor) -> UsersPage:
    page = UsersPage(ConsoleSession(services, runner, actor))
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.model.loading, timeout=WAIT)
    return page


@pytest.fixture
def page(qtbot: QtBot, filled: Services, runner: TaskRunner, root: Actor) -> UsersPage:
    return _page(qtbot, filled, runner, root)


def _names(page: UsersPage) -> list[str]:
    model = page.model
    return [model.index(r, Column.NAME).data(NAME_ROLE) for r in range(model.rowCount())]


def _settled(qtbot: QtBot, page: UsersPage) -> None:
    qtbot.waitUntil(lambda: not page.model.loading, timeout=WAIT)


def test_quick_filters_run_in_the_store_and_combine_with_search(
    qtbot: QtBot, page: UsersPage
) -> None:
    bar = page.filters
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        qtbot.mouseClick(bar.flags["disabled"], Qt.MouseButton.LeftButton)
    assert _names(page) == ["user0003", "user0120"]
    assert page.count_label.text() == "2 users match"
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        qtbot.keyClicks(page.search, "user01")
    assert _names(page) == ["user0120"]
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        bar.clear()
    _settled(qtbot, page)
    assert len(_names(page)) == 50 and page.count_label.text() == "50 users match"
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        page.search.clear()
        qtbot.keyClick(page.search, Qt.Key.Key_Return)  # at once, not after the debounce
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        qtbot.mouseClick(bar.flags["locked"], Qt.MouseButton.LeftButton)
    _settled(qtbot, page)
    assert _names(page) == ["user0008"]
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        qtbot.mouseClick(bar.flags["locked"], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(bar.flags["must-change"], Qt.MouseButton.LeftButton)
    _settled(qtbot, page)
    assert _names(page) == ["user0007"]
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        bar.role.setCurrentIndex(bar.role.findData("helpdesk"))
    assert _names(page) == []
    assert page.count_label.text() == "0 users match"
    bar.clear()
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        bar.role.setCurrentIndex(bar.role.findData("helpdesk"))
    assert _names(page) == ["desk"]
    bar.clear()
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        qtbot.mouseClick(bar.flags["no-password"], Qt.MouseButton.LeftButton)
    _settled(qtbot, page)
    assert page.count_label.text() == f"{USERS - 2} users match"  # user0007, user0008: set
    assert len(_names(page)) == PAGE  # pages like search: the rest come as the view scrolls
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(_names(page)) == USERS - 2, timeout=WAIT)


def test_every_meaningful_column_sorts_in_the_store(
    qtbot: QtBot, page: UsersPage, filled: Services, root: Actor
) -> None:
    page.columns.set_shown(Column.DISPLAY_NAME, True)
    page.columns.set_shown(Column.ROLE, True)
    header = page.table.horizontalHeader()
    for column, key in ((Column.DISPLAY_NAME, "display_name"), (Column.MOBILE, "mobile"),
                        (Column.PROTECTION, "protection"), (Column.ROLE, "role")):  # fmt: skip
        page.table.scrollTo(page.model.index(0, column))
        x = header.sectionViewportPosition(column) + 5
        with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
            qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        assert page.model.sort_key == key
    descending = page.model.descending
    expected = [u.name for u in filled.users.list(root, sort="role", descending=descending).rows]
    assert _names(page) == expected
    # display names run the other way round from names: the store sorted, not the view
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        page.model.sort(Column.DISPLAY_NAME, Qt.SortOrder.AscendingOrder)
    assert _names(page)[:2] == ["desk", f"user{USERS - 1:04d}"]
    for column in (Column.MFA, Column.ACCESS_KEYS, Column.OPERATION):
        assert page.model.headerData(column, Qt.Orientation.Horizontal,
                                     Qt.ItemDataRole.ToolTipRole)  # fmt: skip


def test_the_column_chooser_and_the_sort_are_remembered(
    qtbot: QtBot, filled: Services, runner: TaskRunner, root: Actor
) -> None:
    page = _page(qtbot, filled, runner, root)
    assert page.table.isColumnHidden(Column.DISPLAY_NAME)
    page.columns.menu.aboutToShow.emit()
    page.columns.actions[Column.DISPLAY_NAME].trigger()  # shown, from the Columns menu
    page.columns.actions[Column.MOBILE].trigger()  # hidden
    assert not page.table.isColumnHidden(Column.DISPLAY_NAME)
    assert page.table.isColumnHidden(Column.MOBILE)
    assert not page.columns.actions[Column.NAME].isEnabled()  # the name always shows
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        page.model.sort(Column.EMAIL, Qt.SortOrder.DescendingOrder)
    page.save_state(QSettings())

    again = UsersPage(ConsoleSession(filled, runner, root))
    qtbot.addWidget(again)
    again.restore_state(QSettings())
    again.show()
    again.activate()
    qtbot.waitUntil(lambda: again.model.rowCount() > 0, timeout=WAIT)
    assert again.model.sort_key == "email" and again.model.descending
    header = again.table.horizontalHeader()
    assert header.sortIndicatorSection() == Column.EMAIL
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert not again.table.isColumnHidden(Column.DISPLAY_NAME)
    assert again.table.isColumnHidden(Column.MOBILE)
    assert _names(again)[0] == "user0149"  # by email, descending


def _menu(page: UsersPage, row: int) -> QMenu:
    shown: list[QMenu] = []
    page.row_menu.show_menu = lambda menu, where: shown.append(menu)  # type: ignore[method-assign]
    rect = page.table.visualRect(page.model.index(row, Column.EMAIL))
    page.table.customContextMenuRequested.emit(rect.center())
    assert len(shown) == 1
    return shown[0]


def _action(menu: QMenu, name: str):  # type: ignore[no-untyped-def]
    return next(a for a in menu.actions() if a.objectName() == name)


def test_the_row_menu_as_root_unlocks_disables_and_copies(
    qtbot: QtBot, page: UsersPage, filled: Services, root: Actor
) -> None:
    row = _names(page).index("user0008")
    menu = _menu(page, row)
    assert page.selected_names() == ["user0008"]  # the row under the menu is selected
    names = [a.objectName() for a in menu.actions() if a.objectName()]
    assert names == ["rowSecuritySettings", "rowResetPassword", "rowUnlock",
                     "rowToggleEnabled", "rowCopyName", "rowCopyEmail"]  # fmt: skip
    assert all(a.isEnabled() for a in menu.actions() if a.objectName())
    with qtbot.waitSignal(page.status_message, timeout=WAIT) as said:
        _action(menu, "rowUnlock").trigger()
    assert said.args == ["user0008 is unlocked."]
    assert not filled.users.get(root, "user0008").locked
    qtbot.waitUntil(lambda: "Locked" not in page.model.index(row, Column.STATUS).data(),
                    timeout=WAIT)  # fmt: skip
    menu = _menu(page, row)
    assert not _action(menu, "rowUnlock").isEnabled()
    assert _action(menu, "rowUnlock").toolTip() == "The user is not locked."
    with qtbot.waitSignal(page.status_message, timeout=WAIT):
        _action(menu, "rowToggleEnabled").trigger()
    assert filled.users.get(root, "user0008").status == "disabled"
    _action(_menu(page, _names(page).index("user0002")), "rowCopyEmail").trigger()
    assert QGuiApplication.clipboard().text() == "user0002@example.com"
    with qtbot.waitSignal(page.details_opened, timeout=WAIT) as opened:
        _action(_menu(page, 4), "rowResetPassword").trigger()
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.security.active_dialog is not None, timeout=WAIT)
    assert dialog.security.active_dialog.objectName() == "resetPasswordDialog"
    dialog.close()


def test_the_row_menu_follows_the_helpdesk_role(
    qtbot: QtBot, filled: Services, runner: TaskRunner, root: Actor
) -> None:
    session = filled.auth.sign_in("desk", STRONG)
    assert isinstance(session, SignInResult)
    page = _page(qtbot, filled, runner, session.actor)
    menu = _menu(page, _names(page).index("user0008"))
    toggle = _action(menu, "rowToggleEnabled")
    assert not toggle.isEnabled() and toggle.toolTip() == "Your role does not allow this."
    assert _action(menu, "rowUnlock").isEnabled() and _action(menu, "rowResetPassword").isEnabled()
    menu = _menu(page, _names(page).index("desk"))  # an operator: not helpdesk's to act on
    reset = _action(menu, "rowResetPassword")
    assert not reset.isEnabled()
    assert reset.toolTip() == "Helpdesk operators act on users without an operator role only."
    assert _action(menu, "rowSecuritySettings").isEnabled()
    bulk = page.bulk
    assert not bulk.disable_action.isEnabled() and not bulk.protection_action.isEnabled()
    assert bulk.unlock_action.isEnabled()


def test_a_click_on_the_username_opens_the_user(qtbot: QtBot, page: UsersPage) -> None:
    rect = page.table.visualRect(page.model.index(5, Column.NAME))
    with qtbot.waitSignal(page.details_opened, timeout=WAIT) as opened:
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = opened.args[0]
    assert dialog.user_name == _names(page)[5]
    assert dialog.tabs.currentWidget().objectName() == "basicInfoTab"
    dialog.close()
    qtbot.waitUntil(lambda: page.details is None, timeout=WAIT)
    email = page.table.visualRect(page.model.index(6, Column.EMAIL))
    with qtbot.assertNotEmitted(page.details_opened, wait=100):
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=email.center())
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.ControlModifier, rect.center())  # fmt: skip
    assert len(page.selected_names()) == 2  # Ctrl-click on a name selects it


def test_a_mobile_typed_with_spaces_is_found(qtbot: QtBot, page: UsersPage) -> None:
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        qtbot.keyClicks(page.search, "+86 138 0000 0042")
    _settled(qtbot, page)
    assert _names(page) == ["user0042"]


def test_the_selection_survives_bulk_unlock(
    qtbot: QtBot, page: UsersPage, filled: Services, root: Actor
) -> None:
    _lock(filled, "user0007")
    chosen = ["user0002", "user0007", "user0008"]
    for name in chosen:
        page.table.selectionModel().select(
            page.model.index(_names(page).index(name), 0),
            page.table.selectionModel().SelectionFlag.Select
            | page.table.selectionModel().SelectionFlag.Rows,
        )
    page.bulk.unlock_action.trigger()
    box = page.window().findChild(QMessageBox, "confirmBulkAction")
    qtbot.waitUntil(lambda: box is not None and box.isVisible(), timeout=WAIT)
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    result = next(d for d in page.window().findChildren(BulkResultDialog) if d.isVisible())
    assert [result.table.item(r, 1).text() for r in range(3)] == ["Done"] * 3
    assert not filled.users.get(root, "user0007").locked
    assert not filled.users.get(root, "user0008").locked
    assert page.selected_names() == chosen  # after the list was read again
    result.close()


def test_export_selected_writes_only_the_selection(
    qtbot: QtBot, page: UsersPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.table.selectRow(1)
    page.table.selectionModel().select(
        page.model.index(4, 0),
        page.table.selectionModel().SelectionFlag.Select
        | page.table.selectionModel().SelectionFlag.Rows,
    )
    target = tmp_path / "chosen.csv"
    monkeypatch.setattr(page, "_ask_export_path", lambda: str(target))
    with qtbot.waitSignal(page.status_message, timeout=WAIT) as said:
        page.bulk.export_action.trigger()
    assert said.args == [f"Exported 2 users to {target}."]
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["name"] for r in rows] == [_names(page)[1], _names(page)[4]]
