"""The Users page against a real store: paging, search, sort, details, create, bulk, export."""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMessageBox, QTabWidget
from pytestqt.qtbot import QtBot

from app.clock import FrozenClock
from app.devices.fido import list_devices
from app.security import totp
from app.services import Services
from app.services.records import Actor
from tests.support.softkey import SoftAuthenticator, soft_device
from tests.ui.helpers import SQLITE_ONLY, WAIT
from ui.session import ConsoleSession
from ui.tasks import TaskRunner
from ui.users.bulk_actions import BulkResultDialog
from ui.users.user_table_model import NAME_ROLE, PAGE, Column, UserTableModel
from ui.users.users_page import UsersPage

pytestmark = SQLITE_ONLY
USERS = 250  # two and a half pages


def _import(services: Services, root: Actor, count: int) -> None:
    lines = ["name,email,mobile,display_name"]
    lines += [f"user{i:04d},user{i:04d}@example.com,+86138{i:08d},Person {i}" for i in range(count)]
    services.user_import.import_csv(root, io.StringIO("\n".join(lines) + "\n"))


@pytest.fixture
def filled(services: Services, root: Actor) -> Services:
    _import(services, root, USERS)
    return services


@pytest.fixture
def page(qtbot: QtBot, filled: Services, runner: TaskRunner, root: Actor) -> UsersPage:
    page = UsersPage(ConsoleSession(filled, runner, root))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.activate()
    qtbot.waitUntil(
        lambda: page.model.rowCount() > 0 and bool(page.login_link.text()), timeout=WAIT
    )
    return page


def _names(model: UserTableModel) -> list[str]:
    return [model.index(r, Column.NAME).data(NAME_ROLE) for r in range(model.rowCount())]


def test_the_model_passes_qt_model_checks(
    qtbot: QtBot, qtmodeltester, filled: Services, runner: TaskRunner, root: Actor
) -> None:
    model = UserTableModel(filled, runner, root)
    with qtbot.waitSignal(model.loaded, timeout=WAIT):
        model.refresh()
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == PAGE and model.total == USERS


def test_first_page_then_more_as_the_view_scrolls(qtbot: QtBot, page: UsersPage) -> None:
    assert page.model.rowCount() == PAGE
    assert page.count_label.text() == f"{USERS} users"
    assert _names(page.model)[:3] == ["user0000", "user0001", "user0002"]
    for expected in (2 * PAGE, USERS):
        page.table.scrollToBottom()
        qtbot.waitUntil(lambda n=expected: page.model.rowCount() == n, timeout=WAIT)
    assert _names(page.model) == [f"user{i:04d}" for i in range(USERS)]
    assert not page.model.canFetchMore(QModelIndex())


def test_typing_in_search_filters_in_the_store(qtbot: QtBot, page: UsersPage) -> None:
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "user012")  # user0120..user0129
    qtbot.waitUntil(lambda: page.model.search == "user012", timeout=WAIT)
    qtbot.waitUntil(lambda: not page.model.loading, timeout=WAIT)
    assert _names(page.model) == [f"user{i:04d}" for i in range(120, 130)]
    assert page.count_label.text() == "10 users match"
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE and not page.model.search, timeout=WAIT)


def test_search_is_debounced(qtbot: QtBot, page: UsersPage) -> None:
    queries: list[str] = []
    page.model.loaded.connect(lambda: queries.append(page.model.search))
    qtbot.keyClicks(page.search, "user02")
    qtbot.waitUntil(lambda: queries == ["user02"], timeout=WAIT)
    assert page.model.search == "user02"  # one query for six keystrokes


def test_header_click_sorts_in_the_store(
    qtbot: QtBot, page: UsersPage, filled: Services, root: Actor
) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.NAME) + 5
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    expected = [u.name for u in filled.users.list(root, sort="name", descending=True).rows]
    assert page.model.descending and _names(page.model) == expected
    before = _names(page.model)
    page._on_header_clicked(Column.MFA)  # not sortable: nothing changes
    assert _names(page.model) == before and header.sortIndicatorSection() == Column.NAME


