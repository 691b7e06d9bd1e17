"""Security Settings tab: login credentials, login protection, access keys, temporary ones."""

from __future__ import annotations

import csv
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.contacts import normalize_email, normalize_mobile
from app.errors import ValidationError
from app.services import Services
from app.services.records import Actor
from ui.security import SecuritySettingsTab
from ui.security.access_key_dialog import NewAccessKeyDialog
from ui.security.common import secret_clipboard
from ui.security.contact_dialog import ContactDialog
from ui.security.password_dialog import ResetPasswordDialog
from ui.tasks import TaskRunner

pytestmark = [
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
    # The offscreen platform warns on every top-level layout; nothing to fix in the app.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]
WAIT = 10_000
STRONG = "Xylophone-Quartz-77"


@pytest.fixture
def runner(services: Services) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    assert runner.wait(WAIT)


@pytest.fixture
def alice(services: Services, root: Actor) -> str:
    services.users.create(root, "alice", email="alice@example.com", mobile="+8613800138000")
    return "alice"


def _open_tab(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor,
              name: str) -> SecuritySettingsTab:  # fmt: skip
    tab = SecuritySettingsTab(services, runner, root, name)
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
        ("resetPasswordButton", QPushButton), ("bindVirtualMfaButton", QPushButton),
        ("addSecurityKeyButton", QPushButton), ("securityKeyTable", QTableWidget),
        ("loginProtectionMethod", QComboBox), ("apiLoginProtection", QCheckBox),
        ("createAccessKeyButton", QPushButton), ("accessKeyTable", QTableWidget),
    ]:  # fmt: skip
        assert tab.findChild(kind, name) is not None, name
    assert tab.password_value.text() == "Not set"
    assert tab.mobile_value.text() == "+8613800138000"
    assert tab.email_value.text() == "alice@example.com"
    assert tab.mfa_value.text() == "Not bound"
    assert not tab.delete_password_button.isEnabled()
    assert tab.protection_method.currentData() == "off"


