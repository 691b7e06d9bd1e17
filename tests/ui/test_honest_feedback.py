"""Honest feedback and once-only secrets (issue 13, points 3 and 8): a reset says what really
happened to its email, a generated password can be shown once, the Outbox says why messages
wait, secrets are not closed away unasked, confirmations name their action, unsaved edits are
not lost silently."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.roles import Permission, Role
from app.domain.vocabulary import ResetMode
from app.notify.channels import SmtpSettings
from app.services import Services
from app.services.records import Actor, SignInResult
from tests.support.mail_server import running_mail_server
from tests.ui.helpers import SQLITE_ONLY, WAIT, click, click_radio, security_tab, signed_in_window
from ui.session import ConsoleSession
from ui.tasks import TaskRunner
from ui.user_details.details_dialog import BASIC, UserDetailsDialog
from ui.user_details.security_settings import SecuritySettingsTab
from ui.user_details.security_settings.access_key_dialog import NewAccessKeyDialog
from ui.user_details.security_settings.password_dialog import ResetPasswordDialog
from ui.widgets.copy_field import secret_clipboard
from ui.widgets.one_time_password import OneTimePasswordDialog

pytestmark = SQLITE_ONLY
STRONG = "Xylophone-Quartz-77"


def _box(qtbot: QtBot, parent: QWidget, name: str) -> QMessageBox:
    """The question ``name`` on screen over ``parent`` (not an earlier one being deleted)."""

    def shown() -> list[QMessageBox]:
        return [b for b in parent.findChildren(QMessageBox, name) if b.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1, timeout=WAIT)
    return shown()[0]


def _reset_dialog(qtbot: QtBot, tab: SecuritySettingsTab) -> ResetPasswordDialog:
    click(qtbot, tab.credentials.reset_password_button)
    dialog = tab.active_dialog
    assert isinstance(dialog, ResetPasswordDialog)
    return dialog


# --- point 3: honest feedback -----------------------------------------------------------


def test_a_link_without_smtp_is_said_to_wait_and_the_old_flag_is_not_repeated(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    # alice's current password must be changed: the link's notice must not say so again
    services.passwords.reset(root, alice, ResetMode.SET_NOW, new_password=STRONG)
    tab = security_tab(qtbot, services, runner, root, alice)
    dialog = _reset_dialog(qtbot, tab)
    assert dialog.mode() == ResetMode.SET_BY_USER
    note = dialog.findChild(QLabel, "resetEmailNote").text()
    assert "SMTP is not set up" in note and "Outbox" in note
    assert "old password keeps working" in dialog.findChild(QLabel, "resetSetByUserNote").text()
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        click(qtbot, dialog.ok_button)
    notice = tab.notice.text()
    assert "emailed" not in notice
    assert "Queued — SMTP is not set up; see Outbox." in notice
    assert "The old password keeps working until the link is used." in notice
    assert "must change" not in notice
    assert services.passwords  # the link is queued
    [message] = services.outbox.list(root)
    assert message.purpose == "set-password-link" and message.status == "queued"


def test_with_smtp_a_reset_says_queued_not_emailed(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    services.account.set_smtp(
        root, SmtpSettings("127.0.0.1", 2525, "none", None, None, "iam@acme.example")
    )
    tab = security_tab(qtbot, services, runner, root, alice)
    dialog = _reset_dialog(qtbot, tab)
    click_radio(qtbot, dialog.mode_auto)
    assert dialog.auto_email.isChecked() and not dialog.auto_show.isChecked()
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        click(qtbot, dialog.ok_button)
    notice = tab.notice.text()
    assert notice.startswith("The new password is queued for alice@example.com.")
    assert "SMTP" not in notice and "must change it" in notice


def test_a_generated_password_is_shown_once_when_it_cannot_be_emailed(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    services.users.create(root, "carol", email="carol@example.com", role=Role.HELPDESK.value)
    tab = security_tab(qtbot, services, runner, root, "carol")
    dialog = _reset_dialog(qtbot, tab)
    click_radio(qtbot, dialog.mode_auto)
    # no SMTP: showing it here is the default, emailing it is the operator's choice
    assert dialog.auto_show.isChecked() and not dialog.auto_email.isChecked()
    dialog.auto_show.setChecked(False)
    assert not dialog.ok_button.isEnabled() and dialog.ok_button.toolTip()
    dialog.auto_show.setChecked(True)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: isinstance(tab.active_dialog, OneTimePasswordDialog), timeout=WAIT)
    shown = tab.active_dialog
    assert isinstance(shown, OneTimePasswordDialog)
    password = shown.password.text()
    signed = services.auth.sign_in("carol", password)  # it works (console: an operator)
    assert isinstance(signed, SignInResult) and signed.password_change_required
    assert services.outbox.list(root) == []  # nothing emailed
    assert "shown once" in tab.notice.text() and "queued" not in tab.notice.text()
    assert all(password not in repr(e) for e in services.audit.list(root))

    shown.reject()  # not copied yet: asks first, and stays open
    box = _box(qtbot, shown, "confirmCloseSecret")
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Close without copying"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert shown.isVisible()
    secret_clipboard().clear_after_ms = 60_000
    click(qtbot, shown.copy_button)
    assert QGuiApplication.clipboard().text() == password
    with qtbot.waitSignal(shown.finished, timeout=WAIT):
        shown.reject()  # copied: closes without a question
    secret_clipboard().clear_now()


def test_without_an_email_a_generated_password_can_still_be_shown(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    services.users.create(root, "bob")
    tab = security_tab(qtbot, services, runner, root, "bob")
    dialog = _reset_dialog(qtbot, tab)
    assert not dialog.mode_by_user.isEnabled() and dialog.mode_auto.isChecked()
    assert not dialog.auto_email.isEnabled() and dialog.auto_show.isChecked()
    assert "no email address" in dialog.findChild(QLabel, "resetEmailNote").text()
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: isinstance(tab.active_dialog, OneTimePasswordDialog), timeout=WAIT)


def test_the_outbox_shows_helpdesk_why_messages_wait_and_no_secret(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    services.users.create(root, "helen", role=Role.HELPDESK.value)
    services.passwords.reset(root, "helen", ResetMode.SET_NOW, new_password=STRONG,
                             must_change=False)  # fmt: skip
    result = services.passwords.reset(root, alice, ResetMode.AUTO, show_password=True,
                                      send_email=True)  # fmt: skip
    assert result.password and result.email_waits and "password=" not in repr(result)
    window = signed_in_window(qtbot, services, runner, "helen", STRONG)
    outbox_row = [window.navigation.item(i).text() for i in range(4)].index("Outbox")
    assert not window.navigation.item(outbox_row).isHidden()
    window.show_page(outbox_row)
    page = window.outbox
    qtbot.waitUntil(lambda: page.table.rowCount() == 1 and not page.loading, timeout=WAIT)
    assert page.table.horizontalHeaderItem(5).text() == "Why it waits"
    assert page.table.item(0, 5).text() == (
        "SMTP is not set up: an administrator sets it in Settings."
    )
    assert not page.send_button.isEnabled()
    assert page.send_button.property("permission") == Permission.MANAGE_OUTBOX.value
    cells = [page.table.item(0, c) for c in range(page.table.columnCount())]
    assert all(result.password not in (i.text() + i.toolTip()) for i in cells)

    with running_mail_server() as server:
        services.account.set_smtp(
            root, SmtpSettings("127.0.0.1", server.port, "none", None, None, "iam@acme.example")
        )
        page.reload()
        qtbot.waitUntil(lambda: not page.loading, timeout=WAIT)
        assert page.table.item(0, 5).text().startswith("Due now")


# --- point 8: once-only secrets and confirmations --------------------------------------


def test_closing_a_new_access_key_before_copying_asks_first(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    tab = security_tab(qtbot, services, runner, root, alice)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        click(qtbot, tab.access_keys.create_access_key_button)
    dialog = tab.active_dialog
    assert isinstance(dialog, NewAccessKeyDialog)
    click(qtbot, dialog.findChild(QPushButton, "copyAccessKeyId"))  # the id is no secret
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = _box(qtbot, dialog, "confirmCloseSecret")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    dialog.reject()
    box = _box(qtbot, dialog, "confirmCloseSecret")
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    secret_clipboard().clear_now()


def test_confirm_buttons_name_their_action(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    services.passwords.reset(root, alice, ResetMode.SET_NOW, new_password=STRONG)
    tab = security_tab(qtbot, services, runner, root, alice)
    click(qtbot, tab.credentials.delete_password_button)
    box = _box(qtbot, tab, "confirmDeletePassword")
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Delete password"
    box.reject()
    click(qtbot, tab.credentials.remove_email_button)
    box = _box(qtbot, tab, "confirmRemoveContact")
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Remove email address"
    box.reject()
    texts = {b.text() for b in QApplication.allWidgets() if isinstance(b, QPushButton)}
    assert "&Yes" not in texts and "Yes" not in texts


def test_unsaved_edits_in_the_details_window_are_not_lost_silently(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    dialog = UserDetailsDialog(ConsoleSession(services, runner, root), alice, tab=BASIC)
    qtbot.addWidget(dialog)
    dialog.show()
    basic = dialog.basic
    qtbot.waitUntil(lambda: basic.user is not None, timeout=WAIT)
    dialog.reject()  # nothing edited: closes at once
    assert not dialog.isVisible()
    dialog.show()
    basic.display_name.setText("Alice Changed")
    assert basic.has_unsaved_edits()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = _box(qtbot, dialog, "confirmDiscardEdits")
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Discard changes"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and basic.display_name.text() == "Alice Changed"
    dialog.close()  # closed by the program (another user opened): no question
    assert not dialog.isVisible()