def test_enter_and_double_click_open_the_details(qtbot: QtBot, page: UsersPage) -> None:
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(3, Column.EMAIL))
    with qtbot.waitSignal(page.details_opened, timeout=WAIT) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = opened.args[0]
    tabs = dialog.findChild(QTabWidget, "userTabs")
    assert tabs.currentWidget().objectName() == "basicInfoTab"
    qtbot.waitUntil(lambda: dialog.basic.user is not None, timeout=WAIT)
    assert dialog.basic.name_label.text() == "user0003"
    dialog.close()
    qtbot.waitUntil(lambda: page.details is None, timeout=WAIT)

    rect = page.table.visualRect(page.model.index(5, Column.NAME))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.details_opened, timeout=WAIT) as opened:
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args[0].user_name == "user0005"
    opened.args[0].close()


def test_operation_column_opens_security_settings(qtbot: QtBot, page: UsersPage) -> None:
    index = page.model.index(2, Column.OPERATION)
    assert index.data() == "Security Settings"
    page.table.scrollTo(index)
    rect = page.table.visualRect(index)
    with qtbot.waitSignal(page.details_opened, timeout=WAIT) as opened:
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = opened.args[0]
    assert dialog.tabs.currentWidget().objectName() == "securitySettingsTab"
    assert dialog.user_name == "user0002"
    dialog.close()


class _NoPin:
    def touch_requested(self) -> None:
        pass

    def pin_requested(self) -> str | None:
        return None


def _bind_mfa(services: Services, root: Actor, clock: FrozenClock, name: str) -> None:
    enrollment = services.mfa.bind(root, name)
    first = totp.code_at(enrollment.secret, totp.time_step(clock.now()))
    clock.advance(seconds=30)
    second = totp.code_at(enrollment.secret, totp.time_step(clock.now()))
    services.mfa.confirm(root, name, first, second)


def _enrol_key(services: Services, root: Actor, name: str, key_name: str) -> None:
    (device,) = list_devices(lambda: [soft_device(SoftAuthenticator())])
    services.security_keys.add(root, name, key_name, device, _NoPin(), threading.Event())


def test_credential_columns_come_with_the_rows(
    qtbot: QtBot, page: UsersPage, filled: Services, root: Actor, clock: FrozenClock
) -> None:
    _bind_mfa(filled, root, clock, "user0001")
    _enrol_key(filled, root, "user0001", "desk-key")
    _enrol_key(filled, root, "user0001", "spare-key")
    filled.access_keys.create(root, "user0001")
    filled.mfa.bind(root, "user0002")
    _enrol_key(filled, root, "user0003", "only-key")
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        page.refresh()
    cells = [
        (page.model.index(row, Column.MFA).data(), page.model.index(row, Column.ACCESS_KEYS).data())
        for row in range(4)
    ]
    assert cells == [
        ("Not bound", "0"),
        ("Virtual / 2 key(s)", "1"),
        ("Virtual (pending)", "0"),
        ("1 key(s)", "0"),
    ]


class _CountingService:
    """Passes calls to a service and notes each one (from whichever thread makes it)."""

    def __init__(self, service: Any, name: str, calls: list[str]) -> None:
        self._service, self._name, self._calls = service, name, calls

    def __getattr__(self, attribute: str) -> Any:
        found = getattr(self._service, attribute)
        if not callable(found):
            return found

        def call(*args: Any, **kwargs: Any) -> Any:
            self._calls.append(f"{self._name}.{attribute}")
            return found(*args, **kwargs)

        return call


class _CountingServices:
    def __init__(self, services: Services) -> None:
        self._services = services
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return _CountingService(getattr(self._services, name), name, self.calls)


