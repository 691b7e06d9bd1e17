"""Security Settings tab: login credentials, login protection, access keys, temporary ones."""

from __future__ import annotations

import csv
import re
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import OperationalError

from app.domain.contacts import normalize_email, normalize_mobile
from app.errors import ValidationError
from app.notify.channels import SmtpSettings
from app.services import Services
from app.services.records import Actor, SignInResult
from tests.conftest import ROOT_PASSWORD
from tests.support.mail_server import running_mail_server
from tests.ui.helpers import SQLITE_ONLY, WAIT, signed_in_window
from ui.session import ConsoleSession
from ui.tasks import TaskRunner
from ui.user_details.details_dialog import SECURITY, UserDetailsDialog
from ui.user_details.security_settings import SecuritySettingsTab
from ui.user_details.security_settings.access_key_dialog import NewAccessKeyDialog
from ui.user_details.security_settings.contact_dialog import ContactDialog
from ui.user_details.security_settings.password_dialog import ResetPasswordDialog
from ui.users.users_page import UsersPage
from ui.widgets.copy_field import secret_clipboard
from ui.widgets.tables import ID_ROLE

pytestmark = [
    SQLITE_ONLY,
    # The offscreen platform warns on every top-level layout; nothing to fix in the app.
]
STRONG = "Xylophone-Quartz-77"


def _records(table: QTableWidget) -> int:
    """Rows that are records (an empty table shows one row saying so)."""
    items = [table.item(r, 0) for r in range(table.rowCount())]
    return sum(1 for item in items if item is not None and item.data(ID_ROLE) is not None)


def _open_tab(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor,
              name: str) -> SecuritySettingsTab:  # fmt: skip
    tab = SecuritySettingsTab(ConsoleSession(services, runner, root), name)
    qtbot.addWidget(tab)
    tab.resize(900, 1000)
    tab.show()
    qtbot.waitUntil(lambda: tab.state is not None, timeout=WAIT)
    return tab


@pytest.fixture
def tab(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor,
        alice: str) -> SecuritySettingsTab:  # fmt: skip
    return _open_tab(qtbot, services, runner, root, alice)


