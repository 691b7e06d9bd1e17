"""The house of ui/ (issue 13, point 11): one console session carries services, operator and
runner; its change signal keeps every view current; the Security Settings tab is built from
small section modules under the details package; the users page is a Page."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QMessageBox
from pytestqt.qtbot import QtBot

from app.services import Services
from app.services.records import Actor
from tests.ui.helpers import SQLITE_ONLY, WAIT
from ui.pages.page import Page
from ui.session import Change, ConsoleSession
from ui.tasks import TaskRunner
from ui.user_details.security_settings import SecuritySettingsTab
from ui.user_details.security_settings.section import Section
from ui.users.user_table_model import NAME_ROLE, Column
from ui.users.users_page import UsersPage

UI = Path(__file__).resolve().parents[2] / "ui"
MAX_LINES = 440  # "no module over ~400 lines"


@pytest.fixture
def session(services: Services, runner: TaskRunner, root: Actor) -> ConsoleSession:
    services.users.create(root, "alice", email="alice@example.com", mobile="+8613800138000")
    return ConsoleSession(services, runner, root)


def test_ui_modules_are_small_and_ui_security_is_gone() -> None:
    big = {
        str(path.relative_to(UI)): n
        for path in UI.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert big == {}
    # ui/security/ shadowed app/security/ (argon2, vault) in name: the tab lives in the
    # details package now, one module per section.
    assert importlib.util.find_spec("ui.security") is None
    sections = UI / "user_details" / "security_settings"
    for name in ("sign_in_lock", "credentials", "mfa_keys", "login_protection", "access_keys",
                 "temporary_credentials"):  # fmt: skip
        assert (sections / f"{name}.py").exists(), name


@SQLITE_ONLY
def test_the_users_page_is_a_page(qtbot: QtBot, session: ConsoleSession) -> None:
    page = UsersPage(session)
    qtbot.addWidget(page)
    assert isinstance(page, Page)
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        page.activate()
    assert page.objectName() == "usersPage"


@SQLITE_ONLY
def test_the_tab_is_made_of_one_section_per_area(qtbot: QtBot, session: ConsoleSession) -> None:
    tab = SecuritySettingsTab(session, "alice")
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.show()
    boxes = [box for box in tab.findChildren(QGroupBox) if isinstance(box, Section)]
    assert [type(box).__name__ for box in boxes] == [
        "SignInLockSection", "CredentialsSection", "MfaKeysSection", "LoginProtectionSection",
        "AccessKeysSection", "TemporaryCredentialsSection",
    ]  # fmt: skip
    assert all(box.session is session for box in boxes)


@SQLITE_ONLY
def test_a_change_in_the_tab_reaches_the_users_list_through_the_session(
    qtbot: QtBot, session: ConsoleSession, services: Services, root: Actor
) -> None:
    """No hand-wired chain: the list and the tab only share the session."""
    page = UsersPage(session)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        page.activate()
    row = next(r for r in range(page.model.rowCount())
               if page.model.index(r, Column.NAME).data(NAME_ROLE) == "alice")  # fmt: skip
    assert page.model.index(row, Column.MOBILE).data() not in ("", None, "—")

    tab = SecuritySettingsTab(session, "alice")
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.show()
    qtbot.mouseClick(tab.credentials.remove_mobile_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.findChild(QMessageBox, "confirmRemoveContact") is not None,
                    timeout=WAIT)  # fmt: skip
    box = tab.findChild(QMessageBox, "confirmRemoveContact")
    with qtbot.waitSignal(session.changed, timeout=WAIT,
                          check_params_cb=lambda c: c.user == "alice") as changed:  # fmt: skip
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    change = changed.args[0]
    assert isinstance(change, Change) and change.initiator is tab.credentials
    qtbot.waitUntil(
        lambda: page.model.index(row, Column.MOBILE).data() in ("", None, "—"), timeout=WAIT
    )
    assert services.users.get(root, "alice").mobile is None
    qtbot.waitUntil(lambda: tab.credentials.mobile_value.text() == "Not bound", timeout=WAIT)


@SQLITE_ONLY
def test_a_change_made_elsewhere_refreshes_an_open_tab(
    qtbot: QtBot, session: ConsoleSession, services: Services, root: Actor
) -> None:
    tab = SecuritySettingsTab(session, "alice")
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.show()
    services.contacts.clear(root, "alice", "email")
    with qtbot.assertNotEmitted(tab.changed), qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        session.announce(Change("alice"))  # e.g. a bulk action or the Basic Information tab
    assert tab.credentials.email_value.text() == "Not bound"
    with qtbot.assertNotEmitted(tab.state_loaded, wait=200):
        session.announce(Change("bob"))  # another user's change is not read again