def test_scrolling_asks_the_service_once_per_page_never_per_row(
    qtbot: QtBot, filled: Services, runner: TaskRunner, root: Actor
) -> None:
    counting = _CountingServices(filled)
    page = UsersPage(ConsoleSession(counting, runner, root))  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE, timeout=WAIT)
    for expected in (2 * PAGE, USERS):
        page.table.scrollToBottom()
        qtbot.waitUntil(lambda n=expected: page.model.rowCount() == n, timeout=WAIT)
    page.table.scrollToTop()
    for row in range(0, USERS, 10):  # every row painted, as a slow scroll would
        page.table.scrollTo(page.model.index(row, Column.MFA))
        page.table.viewport().repaint()
    texts = {page.model.index(r, c).data() for r in range(USERS) for c in Column}
    qtbot.wait(200)  # time for any late request a paint might have started
    assert runner.wait(WAIT)
    assert "…" not in texts and "Not bound" in texts
    assert sorted(counting.calls) == ["portal_settings.show"] + ["users.list"] * 3


def test_a_newer_search_drops_the_older_and_never_queues_behind_it(
    qtbot: QtBot, filled: Services, runner: TaskRunner, root: Actor
) -> None:
    counting = _CountingServices(filled)
    model = UserTableModel(counting, runner, root)  # type: ignore[arg-type]
    loaded: list[tuple[str, list[str]]] = []
    model.loaded.connect(lambda: loaded.append((model.search, _names(model))))
    for text in ("u", "us", "use", "user", "user01", "user012"):  # typed faster than answered
        model.set_search(text)
    qtbot.waitUntil(lambda: bool(loaded) and not model.loading, timeout=WAIT)
    assert runner.wait(WAIT)
    # the first query ran; the five typed meanwhile made one more, for the latest text only
    assert counting.calls == ["users.list", "users.list"]
    assert loaded == [("user012", [f"user{i:04d}" for i in range(120, 130)])]


def test_login_link_shows_and_copies_the_portal_url(
    qtbot: QtBot, page: UsersPage, filled: Services, root: Actor
) -> None:
    assert page.login_link.text() == "https://iamdesk.local/portal/"
    qtbot.mouseClick(page.login_link.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "https://iamdesk.local/portal/"
    filled.portal_settings.set(root, "https://iam.acme.example")
    page.refresh()
    qtbot.waitUntil(lambda: page.login_link.text() == "https://iam.acme.example/", timeout=WAIT)
    dialog = page.open_create_user()
    qtbot.keyClicks(dialog.name, "newcomer")
    with qtbot.waitSignal(page.status_message, timeout=WAIT) as told:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert told.args == ["User newcomer created; they sign in at https://iam.acme.example/."]


def test_create_user_shows_errors_beside_the_field(
    qtbot: QtBot, page: UsersPage, filled: Services, root: Actor
) -> None:
    dialog = page.open_create_user()
    qtbot.keyClicks(dialog.name, "zed")
    qtbot.keyClicks(dialog.email, "not-an-email")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    line = dialog.errors._lines["email"]
    qtbot.waitUntil(lambda: line.text() != "", timeout=WAIT)
    assert "email" in line.text() and dialog.errors._lines["name"].text() == ""
    assert dialog.email.hasFocus()
    dialog.email.clear()
    qtbot.keyClicks(dialog.email, "zed@example.com")
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert filled.users.get(root, "zed").email == "zed@example.com"
    assert page.count_label.text() == f"{USERS + 1} users"


def test_a_user_created_as_the_dialog_closes_still_shows_in_the_list(
    qtbot: QtBot, page: UsersPage, filled: Services, root: Actor
) -> None:
    dialog = page.open_create_user()
    qtbot.keyClicks(dialog.name, "late.user")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.creating
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        dialog.reject()  # Esc before the store answered: the dialog's own answer is dropped
    assert filled.users.get(root, "late.user").name == "late.user"
    assert page.count_label.text() == f"{USERS + 1} users"


def _select(page: UsersPage, rows: list[int]) -> None:
    page.table.clearSelection()
    for row in rows:
        page.table.selectionModel().select(
            page.model.index(row, 0),
            page.table.selectionModel().SelectionFlag.Select
            | page.table.selectionModel().SelectionFlag.Rows,
        )


def _answer_yes(qtbot: QtBot, page: UsersPage) -> None:
    box = page.window().findChild(QMessageBox, "confirmBulkAction")
    qtbot.waitUntil(lambda: box is not None and box.isVisible(), timeout=WAIT)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)