def _click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _choose(qtbot: QtBot, radio: QRadioButton) -> None:
    """Click the radio button's indicator (its centre may lie past the text)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(6, radio.height() // 2))
    assert radio.isChecked()


def _answer_text(qtbot: QtBot, parent: QWidget, name: str, text: str) -> None:
    qtbot.waitUntil(lambda: parent.findChild(QInputDialog, name) is not None, timeout=WAIT)
    dialog = parent.findChild(QInputDialog, name)
    field = dialog.findChild(QLineEdit)
    field.clear()
    qtbot.keyClicks(field, text)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def _answer_yes(qtbot: QtBot, parent: QWidget, name: str) -> None:
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox, name) is not None, timeout=WAIT)
    box = parent.findChild(QMessageBox, name)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)


def test_the_named_widgets_are_there_and_show_the_users_state(
    tab: SecuritySettingsTab,
) -> None:
    assert tab.objectName() == "securitySettingsTab"
    for name, kind in [
        ("resetPasswordButton", QPushButton), ("addMfaDeviceButton", QPushButton),
        ("securityKeyTable", QTableWidget),
        ("loginProtectionMethod", QComboBox), ("apiLoginProtection", QCheckBox),
        ("createAccessKeyButton", QPushButton), ("accessKeyTable", QTableWidget),
    ]:  # fmt: skip
        assert tab.findChild(kind, name) is not None, name
    assert tab.credentials.password_value.text() == "Not set"
    assert tab.credentials.mobile_value.text() == "+8613800138000"
    assert tab.credentials.email_value.text() == "alice@example.com"
    assert tab.mfa.mfa_value.text() == "Not bound"
    assert not tab.credentials.delete_password_button.isEnabled()
    assert tab.protection.protection_method.currentData() == "off"


def test_set_now_gives_live_policy_feedback_then_sets_the_password(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    _click(qtbot, tab.credentials.reset_password_button)
    dialog = tab.active_dialog
    assert isinstance(dialog, ResetPasswordDialog)
    qtbot.waitExposed(dialog)
    size = dialog.size()  # issue 13, point 9: the dialog keeps its size in every mode
    _choose(qtbot, dialog.mode_now)
    assert dialog.policy_feedback.isVisible() and dialog.size() == size
    _choose(qtbot, dialog.mode_by_user)  # and back
    assert not dialog.new_password.isEnabled() and dialog.size() == size
    _choose(qtbot, dialog.mode_now)
    qtbot.keyClicks(dialog.new_password, "password1")
    assert "commonly used" in dialog.policy_feedback.text()
    assert not dialog.ok_button.isEnabled()
    dialog.new_password.clear()
    qtbot.keyClicks(dialog.new_password, STRONG)
    assert dialog.policy_feedback.text().startswith("✓")
    qtbot.keyClicks(dialog.confirm_password, STRONG[:-1])
    assert "differ" in dialog.match_feedback.text()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.confirm_password, STRONG[-1])
    assert dialog.ok_button.isEnabled()
    reveal = dialog.new_password.actions()[0]
    reveal.trigger()  # show/hide works on both fields together
    assert dialog.new_password.echoMode() == QLineEdit.EchoMode.Normal
    assert dialog.confirm_password.echoMode() == QLineEdit.EchoMode.Normal
    reveal.trigger()
    assert dialog.confirm_password.echoMode() == QLineEdit.EchoMode.Password
    with qtbot.waitSignal(tab.changed, timeout=WAIT), \
            qtbot.waitSignal(tab.state_loaded, timeout=WAIT):  # fmt: skip
        _click(qtbot, dialog.ok_button)
    user = services.users.get(root, "alice")
    assert (user.has_password, user.password_origin, user.must_change_password) == (
        True, "operator-set", True,
    )  # fmt: skip
    assert tab.credentials.password_value.text().startswith("Set — set by an operator")
    assert "tell the user yourself" in tab.notice.text()
    assert tab.credentials.delete_password_button.isEnabled()


def test_the_service_refusal_shows_next_to_the_password(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    services.account.set_password_policy(root, {"history": 1})
    services.passwords.reset(root, "alice", "set-now", new_password=STRONG)
    tab.reload()
    qtbot.waitUntil(lambda: tab.state is not None and tab.state.user.has_password, timeout=WAIT)
    _click(qtbot, tab.credentials.reset_password_button)
    dialog = tab.active_dialog
    _choose(qtbot, dialog.mode_now)
    qtbot.keyClicks(dialog.new_password, STRONG)  # the live check cannot know the history
    qtbot.keyClicks(dialog.confirm_password, STRONG)
    _click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: dialog.password_error.text() != "", timeout=WAIT)
    assert "used recently" in dialog.password_error.text()
    assert STRONG not in dialog.password_error.text()
    assert dialog.isVisible()


def test_set_by_user_emails_a_link(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    _click(qtbot, tab.credentials.reset_password_button)
    dialog = tab.active_dialog
    assert dialog.mode() == "set-by-user"
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _click(qtbot, dialog.ok_button)
    assert "alice@example.com" in tab.notice.text()
    [message] = services.outbox.list(root)
    assert (message.recipient, message.purpose) == ("alice@example.com", "set-password-link")


def test_without_an_email_no_link_or_email_is_offered(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    services.users.create(root, "bob")
    tab = _open_tab(qtbot, services, runner, root, "bob")
    _click(qtbot, tab.credentials.reset_password_button)
    dialog = tab.active_dialog
    assert not dialog.mode_by_user.isEnabled() and not dialog.auto_email.isEnabled()
    assert dialog.mode_auto.isChecked() and dialog.auto_show.isChecked()  # shown once
    assert "no email" in dialog.findChild(QWidget, "resetEmailNote").text()
    assert not dialog.send_email.isEnabled()


def test_a_stale_edit_offers_reload(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    _click(qtbot, tab.credentials.change_email_button)
    dialog = tab.active_dialog
    assert isinstance(dialog, ContactDialog)
    services.contacts.set(root, "alice", mobile="+8613900139000")  # another workstation
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "alice@new.example")
    _click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=WAIT)
    assert "changed by someone else" in dialog.error.text()
    reload = dialog.findChild(QPushButton, "contactErrorReload")
    assert reload.isVisible()
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        qtbot.mouseClick(reload, Qt.MouseButton.LeftButton)
    assert tab.credentials.mobile_value.text() == "+8613900139000"
    assert services.users.get(root, "alice").email == "alice@example.com"


def test_changing_the_email_validates_inline_and_saves(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    _click(qtbot, tab.credentials.change_email_button)
    dialog = tab.active_dialog
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "not-an-address")
    assert "not valid" in dialog.feedback.text()
    assert not dialog.save_button.isEnabled()
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "Alice@New.Example")
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(tab.changed, timeout=WAIT):
        _click(qtbot, dialog.save_button)
    assert services.users.get(root, "alice").email == "Alice@new.example"


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    field=st.sampled_from(["email", "mobile"]),
    text=st.one_of(
        st.text(max_size=40),
        st.from_regex(r"\+?[0-9 ()-]{0,20}", fullmatch=True),
        st.emails(),
    ),
)
def test_the_contact_dialog_accepts_exactly_what_the_service_would(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, runner: TaskRunner,
    root: Actor, field: str, text: str,
) -> None:  # fmt: skip
    dialog = ContactDialog(ConsoleSession(services, runner, root), tab.state.user, field)
    qtbot.addWidget(dialog)
    dialog.value.setText(text)
    current = tab.state.user.email if field == "email" else tab.state.user.mobile
    try:
        (normalize_email if field == "email" else normalize_mobile)(text)
        valid = True
    except ValidationError:
        valid = False
    assert dialog.save_button.isEnabled() == (valid and text.strip() != current)
    dialog.close()


def test_removing_a_contact_that_protection_relies_on_is_refused_inline(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    services.protection.set(root, "alice", method="sms")
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    _click(qtbot, tab.credentials.remove_mobile_button)
    _answer_yes(qtbot, tab, "confirmRemoveContact")
    qtbot.waitUntil(lambda: tab.credentials.mobile_error.text() != "", timeout=WAIT)
    assert "change login protection first" in tab.credentials.mobile_error.text()
    assert services.users.get(root, "alice").mobile == "+8613800138000"
    _click(qtbot, tab.credentials.remove_email_button)  # email is not relied on: it goes
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _answer_yes(qtbot, tab, "confirmRemoveContact")
    assert services.users.get(root, "alice").email is None
    assert tab.credentials.email_value.text() == "Not bound"


def test_login_protection_explains_preconditions_and_applies(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    combo = tab.protection.protection_method
    model = combo.model()
    enabled = {combo.itemData(r): model.item(r).isEnabled() for r in range(combo.count())}
    assert enabled == {"off": True, "sms": True, "email": True, "mfa": False}
    assert "needs a bound virtual MFA device" in tab.protection.protection_hint.text()
    assert not tab.protection.api_protection.isEnabled()
    assert not tab.protection.apply_protection_button.isEnabled()
    combo.setCurrentIndex(combo.findData("email"))
    with qtbot.waitSignal(tab.changed, timeout=WAIT), \
            qtbot.waitSignal(tab.state_loaded, timeout=WAIT):  # fmt: skip
        _click(qtbot, tab.protection.apply_protection_button)
    assert services.users.get(root, "alice").login_protection == "email"
    assert not tab.protection.apply_protection_button.isEnabled()
    assert combo.currentData() == "email"


def test_a_new_access_key_is_shown_once_copied_and_saved_as_csv(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _click(qtbot, tab.access_keys.create_access_key_button)
    dialog = tab.active_dialog
    assert isinstance(dialog, NewAccessKeyDialog)
    key_id, secret = dialog.key_id.text(), dialog.secret.text()
    [record] = services.access_keys.list(root, "alice")
    assert record.access_key_id == key_id and len(secret) >= 30
    assert tab.access_keys.access_key_table.item(0, 0).text() == key_id

    clipboard = QGuiApplication.clipboard()
    secret_clipboard().clear_after_ms = 300
    qtbot.mouseClick(
        dialog.findChild(QPushButton, "copySecretAccessKey"), Qt.MouseButton.LeftButton
    )
    assert clipboard.text() == secret
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=WAIT)  # cleared after the delay
    qtbot.mouseClick(dialog.findChild(QPushButton, "copyAccessKeyId"), Qt.MouseButton.LeftButton)
    clipboard.setText("something the operator copied later")
    qtbot.waitUntil(lambda: not secret_clipboard().holding, timeout=WAIT)  # the delay is over
    assert clipboard.text() == "something the operator copied later"  # and this stays

    target = tmp_path / "credentials.csv"
    monkeypatch.setattr(dialog, "choose_csv_path", lambda: target)
    _click(qtbot, dialog.save_button)
    with target.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["User Name", "Access Key Id", "Secret Access Key"], ["alice", key_id, secret]]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert str(target) in dialog.saved_note.text()


def test_an_active_access_key_is_deleted_only_with_its_id_typed_back(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    new = services.access_keys.create(root, "alice")
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    tab.access_keys.access_key_table.selectRow(0)
    assert tab.access_keys.toggle_access_key_button.text() == "Disable"
    _click(qtbot, tab.access_keys.delete_access_key_button)
    _answer_text(qtbot, tab, "confirmDeleteAccessKey", "AKWRONG")
    qtbot.waitUntil(lambda: tab.access_keys.access_key_error.text() != "", timeout=WAIT)
    assert "type its id" in tab.access_keys.access_key_error.text()
    assert len(services.access_keys.list(root, "alice")) == 1

    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _click(qtbot, tab.access_keys.toggle_access_key_button)
    assert services.access_keys.list(root, "alice")[0].status == "inactive"
    tab.access_keys.access_key_table.selectRow(0)
    assert tab.access_keys.toggle_access_key_button.text() == "Enable"
    assert tab.access_keys.access_key_table.item(0, 1).text() == "Inactive"
    _click(qtbot, tab.access_keys.delete_access_key_button)  # an inactive key needs only a Yes
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _answer_yes(qtbot, tab, "confirmDeleteAccessKey")
    assert services.access_keys.list(root, "alice") == []
    assert _records(tab.access_keys.access_key_table) == 0
    assert new.access_key_id in tab.notice.text()


def test_temporary_credentials_are_listed_and_revoked(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    services.passwords.reset(root, "alice", "set-now", new_password=STRONG, must_change=False)
    services.temporary_credentials.create_set(root, "readonly", 3600)
    services.temporary_credentials.assign(root, "readonly", "alice")
    token = services.api_tokens.issue("alice", STRONG)
    issued = services.temporary_credentials.issue(token.token, "readonly")
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    table = tab.temporary.temporary_table
    assert [table.item(0, c).text() for c in (0, 1)] == [issued.access_key_id, "readonly"]
    table.selectRow(0)
    _click(qtbot, tab.temporary.revoke_temporary_button)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _answer_yes(qtbot, tab, "confirmRevokeTemporary")
    assert _records(table) == 0
    assert services.temporary_credentials.list(root, user_name="alice") == []
    assert issued.access_key_id in tab.notice.text()


# --- reset password (automatically generated), delete password --------------------------


def _texts_on_screen() -> str:
    """Every text a widget of the application shows (or hands to a screen reader)."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        texts += [widget.windowTitle(), widget.toolTip(), widget.accessibleName(),
                  widget.accessibleDescription()]  # fmt: skip
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
    return "\n".join(texts)


