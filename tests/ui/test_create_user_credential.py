"""Create User with a credential (issue 13, point 7): set by user, generated (shown once with
Copy), set now or none; the new user's details open after Create."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.domain.vocabulary import InitialPassword, PasswordOrigin
from app.errors import NotFoundError
from app.services import Services
from app.services.records import Actor, SignInResult
from tests.ui.helpers import SQLITE_ONLY, WAIT, click_radio
from ui.session import ConsoleSession
from ui.tasks import TaskRunner
from ui.user_details.details_dialog import UserDetailsDialog
from ui.users.create_user_dialog import CreateUserDialog
from ui.users.users_page import UsersPage
from ui.widgets.copy_field import secret_clipboard
from ui.widgets.one_time_password import OneTimePasswordDialog

pytestmark = SQLITE_ONLY


@pytest.fixture
def page(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor) -> UsersPage:
    page = UsersPage(ConsoleSession(services, runner, root))
    qtbot.addWidget(page)
    page.resize(1100, 650)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: bool(page.login_link.text()), timeout=WAIT)
    return page


def _create(qtbot: QtBot, page: UsersPage, dialog: CreateUserDialog) -> UserDetailsDialog:
    with qtbot.waitSignal(page.details_opened, timeout=WAIT) as opened:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    details = opened.args[0]
    assert isinstance(details, UserDetailsDialog)
    return details


def test_the_four_credentials_and_what_needs_an_email(qtbot: QtBot, page: UsersPage) -> None:
    dialog = page.open_create_user()
    choice = dialog.credential
    assert set(choice.buttons) == set(InitialPassword)
    assert choice.mode() is InitialPassword.AUTO and choice.show_once.isChecked()
    by_user = choice.buttons[InitialPassword.SET_BY_USER]
    assert not by_user.isEnabled() and by_user.toolTip() == "Type the user's email address first."
    assert not choice.email_generated.isEnabled() and not choice.password.isEnabled()
    qtbot.keyClicks(dialog.email, "new@example.com")
    assert by_user.isEnabled() and choice.email_generated.isEnabled()
    height = dialog.sizeHint().height()
    click_radio(qtbot, choice.buttons[InitialPassword.SET_NOW])
    assert choice.password.isEnabled() and choice.require_change.isChecked()
    assert dialog.sizeHint().height() == height  # nothing appears or vanishes
    dialog.reject()


def test_a_generated_password_is_shown_once_over_the_new_users_details(
    qtbot: QtBot, page: UsersPage, services: Services, root: Actor
) -> None:
    dialog = page.open_create_user()
    qtbot.keyClicks(dialog.name, "olga")
    dialog.role.setCurrentIndex(1)  # helpdesk: an operator, who can sign in to check it
    details = _create(qtbot, page, dialog)
    assert details.user_name == "olga"
    qtbot.waitUntil(lambda: details.findChild(OneTimePasswordDialog) is not None, timeout=WAIT)
    shown = details.findChild(OneTimePasswordDialog)
    password = shown.password.text()
    assert len(password) >= 12 and shown.isVisible()
    secret_clipboard().clear_after_ms = 500
    qtbot.mouseClick(shown.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == password and shown.copied
    shown.reject()
    assert shown.password.text() == ""  # gone with the window
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=WAIT)
    user = services.users.get(root, "olga")
    assert user.password_origin == PasswordOrigin.AUTO_GENERATED and user.must_change_password
    session = services.auth.sign_in("olga", password)
    assert isinstance(session, SignInResult) and session.password_change_required


def test_set_by_user_emails_a_link_and_opens_the_details(
    qtbot: QtBot, page: UsersPage, services: Services, root: Actor
) -> None:
    dialog = page.open_create_user()
    qtbot.keyClicks(dialog.name, "ann")
    qtbot.keyClicks(dialog.email, "ann@example.com")
    click_radio(qtbot, dialog.credential.buttons[InitialPassword.SET_BY_USER])
    details = _create(qtbot, page, dialog)
    assert details.user_name == "ann" and details.findChild(OneTimePasswordDialog) is None
    assert [m.purpose for m in services.outbox.list(root)] == ["set-password-link"]
    assert not services.users.get(root, "ann").has_password


def test_a_weak_password_is_refused_beside_it_and_no_user_is_created(
    qtbot: QtBot, page: UsersPage, services: Services, root: Actor
) -> None:
    dialog = page.open_create_user()
    qtbot.keyClicks(dialog.name, "weak")
    click_radio(qtbot, dialog.credential.buttons[InitialPassword.SET_NOW])
    qtbot.keyClicks(dialog.credential.password, "short")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    line = dialog.credential.password_error
    qtbot.waitUntil(lambda: line.text() != "", timeout=WAIT)
    assert dialog.isVisible() and page.details is None
    with pytest.raises(NotFoundError):
        services.users.get(root, "weak")


def test_none_creates_a_user_without_a_password(
    qtbot: QtBot, page: UsersPage, services: Services, root: Actor
) -> None:
    dialog = page.open_create_user()
    qtbot.keyClicks(dialog.name, "robot")
    click_radio(qtbot, dialog.credential.buttons[InitialPassword.NONE])
    details = _create(qtbot, page, dialog)
    assert details.user_name == "robot" and details.findChild(OneTimePasswordDialog) is None
    assert not services.users.get(root, "robot").has_password