def _result_dialog(qtbot: QtBot, page: UsersPage) -> BulkResultDialog:
    def shown() -> list[BulkResultDialog]:
        return [d for d in page.window().findChildren(BulkResultDialog) if d.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1, timeout=WAIT)
    return shown()[0]


def test_bulk_set_password_links_report_each_user(
    qtbot: QtBot, page: UsersPage, filled: Services, root: Actor
) -> None:
    filled.contacts.clear(root, "user0001", "email")
    assert not page.links_button.isEnabled()
    _select(page, [0, 1, 2])
    assert page.selected_names() == ["user0000", "user0001", "user0002"]
    qtbot.mouseClick(page.links_button, Qt.MouseButton.LeftButton)
    _answer_yes(qtbot, page)
    dialog = _result_dialog(qtbot, page)
    rows = {
        dialog.table.item(r, 0).text(): (dialog.table.item(r, 1).text(),
                                         dialog.table.item(r, 2).text())
        for r in range(dialog.table.rowCount())
    }  # fmt: skip
    assert rows["user0000"] == ("Done", "Link emailed to user0000@example.com")
    assert rows["user0001"][0] == "Refused" and "no email" in rows["user0001"][1]
    assert rows["user0002"][0] == "Done"
    queued = filled.outbox.list(root, status="queued")
    assert sorted(m.recipient for m in queued) == ["user0000@example.com", "user0002@example.com"]


def test_bulk_disable_and_login_protection(
    qtbot: QtBot, page: UsersPage, filled: Services, root: Actor
) -> None:
    _select(page, [4, 5])
    page.disable_action.trigger()
    _answer_yes(qtbot, page)
    _result_dialog(qtbot, page).close()
    qtbot.waitUntil(lambda: page.model.index(4, Column.STATUS).data() == "Disabled", timeout=WAIT)
    assert filled.users.get(root, "user0005").status == "disabled"

    _select(page, [6])
    page.protection_action.trigger()
    ask = page.window().findChild(QInputDialog, "bulkProtectionMethod")
    qtbot.waitUntil(lambda: ask is not None and ask.isVisible(), timeout=WAIT)
    ask.setTextValue("Email")
    ask.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    dialog = _result_dialog(qtbot, page)
    assert dialog.table.item(0, 1).text() == "Done"
    assert filled.users.get(root, "user0006").login_protection == "email"


def test_export_writes_the_searched_users(
    qtbot: QtBot, page: UsersPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.keyClicks(page.search, "user01")
    qtbot.waitUntil(lambda: page.model.search == "user01" and not page.model.loading,
                    timeout=WAIT)  # fmt: skip
    target = tmp_path / "users.csv"
    monkeypatch.setattr(page, "_ask_export_path", lambda: str(target))
    with qtbot.waitSignal(page.status_message, timeout=WAIT):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    with target.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["name"] for r in rows] == [f"user{i:04d}" for i in range(100, 200)]
    assert rows[0]["email"] == "user0100@example.com"


def test_f5_refresh_shows_users_made_elsewhere(
    qtbot: QtBot, page: UsersPage, filled: Services, root: Actor
) -> None:
    filled.users.create(root, "aaa-first")
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        qtbot.keyClick(page.table, Qt.Key.Key_F5)
    assert _names(page.model)[0] == "aaa-first"


def test_a_change_in_details_updates_the_row(
    qtbot: QtBot, page: UsersPage, filled: Services, root: Actor
) -> None:
    dialog = page.open_details("user0001")
    qtbot.waitUntil(lambda: dialog.basic.user is not None, timeout=WAIT)
    qtbot.mouseClick(dialog.basic.toggle_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.index(1, Column.STATUS).data() == "Disabled", timeout=WAIT)
    dialog.close()
