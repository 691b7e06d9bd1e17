"""Add MFA Device as Huawei IAM documents it (issue 13, point 6): one entry point, a device
name, then the type; a cancelled bind leaves no pending device; a pending one continues with
its own secret; the key table names known models."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pyotp
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from app.clock import FrozenClock
from app.services import Services
from app.services.records import Actor
from tests.support.softkey import AAGUID, SoftAuthenticator, soft_device
from tests.ui.helpers import SQLITE_ONLY, WAIT, choose_mfa_device, open_add_device
from ui.session import ConsoleSession
from ui.tasks import TaskRunner
from ui.user_details.security_settings import SecuritySettingsTab
from ui.user_details.security_settings.key_dialog import AddSecurityKeyDialog
from ui.user_details.security_settings.mfa_dialog import BindMfaDialog
from ui.widgets import authenticators

pytestmark = SQLITE_ONLY


@pytest.fixture
def key() -> SoftAuthenticator:
    return SoftAuthenticator()


@pytest.fixture
def tab(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor,
        alice: str, key: SoftAuthenticator) -> SecuritySettingsTab:  # fmt: skip
    devices = [soft_device(key, serial=1)]
    tab = SecuritySettingsTab(ConsoleSession(services, runner, root), alice,
                              device_lister=lambda: devices)  # fmt: skip
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.state is not None, timeout=WAIT)
    return tab


def _model_shown(tab: SecuritySettingsTab) -> str | None:
    item = tab.mfa.key_table.item(0, 1)  # None while the table says "No security keys"
    return item.text() if item is not None else None


def test_one_entry_point_replaces_bind_and_add_security_key(tab: SecuritySettingsTab) -> None:
    names = {b.objectName() for b in tab.findChildren(QPushButton)}
    assert "addMfaDeviceButton" in names
    assert not names & {"bindVirtualMfaButton", "addSecurityKeyButton"}
    assert tab.mfa.add_device_button.text() == "Add MFA Device"


def test_the_name_is_checked_before_next(qtbot: QtBot, tab: SecuritySettingsTab) -> None:
    dialog = open_add_device(qtbot, tab)
    assert dialog.virtual.isChecked() and not dialog.next_button.isEnabled()
    qtbot.keyClicks(dialog.device_name, "my phone")
    assert not dialog.next_button.isEnabled()
    assert "not allowed" in dialog.name_feedback.text()
    dialog.device_name.setText("my_phone-2")
    assert dialog.next_button.isEnabled() and dialog.name_feedback.text() == "✓ Valid name."
    dialog.reject()


def test_a_named_virtual_device_is_bound_through_the_chooser(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor, clock: FrozenClock
) -> None:
    bind = choose_mfa_device(qtbot, tab, "office-phone", virtual=True)
    assert isinstance(bind, BindMfaDialog)
    qtbot.waitUntil(lambda: bind.enrollment is not None, timeout=WAIT)
    totp, now = pyotp.TOTP(bind.enrollment.secret), clock.now()
    bind.code1.setText(totp.at(now - timedelta(seconds=30)))
    bind.code2.setText(totp.at(now))
    with qtbot.waitSignal(tab.changed, timeout=WAIT):
        qtbot.mouseClick(bind.confirm_button, Qt.MouseButton.LeftButton)
    assert services.mfa.status(root, "alice").device_name == "office-phone"
    qtbot.waitUntil(lambda: tab.state.mfa.state == "active", timeout=WAIT)
    assert tab.mfa.mfa_value.text().startswith("office-phone: bound since")
    again = open_add_device(qtbot, tab)  # one virtual device: only a key is offered now
    assert not again.virtual.isEnabled() and again.security_key.isChecked()
    assert again.virtual.toolTip() == "A virtual MFA device is already bound."
    again.reject()


def test_cancelling_a_bind_leaves_no_pending_device(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    bind = choose_mfa_device(qtbot, tab, "phone", virtual=True)
    qtbot.waitUntil(lambda: bind.enrollment is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: tab.state.mfa.state == "pending", timeout=WAIT)
    cancel = bind.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.state.mfa.state == "none", timeout=WAIT)
    assert services.mfa.status(root, "alice").state == "none"
    assert tab.mfa.mfa_value.text() == "Not bound"


def test_a_pending_device_continues_with_the_same_secret(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor
) -> None:
    started = services.mfa.bind(root, "alice", "tablet")  # another workstation, or iamctl
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    assert "tablet: pending" in tab.mfa.mfa_value.text()
    button = tab.mfa.continue_mfa_button
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    resumed = tab.active_dialog
    assert isinstance(resumed, BindMfaDialog)
    qtbot.waitUntil(lambda: resumed.enrollment is not None, timeout=WAIT)
    assert resumed.enrollment.secret == started.secret  # never a silently useless new QR
    resumed.reject()  # it was not this dialog's to drop
    qtbot.waitUntil(lambda: tab.active_dialog is None, timeout=WAIT)
    assert services.mfa.status(root, "alice").state == "pending"


def test_a_security_key_is_named_in_the_chooser_and_its_model_shown(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    aaguid = str(uuid.UUID(bytes=AAGUID))
    assert aaguid not in authenticators.models()  # the test key is no shipped model
    monkeypatch.setattr(authenticators, "models", lambda: {aaguid: "Soft Key 2000"})
    add = choose_mfa_device(qtbot, tab, "desk-key", virtual=False)
    assert isinstance(add, AddSecurityKeyDialog)
    assert add.key_name.text() == "desk-key"
    qtbot.waitUntil(lambda: add.add_button.isEnabled(), timeout=WAIT)
    with qtbot.waitSignal(add.key_added, timeout=WAIT):
        qtbot.mouseClick(add.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _model_shown(tab) == "Soft Key 2000", timeout=WAIT)
    [record] = services.security_keys.list(root, "alice")
    assert record.aaguid == aaguid  # the store keeps the AAGUID; the table names the model
    monkeypatch.setattr(authenticators, "models", lambda: {})
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    assert tab.mfa.key_table.item(0, 1).text() == aaguid  # unknown: the AAGUID itself
    dialog = open_add_device(qtbot, tab)
    dialog.device_name.setText("desk-key")  # taken by the key
    assert not dialog.next_button.isEnabled()
    assert "already has an MFA device named desk-key" in dialog.name_feedback.text()
    dialog.reject()