def test_an_automatically_generated_password_is_emailed_and_never_shown(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    services.users.create(root, "carol", email="carol@example.com", role="helpdesk")
    with running_mail_server() as server:
        services.account.set_smtp(
            root, SmtpSettings("127.0.0.1", server.port, "none", None, None, "iam@acme.example")
        )
        tab = _open_tab(qtbot, services, runner, root, "carol")
        _click(qtbot, tab.credentials.reset_password_button)
        dialog = tab.active_dialog
        assert isinstance(dialog, ResetPasswordDialog)
        _choose(qtbot, dialog.mode_auto)
        assert not dialog.new_password.isEnabled()  # nothing to type in this mode
        with qtbot.waitSignal(tab.changed, timeout=WAIT), \
                qtbot.waitSignal(tab.state_loaded, timeout=WAIT):  # fmt: skip
            _click(qtbot, dialog.ok_button)
        report = services.outbox.send_due(root)
    assert report.sent == 1
    [message] = server.messages
    assert message["To"] == "carol@example.com"
    found = re.search(r"new password is:\s+(\S+)", server.bodies()[0])
    assert found is not None
    password = found.group(1)
    signed = services.auth.sign_in("carol", password)  # the emailed password works ...
    assert isinstance(signed, SignInResult) and signed.password_change_required  # ... once

    assert "queued for carol@example.com" in tab.notice.text()
    assert "must change it" in tab.notice.text()
    assert tab.credentials.password_value.text().startswith("Set — automatically generated")
    assert password not in _texts_on_screen()
    events = services.audit.list(root)
    assert any(e.action == "password.reset" and e.target == "carol" for e in events)
    assert all(password not in repr(e) for e in events)
    assert all(password not in repr(m) for m in services.outbox.list(root))


def test_deleting_the_password_after_a_yes(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    services.passwords.reset(root, "alice", "set-now", new_password=STRONG)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    assert tab.credentials.delete_password_button.isEnabled()
    _click(qtbot, tab.credentials.delete_password_button)
    box = tab.findChild(QMessageBox, "confirmDeletePassword")
    assert "alice" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    with qtbot.waitSignal(tab.changed, timeout=WAIT), \
            qtbot.waitSignal(tab.state_loaded, timeout=WAIT):  # fmt: skip
        _answer_yes(qtbot, tab, "confirmDeletePassword")
    assert not services.users.get(root, "alice").has_password
    assert tab.credentials.password_value.text() == "Not set"
    assert tab.notice.text() == "The login password was deleted."
    assert not tab.credentials.delete_password_button.isEnabled()


# --- mobile number ----------------------------------------------------------------------


def test_changing_the_mobile_number_refuses_invalid_and_taken_numbers_inline(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    services.users.create(root, "bob", mobile="+8613900139000")
    _click(qtbot, tab.credentials.change_mobile_button)
    dialog = tab.active_dialog
    assert isinstance(dialog, ContactDialog) and dialog.objectName() == "changeMobileDialog"
    assert dialog.value.text() == "+8613800138000"
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "+86 12")
    assert "not valid" in dialog.feedback.text()
    assert not dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.value, Qt.Key.Key_Return)  # Enter does not save it either
    assert dialog.isVisible()

    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "+86 139 0013 9000")  # valid, but bob has it
    assert dialog.feedback.text() == "✓ Valid: saved as +8613900139000"
    _click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=WAIT)
    assert "already used by user 'bob'" in dialog.error.text()
    assert dialog.isVisible()
    assert services.users.get(root, "alice").mobile == "+8613800138000"

    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "+86 137 0013 7000")
    assert dialog.error.text() == ""  # typing clears the old refusal
    with qtbot.waitSignal(tab.changed, timeout=WAIT), \
            qtbot.waitSignal(tab.state_loaded, timeout=WAIT):  # fmt: skip
        _click(qtbot, dialog.save_button)
    assert services.users.get(root, "alice").mobile == "+8613700137000"
    assert tab.credentials.mobile_value.text() == "+8613700137000"
    assert tab.active_dialog is None


