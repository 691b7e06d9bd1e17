"""Locked users (issue 13, point 1): the lock shown on the Security Settings tab with Unlock
beside it, the reset that also unlocks, failed attempts and the last failed sign-in, and a
status column that never truncates."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.domain.roles import Role
from app.domain.vocabulary import ResetMode
from app.errors import IamDeskError
from app.security.passwords import generate_password
from app.services import Services
from app.services.records import Actor
from tests.ui.helpers import SQLITE_ONLY, WAIT, security_tab
from ui.session import ConsoleSession
from ui.tasks import TaskRunner
from ui.user_details.security_settings.password_dialog import ResetPasswordDialog
from ui.users.user_table_model import NAME_ROLE, Column
from ui.users.users_page import UsersPage

pytestmark = SQLITE_ONLY
STRONG = "Xylophone-Quartz-77"


@pytest.fixture
def locked(services: Services, root: Actor) -> str:
    """Helpdesk operator "olga", locked by wrong passwords typed at the console's sign-in."""
    services.users.create(root, "olga", email="olga@example.com", role=Role.HELPDESK.value)
    services.passwords.reset(root, "olga", ResetMode.SET_NOW, new_password=STRONG,
                             must_change=False)  # fmt: skip
    for _ in range(5):
        with pytest.raises(IamDeskError):
            services.auth.sign_in("olga", "Wrong-Password-0")
    assert services.users.get(root, "olga").locked
    return "olga"


def test_the_security_tab_shows_the_lock_and_unlocks(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, locked: str
) -> None:
    tab = security_tab(qtbot, services, runner, root, locked)
    status = tab.findChild(type(tab.lock.lock_value), "signInLockStatus")
    assert status is not None and "Locked after too many failed sign-ins, until" in status.text()
    failures = tab.findChild(type(tab.lock.lock_value), "failedSignIns").text()
    # the last failed sign-in comes from the audit log; the count restarts at the lock
    assert failures.startswith("Last failed sign-in: 20") and failures.endswith("lock: 0.")
    unlock = tab.findChild(QPushButton, "securityUnlockButton")
    assert unlock.isEnabled()
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        qtbot.mouseClick(unlock, Qt.MouseButton.LeftButton)
    assert not services.users.get(root, locked).locked
    assert tab.lock.lock_value.text() == "Not locked."
    assert not unlock.isEnabled() and unlock.toolTip() == "The user is not locked."
    assert tab.notice.text() == "olga is unlocked."


def test_failed_sign_ins_below_the_limit_show_and_unlock_clears_them(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    services.users.create(root, "olga", role=Role.HELPDESK.value)
    services.passwords.reset(root, "olga", ResetMode.SET_NOW, new_password=STRONG,
                             must_change=False)  # fmt: skip
    for _ in range(2):
        with pytest.raises(IamDeskError):
            services.auth.sign_in("olga", "Wrong-Password-0")
    tab = security_tab(qtbot, services, runner, root, "olga")
    assert tab.lock.lock_value.text() == "Not locked."
    assert tab.lock.failures_value.text().endswith("Counted towards the next lock: 2.")
    assert tab.lock.unlock_button.isEnabled()
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        qtbot.mouseClick(tab.lock.unlock_button, Qt.MouseButton.LeftButton)
    assert tab.lock.failures_value.text().endswith("Counted towards the next lock: 0.")


def test_reset_offers_also_unlock_on_by_default_when_locked(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, locked: str
) -> None:
    tab = security_tab(qtbot, services, runner, root, locked)
    qtbot.mouseClick(tab.credentials.reset_password_button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, ResetPasswordDialog)
    assert dialog.also_unlock.isVisible() and dialog.also_unlock.isChecked()
    qtbot.mouseClick(dialog.mode_now, Qt.MouseButton.LeftButton)
    dialog.mode_now.setChecked(True)
    password = generate_password()
    qtbot.keyClicks(dialog.new_password, password)
    qtbot.keyClicks(dialog.confirm_password, password)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not services.users.get(root, locked).locked
    assert tab.notice.text().endswith("The user is unlocked.")
    assert services.auth.sign_in(locked, password) is not None


def test_reset_of_an_unlocked_user_does_not_offer_unlock(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    tab = security_tab(qtbot, services, runner, root, "alice")
    qtbot.mouseClick(tab.credentials.reset_password_button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, ResetPasswordDialog)
    assert not dialog.also_unlock.isVisible() and not dialog.also_unlock.isChecked()
    dialog.reject()


def test_the_status_column_never_truncates(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, locked: str
) -> None:
    services.users.set_enabled(root, locked, False)
    page = UsersPage(ConsoleSession(services, runner, root))
    qtbot.addWidget(page)
    page.resize(900, 600)  # narrower than the columns' caps: the elastic ones give way
    page.show()
    with qtbot.waitSignal(page.model.loaded, timeout=WAIT):
        page.activate()
    row = next(r for r in range(page.model.rowCount())
               if page.model.index(r, Column.NAME).data(NAME_ROLE) == locked)  # fmt: skip
    index = page.model.index(row, Column.STATUS)
    assert index.data() == "Disabled · Locked"
    needed = page.table.sizeHintForIndex(index).width()
    assert page.table.columnWidth(Column.STATUS) >= needed
