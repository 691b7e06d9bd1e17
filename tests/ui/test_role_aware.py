"""Role-aware Security Settings (issue 13, points 4 and 5): a helpdesk operator sees no
enabled action the role may not perform (from app/domain/roles.py, the services' own table),
disabled buttons say why, and empty tables say so."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.domain.roles import Permission, Role, allows
from app.domain.vocabulary import ResetMode
from app.services import Services
from app.services.records import Actor, SignInResult
from tests.ui.helpers import SQLITE_ONLY, WAIT, security_tab
from ui.tasks import TaskRunner

pytestmark = SQLITE_ONLY
STRONG = "Xylophone-Quartz-77"


@pytest.fixture
def helpdesk(services: Services, root: Actor) -> Actor:
    services.users.create(root, "olga", email="olga@example.com", role=Role.HELPDESK.value)
    services.passwords.reset(root, "olga", ResetMode.SET_NOW, new_password=STRONG,
                             must_change=False)  # fmt: skip
    session = services.auth.sign_in("olga", STRONG)
    assert isinstance(session, SignInResult)
    return session.actor


def test_every_button_as_helpdesk_follows_the_permission_table(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, helpdesk: Actor
) -> None:
    services.users.create(root, "alice", email="alice@example.com", mobile="+8613800138000")
    tab = security_tab(qtbot, services, runner, helpdesk, "alice")
    # Every action button; an error line's Reload only reads again.
    buttons = [b for b in tab.findChildren(QPushButton) if not b.objectName().endswith("Reload")]
    assert len(buttons) >= 16
    for button in buttons:
        name = button.objectName()
        value = button.property("permission")
        assert value, f"{name} names no permission"
        permission = Permission(value)
        if not allows(Role.HELPDESK, permission):
            assert not button.isEnabled(), name
            assert button.toolTip() == "Your role does not allow this.", name
    assert tab.credentials.reset_password_button.isEnabled()  # what helpdesk is for
    assert not tab.protection.protection_method.isEnabled()


def test_helpdesk_may_not_act_on_an_operator(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, helpdesk: Actor
) -> None:
    services.users.create(root, "wang", email="wang@example.com", role=Role.ADMINISTRATOR.value)
    tab = security_tab(qtbot, services, runner, helpdesk, "wang")
    reset = tab.credentials.reset_password_button
    assert not reset.isEnabled()
    assert reset.toolTip() == "Helpdesk operators act on users without an operator role only."


def test_disabled_buttons_say_why_and_empty_tables_say_so(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    services.users.create(root, "bob")  # no password, contacts, MFA or keys
    tab = security_tab(qtbot, services, runner, root, "bob")
    why = {
        tab.credentials.delete_password_button: "No password is set.",
        tab.credentials.remove_mobile_button: "No mobile number is bound.",
        tab.credentials.remove_email_button: "No email address is bound.",
        tab.mfa.reset_mfa_button: "No virtual MFA device is bound.",
        tab.mfa.unbind_key_button: "Select a security key first.",
        tab.protection.apply_protection_button: "Nothing changed.",
        tab.access_keys.toggle_access_key_button: "Select an access key first.",
        tab.temporary.revoke_temporary_button: "Select a temporary credential first.",
        tab.lock.unlock_button: "The user is not locked.",
    }
    for button, reason in why.items():
        assert not button.isEnabled() and button.toolTip() == reason, button.objectName()
    for table, text in ((tab.mfa.key_table, "No security keys"),
                        (tab.access_keys.access_key_table, "No access keys"),
                        (tab.temporary.temporary_table,
                         "No temporary credentials in force")):  # fmt: skip
        assert table.rowCount() == 1 and table.item(0, 0).text() == text
        assert table.columnSpan(0, 0) == table.columnCount()
    services.access_keys.create(root, "bob")
    services.access_keys.create(root, "bob")
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    create = tab.access_keys.create_access_key_button
    assert not create.isEnabled() and create.toolTip() == "The user has 2 of 2 access keys."
    assert tab.access_keys.access_key_table.rowCount() == 2
    assert tab.access_keys.access_key_table.columnSpan(0, 0) == 1