# --- the prompts are methods a test can answer ------------------------------------------


def test_the_prompts_are_methods_tests_can_answer(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    asked: list[str] = []

    def yes(name: str) -> Callable[..., None]:
        def _answer(*args: Any) -> None:
            asked.append(name)
            args[-1]()

        return _answer

    for section, method in ((tab.credentials, "_confirm_remove_contact"),
                            (tab.access_keys, "_confirm_delete_access_key")):  # fmt: skip
        monkeypatch.setattr(section, method, yes(method))
    monkeypatch.setattr(tab.access_keys, "_ask_delete_active_access_key",
                        lambda key_id, on_answer: on_answer(key_id))  # fmt: skip
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _click(qtbot, tab.credentials.remove_email_button)
    assert asked == ["_confirm_remove_contact"]
    assert services.users.get(root, "alice").email is None

    services.access_keys.create(root, "alice")
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    tab.access_keys.access_key_table.selectRow(0)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _click(qtbot, tab.access_keys.delete_access_key_button)  # active: its id is "typed back"
    assert services.access_keys.list(root, "alice") == []
    assert tab.findChildren(QMessageBox) == [] and tab.findChildren(QInputDialog) == []


# --- a load that fails ------------------------------------------------------------------


def test_a_failed_load_shows_a_plain_message_not_the_drivers_text(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise OperationalError(
            "SELECT seed_encrypted FROM virtual_mfa_devices WHERE user_id = ?", {},
            Exception("database is locked"),
        )  # fmt: skip

    monkeypatch.setattr(services.security_settings, "read", broken)
    tab = SecuritySettingsTab(ConsoleSession(services, runner, root), alice)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.load_error.text() != "", timeout=WAIT)
    text = tab.load_error.text()
    assert "Unexpected failure" in text
    assert "SELECT" not in text and "seed" not in text and "locked" not in text
    assert tab.load_error.reload_button.isVisible()
    monkeypatch.undo()
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _click(qtbot, tab.load_error.reload_button)
    assert tab.load_error.text() == "" and tab.mfa.mfa_value.text() == "Not bound"


# --- the clipboard ----------------------------------------------------------------------


def test_a_copied_secret_leaves_the_clipboard_when_the_application_quits(
    qtbot: QtBot, tab: SecuritySettingsTab
) -> None:
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _click(qtbot, tab.access_keys.create_access_key_button)
    dialog = tab.active_dialog
    assert isinstance(dialog, NewAccessKeyDialog)
    clipboard = QGuiApplication.clipboard()
    copy_secret = dialog.findChild(QPushButton, "copySecretAccessKey")
    qtbot.mouseClick(copy_secret, Qt.MouseButton.LeftButton)
    assert clipboard.text() == dialog.secret.text()
    QApplication.instance().aboutToQuit.emit()  # what QApplication.quit() emits
    assert clipboard.text() == ""
    assert not secret_clipboard().holding

    qtbot.mouseClick(copy_secret, Qt.MouseButton.LeftButton)
    clipboard.setText("the operator copied this since")
    QApplication.instance().aboutToQuit.emit()
    assert clipboard.text() == "the operator copied this since"  # not ours: it stays


# --- a change still running when its window goes ----------------------------------------


@contextmanager
def _store_worker_held(runner: TaskRunner) -> Iterator[threading.Event]:
    """Holds the (single) database worker until the event is set: whatever is asked
    meanwhile is still running when the test closes its window."""
    gate = threading.Event()
    runner.run(lambda: gate.wait(WAIT / 1000))
    try:
        yield gate
    finally:
        gate.set()


def _shown_new_keys() -> list[NewAccessKeyDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, NewAccessKeyDialog) and w.isVisible()]  # fmt: skip