def test_set_now_gives_live_policy_feedback_then_sets_the_password(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    _click(qtbot, tab.reset_password_button)
    dialog = tab.active_dialog
    assert isinstance(dialog, ResetPasswordDialog)
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
    assert tab.password_value.text().startswith("Set — set by an operator")
    assert "tell the user yourself" in tab.notice.text()
    assert tab.delete_password_button.isEnabled()


def test_the_service_refusal_shows_next_to_the_password(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    services.account.set_password_policy(root, {"history": 1})
    services.passwords.reset(root, "alice", "set-now", new_password=STRONG)
    tab.reload()
    qtbot.waitUntil(lambda: tab.state is not None and tab.state.user.has_password, timeout=WAIT)
    _click(qtbot, tab.reset_password_button)
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
    _click(qtbot, tab.reset_password_button)
    dialog = tab.active_dialog
    assert dialog.mode() == "set-by-user"
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _click(qtbot, dialog.ok_button)
    assert "alice@example.com" in tab.notice.text()
    [message] = services.outbox.list(root)
    assert (message.recipient, message.purpose) == ("alice@example.com", "set-password-link")


def test_without_an_email_only_set_now_is_offered(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    services.users.create(root, "bob")
    tab = _open_tab(qtbot, services, runner, root, "bob")
    _click(qtbot, tab.reset_password_button)
    dialog = tab.active_dialog
    assert not dialog.mode_by_user.isEnabled() and not dialog.mode_auto.isEnabled()
    assert dialog.mode_now.isChecked()
    assert "no email" in dialog.findChild(QWidget, "resetEmailNote").text()
    assert not dialog.send_email.isEnabled()


def test_a_stale_edit_offers_reload(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    _click(qtbot, tab.change_email_button)
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
    assert tab.mobile_value.text() == "+8613900139000"
    assert services.users.get(root, "alice").email == "alice@example.com"


def test_changing_the_email_validates_inline_and_saves(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    _click(qtbot, tab.change_email_button)
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
    qtbot: QtBot, tab: SecuritySettingsTab, field: str, text: str
) -> None:
    dialog = ContactDialog(tab._services, tab._runner, tab._actor, tab.state.user, field)
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
    _click(qtbot, tab.remove_mobile_button)
    _answer_yes(qtbot, tab, "confirmRemoveContact")
    qtbot.waitUntil(lambda: tab.mobile_error.text() != "", timeout=WAIT)
    assert "change login protection first" in tab.mobile_error.text()
    assert services.users.get(root, "alice").mobile == "+8613800138000"
    _click(qtbot, tab.remove_email_button)  # email is not relied on: it goes
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _answer_yes(qtbot, tab, "confirmRemoveContact")
    assert services.users.get(root, "alice").email is None
    assert tab.email_value.text() == "Not bound"


def test_login_protection_explains_preconditions_and_applies(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    combo = tab.protection_method
    model = combo.model()
    enabled = {combo.itemData(r): model.item(r).isEnabled() for r in range(combo.count())}
    assert enabled == {"off": True, "sms": True, "email": True, "mfa": False}
    assert "needs a bound virtual MFA device" in tab.protection_hint.text()
    assert not tab.api_protection.isEnabled()
    assert not tab.apply_protection_button.isEnabled()
    combo.setCurrentIndex(combo.findData("email"))
    with qtbot.waitSignal(tab.changed, timeout=WAIT), \
            qtbot.waitSignal(tab.state_loaded, timeout=WAIT):  # fmt: skip
        _click(qtbot, tab.apply_protection_button)
    assert services.users.get(root, "alice").login_protection == "email"
    assert not tab.apply_protection_button.isEnabled()
    assert combo.currentData() == "email"


def test_a_new_access_key_is_shown_once_copied_and_saved_as_csv(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _click(qtbot, tab.create_access_key_button)
    dialog = tab.active_dialog
    assert isinstance(dialog, NewAccessKeyDialog)
    key_id, secret = dialog.key_id.text(), dialog.secret.text()
    [record] = services.access_keys.list(root, "alice")
    assert record.access_key_id == key_id and len(secret) >= 30
    assert tab.access_key_table.item(0, 0).text() == key_id

    clipboard = QGuiApplication.clipboard()
    secret_clipboard().clear_after_ms = 300
    qtbot.mouseClick(
        dialog.findChild(QPushButton, "copySecretAccessKey"), Qt.MouseButton.LeftButton
    )
    assert clipboard.text() == secret
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=WAIT)  # cleared after the delay
    qtbot.mouseClick(dialog.findChild(QPushButton, "copyAccessKeyId"), Qt.MouseButton.LeftButton)
    clipboard.setText("something the operator copied later")
    qtbot.wait(600)  # past the delay: what the operator copied since stays
    assert clipboard.text() == "something the operator copied later"

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
    tab.access_key_table.selectRow(0)
    assert tab.toggle_access_key_button.text() == "Disable"
    _click(qtbot, tab.delete_access_key_button)
    _answer_text(qtbot, tab, "confirmDeleteAccessKey", "AKWRONG")
    qtbot.waitUntil(lambda: tab.access_key_error.text() != "", timeout=WAIT)
    assert "type its id" in tab.access_key_error.text()
    assert len(services.access_keys.list(root, "alice")) == 1

    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _click(qtbot, tab.toggle_access_key_button)
    assert services.access_keys.list(root, "alice")[0].status == "inactive"
    tab.access_key_table.selectRow(0)
    assert tab.toggle_access_key_button.text() == "Enable"
    assert tab.access_key_table.item(0, 1).text() == "Inactive"
    _click(qtbot, tab.delete_access_key_button)  # an inactive key needs only a Yes
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _answer_yes(qtbot, tab, "confirmDeleteAccessKey")
    assert services.access_keys.list(root, "alice") == []
    assert tab.access_key_table.rowCount() == 0
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
    table = tab.temporary_table
    assert [table.item(0, c).text() for c in (0, 1)] == [issued.access_key_id, "readonly"]
    table.selectRow(0)
    _click(qtbot, tab.revoke_temporary_button)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        _answer_yes(qtbot, tab, "confirmRevokeTemporary")
    assert table.rowCount() == 0
    assert services.temporary_credentials.list(root, user_name="alice") == []
    assert issued.access_key_id in tab.notice.text()
