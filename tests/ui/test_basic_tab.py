"""Basic Information and the details window against a real store."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from app.errors import AuthenticationError, NotFoundError
from app.services import Services
from app.services.records import Actor
from tests.ui.helpers import SQLITE_ONLY, WAIT
from ui.session import Change, ConsoleSession
from ui.tasks import TaskRunner
from ui.user_details.basic_tab import BasicInfoTab
from ui.user_details.details_dialog import BASIC, SECURITY, UserDetailsDialog
from ui.user_details.security_settings.contact_dialog import ContactDialog

pytestmark = SQLITE_ONLY
STRONG = "Xylophone-Quartz-77"


@pytest.fixture
def tab(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor,
        alice: str) -> BasicInfoTab:  # fmt: skip
    tab = BasicInfoTab(ConsoleSession(services, runner, root), alice)
    qtbot.addWidget(tab)
    tab.resize(800, 600)
    tab.show()
    with qtbot.waitSignal(tab.loaded, timeout=WAIT):
        tab.reload()
    return tab


def _click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_shows_the_user(tab: BasicInfoTab) -> None:
    assert tab.name_label.text() == "alice"
    assert tab.display_name.text() == "Alice"
    assert tab.status_label.text() == "Enabled"
    assert tab.role.currentData() == "none"
    assert "alice@example.com" in tab.contact_label.text()
    assert tab.password_label.text() == "Not set"
    assert not tab.unlock_button.isVisible()


def test_save_changes_names_and_role(
    qtbot: QtBot, tab: BasicInfoTab, services: Services, root: Actor
) -> None:
    tab.display_name.clear()
    qtbot.keyClicks(tab.display_name, "Alice Zhang")
    qtbot.keyClicks(tab.description, "Shanghai office")
    tab.role.setCurrentIndex(tab.role.findData("helpdesk"))
    with qtbot.waitSignal(tab.changed, timeout=WAIT):
        _click(qtbot, tab.save_button)
    user = services.users.get(root, "alice")
    assert (user.display_name, user.description, user.role) == (
        "Alice Zhang", "Shanghai office", "helpdesk"
    )  # fmt: skip
    assert tab.status_message.text() == "Saved."


def test_a_bad_display_name_is_shown_beside_it(
    qtbot: QtBot, tab: BasicInfoTab, services: Services, root: Actor
) -> None:
    tab.display_name.setText("bell\x07")
    _click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: tab.display_name_error.text() != "", timeout=WAIT)
    assert "display name" in tab.display_name_error.text()
    assert tab.error.text() == "" and tab.display_name.hasFocus()
    assert services.users.get(root, "alice").display_name == "Alice"


def test_a_stale_edit_offers_reload(
    qtbot: QtBot, tab: BasicInfoTab, services: Services, root: Actor
) -> None:
    services.users.update(root, "alice", display_name="Changed Elsewhere")
    tab.display_name.setText("Mine")
    _click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: tab.error.text() != "", timeout=WAIT)
    assert "changed by someone else" in tab.error.text()
    assert tab.error.reload_button.isVisible()
    assert services.users.get(root, "alice").display_name == "Changed Elsewhere"
    with qtbot.waitSignal(tab.loaded, timeout=WAIT):
        _click(qtbot, tab.error.reload_button)
    assert tab.display_name.text() == "Changed Elsewhere" and tab.error.text() == ""
    tab.display_name.setText("Mine")
    with qtbot.waitSignal(tab.changed, timeout=WAIT):
        _click(qtbot, tab.save_button)
    assert services.users.get(root, "alice").display_name == "Mine"


def test_disable_and_enable(
    qtbot: QtBot, tab: BasicInfoTab, services: Services, root: Actor
) -> None:
    assert tab.toggle_button.text() == "Disable"
    with qtbot.waitSignal(tab.changed, timeout=WAIT):
        _click(qtbot, tab.toggle_button)
    assert services.users.get(root, "alice").status == "disabled"
    assert tab.status_label.text() == "Disabled" and tab.toggle_button.text() == "Enable"
    with qtbot.waitSignal(tab.changed, timeout=WAIT):
        _click(qtbot, tab.toggle_button)
    assert services.users.get(root, "alice").status == "enabled"


def test_unlock_a_locked_operator(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    services.users.create(root, "olga", role="helpdesk")
    services.passwords.reset(root, "olga", "set-now", new_password=STRONG, must_change=False)
    failures = services.account.settings(root).login_policy.max_failures
    for _ in range(failures):
        with pytest.raises(AuthenticationError):
            services.auth.sign_in("olga", "wrong-password-1")
    tab = BasicInfoTab(ConsoleSession(services, runner, root), "olga")
    qtbot.addWidget(tab)
    tab.show()
    with qtbot.waitSignal(tab.loaded, timeout=WAIT):
        tab.reload()
    assert tab.unlock_button.isVisible() and "locked until" in tab.status_label.text()
    with qtbot.waitSignal(tab.changed, timeout=WAIT):
        _click(qtbot, tab.unlock_button)
    assert not tab.unlock_button.isVisible()
    assert services.auth.sign_in("olga", STRONG).actor.name == "olga"


def _confirm_box(qtbot: QtBot, parent: QWidget) -> QMessageBox:
    def shown() -> list[QMessageBox]:
        boxes = parent.findChildren(QMessageBox, "confirmDeleteUser")
        return [b for b in boxes if b.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1, timeout=WAIT)
    return shown()[0]


def test_delete_asks_first(
    qtbot: QtBot, tab: BasicInfoTab, services: Services, root: Actor
) -> None:
    _click(qtbot, tab.delete_button)
    box = _confirm_box(qtbot, tab)
    assert "alice" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert services.users.get(root, "alice").name == "alice"

    _click(qtbot, tab.delete_button)
    box = _confirm_box(qtbot, tab)
    with qtbot.waitSignal(tab.deleted, timeout=WAIT) as deleted:
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert deleted.args == ["alice"]
    with pytest.raises(NotFoundError):
        services.users.get(root, "alice")


def test_details_window_tabs_and_reload_after_security_change(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    dialog = UserDetailsDialog(ConsoleSession(services, runner, root), alice, tab=SECURITY)
    qtbot.addWidget(dialog)
    dialog.show()
    tabs = dialog.findChild(QTabWidget, "userTabs")
    assert [tabs.widget(i).objectName() for i in range(tabs.count())] == [
        "basicInfoTab", "securitySettingsTab"
    ]  # fmt: skip
    assert tabs.currentIndex() == SECURITY
    qtbot.waitUntil(lambda: dialog.basic.user is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: getattr(dialog.security, "state", True) is not None, timeout=WAIT)
    services.users.update(root, alice, display_name="Renamed")
    change = Change(alice, initiator=dialog.security.credentials)  # a section's change
    with qtbot.waitSignals([dialog.security.changed, dialog.basic.loaded], timeout=WAIT):
        dialog.session.announce(change)
    assert dialog.basic.display_name.text() == "Renamed"


def test_deleting_closes_the_details_window(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    dialog = UserDetailsDialog(ConsoleSession(services, runner, root), alice)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.basic.user is not None, timeout=WAIT)
    _click(qtbot, dialog.basic.delete_button)
    box = _confirm_box(qtbot, dialog.basic)
    with qtbot.waitSignal(dialog.user_deleted, timeout=WAIT):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)


def _details_with_edits(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor,
                        name: str) -> UserDetailsDialog:  # fmt: skip
    """The details window with an unsaved display name and description typed in."""
    dialog = UserDetailsDialog(ConsoleSession(services, runner, root), name, tab=SECURITY)
    qtbot.addWidget(dialog)
    with qtbot.waitSignals([dialog.basic.loaded, dialog.security.state_loaded], timeout=WAIT):
        dialog.show()
    dialog.tabs.setCurrentIndex(BASIC)
    dialog.basic.display_name.clear()
    qtbot.keyClicks(dialog.basic.display_name, "Alice Zhang")
    qtbot.keyClicks(dialog.basic.description, "Shanghai office")
    assert dialog.basic.has_unsaved_edits()
    return dialog


def _change_email_in_security_settings(qtbot: QtBot, dialog: UserDetailsDialog,
                                       email: str) -> None:  # fmt: skip
    dialog.tabs.setCurrentIndex(SECURITY)
    security = dialog.security
    _click(qtbot, security.credentials.change_email_button)
    contact = security.active_dialog
    assert isinstance(contact, ContactDialog)
    contact.value.clear()
    qtbot.keyClicks(contact.value, email)
    with qtbot.waitSignals([dialog.session.changed, dialog.basic.loaded], timeout=WAIT):
        _click(qtbot, contact.save_button)
    dialog.tabs.setCurrentIndex(BASIC)


def test_a_security_change_keeps_unsaved_basic_edits_and_they_still_save(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    dialog = _details_with_edits(qtbot, services, runner, root, alice)
    basic = dialog.basic
    _change_email_in_security_settings(qtbot, dialog, "alice@new.example")
    assert basic.display_name.text() == "Alice Zhang"  # not wiped by the refresh
    assert basic.description.toPlainText() == "Shanghai office"
    assert "alice@new.example" in basic.contact_label.text()  # the read-only part is fresh
    with qtbot.waitSignal(basic.changed, timeout=WAIT):
        _click(qtbot, basic.save_button)  # on the version the email change made
    assert basic.status_message.text() == "Saved." and basic.error.text() == ""
    user = services.users.get(root, alice)
    assert (user.display_name, user.description, user.email) == (
        "Alice Zhang", "Shanghai office", "alice@new.example"
    )  # fmt: skip


def test_unsaved_edits_over_someone_elses_change_are_refused_as_stale(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    dialog = _details_with_edits(qtbot, services, runner, root, alice)
    basic = dialog.basic
    services.users.update(root, alice, display_name="Renamed Elsewhere")  # another desk
    with qtbot.waitSignal(dialog.security.state_loaded, timeout=WAIT):
        dialog.security.reload()  # Security Settings now works on the newest version
    _change_email_in_security_settings(qtbot, dialog, "alice@new.example")
    assert basic.display_name.text() == "Alice Zhang"  # the edits stay ...
    _click(qtbot, basic.save_button)
    qtbot.waitUntil(lambda: basic.error.text() != "", timeout=WAIT)
    assert "changed by someone else" in basic.error.text()  # ... but never overwrite theirs
    assert services.users.get(root, alice).display_name == "Renamed Elsewhere"
    with qtbot.waitSignal(basic.loaded, timeout=WAIT):
        _click(qtbot, basic.error.reload_button)
    assert basic.display_name.text() == "Renamed Elsewhere"
    assert basic.description.toPlainText() == "" and not basic.has_unsaved_edits()