def _details(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, name: str,
             parent: QWidget | None = None) -> UserDetailsDialog:  # fmt: skip
    dialog = UserDetailsDialog(ConsoleSession(services, runner, root), name, parent, tab=SECURITY)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    with qtbot.waitSignal(dialog.security.state_loaded, timeout=WAIT):
        dialog.open()
    return dialog


def test_closing_the_details_mid_create_still_shows_the_new_secret(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    main = QMainWindow()
    qtbot.addWidget(main)
    main.show()
    details = _details(qtbot, services, runner, root, alice, main)
    with _store_worker_held(runner) as gate:
        _click(qtbot, details.security.access_keys.create_access_key_button)
        assert (
            not details.security.access_keys.create_access_key_button.isEnabled()
        )  # one per press
        with qtbot.waitSignal(details.destroyed, timeout=WAIT):
            details.close()
        gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)
    [shown] = _shown_new_keys()
    [key] = services.access_keys.list(root, alice)
    assert shown.parentWidget() is main
    assert shown.key_id.text() == key.access_key_id and len(shown.secret.text()) >= 30
    shown.close()  # closed by the program: no question


def test_opening_another_user_mid_create_still_shows_the_new_secret(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    services.users.create(root, "bob")
    page = UsersPage(ConsoleSession(services, runner, root))
    qtbot.addWidget(page)
    page.show()
    first = page.open_details(alice, SECURITY)
    qtbot.waitUntil(lambda: first.security.state is not None, timeout=WAIT)
    with _store_worker_held(runner) as gate:
        _click(qtbot, first.security.access_keys.create_access_key_button)
        with qtbot.waitSignal(first.destroyed, timeout=WAIT):
            second = page.open_details("bob")
        gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)
    [shown] = _shown_new_keys()
    assert shown.parentWidget() is page
    assert shown.key_id.text() == services.access_keys.list(root, alice)[0].access_key_id
    assert second.isVisible() and second.user_name == "bob"
    shown.close()
    second.close()


def test_the_lock_mid_create_shows_the_new_secret_only_after_the_unlock(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    window = signed_in_window(qtbot, services, runner)
    details = window.users.open_details(alice, SECURITY)
    qtbot.waitUntil(lambda: details.security.state is not None, timeout=WAIT)
    with _store_worker_held(runner) as gate:
        _click(qtbot, details.security.access_keys.create_access_key_button)
        window.lock()
        assert not details.isVisible()  # hidden under the lock, back after the unlock
        gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)
    assert len(services.access_keys.list(root, alice)) == 1
    assert _shown_new_keys() == []  # never over the lock
    lock = window.lock_dialog
    assert lock is not None
    qtbot.keyClicks(lock.password, ROOT_PASSWORD)
    with qtbot.waitSignal(window.unlocked, timeout=WAIT):
        qtbot.mouseClick(lock.sign_in_button, Qt.MouseButton.LeftButton)
    [shown] = _shown_new_keys()
    assert shown.parentWidget() is window
    assert shown.key_id.text() == services.access_keys.list(root, alice)[0].access_key_id
    shown.close()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)


def test_other_changes_finishing_after_their_window_closed_are_skipped_safely(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str
) -> None:
    services.access_keys.create(root, alice)
    details = _details(qtbot, services, runner, root, alice)
    tab = details.security
    tab.access_keys.access_key_table.selectRow(0)
    _click(qtbot, tab.credentials.change_email_button)
    contact = tab.active_dialog
    assert isinstance(contact, ContactDialog)
    contact.value.setText("alice@elsewhere.example")
    with _store_worker_held(runner) as gate:
        _click(qtbot, contact.save_button)  # the contact dialog's own change
        _click(qtbot, tab.access_keys.toggle_access_key_button)  # a change of the tab itself
        tab.reload()
        with qtbot.waitSignal(details.destroyed, timeout=WAIT):
            details.close()
        gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)  # no callback ran on a dead tab
    assert services.users.get(root, alice).email == "alice@elsewhere.example"
    assert services.access_keys.list(root, alice)[0].status == "inactive"
    assert _shown_new_keys() == []
