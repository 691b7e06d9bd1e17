"""Binding a virtual MFA device from the Security Settings tab: QR code, secret, two codes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.clock import FrozenClock
from app.services import Services
from app.services.records import Actor
from tests.support.qr import decode_qr
from tests.ui.helpers import SQLITE_ONLY, WAIT, choose_mfa_device
from ui.session import ConsoleSession
from ui.tasks import TaskRunner
from ui.user_details.security_settings import SecuritySettingsTab
from ui.user_details.security_settings.mfa_dialog import BindMfaDialog
from ui.widgets.copy_field import secret_clipboard

pytestmark = [
    SQLITE_ONLY,
]


@pytest.fixture
def tab(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor) -> SecuritySettingsTab:
    services.users.create(root, "alice", email="alice@example.com")
    tab = SecuritySettingsTab(ConsoleSession(services, runner, root), "alice")
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.state is not None, timeout=WAIT)
    return tab


def _open_bind(qtbot: QtBot, tab: SecuritySettingsTab) -> BindMfaDialog:
    dialog = choose_mfa_device(qtbot, tab, "phone", virtual=True)  # Add MFA Device
    assert isinstance(dialog, BindMfaDialog)
    qtbot.waitUntil(lambda: dialog.enrollment is not None, timeout=WAIT)
    return dialog


def _secret_shown(dialog: BindMfaDialog) -> str:
    return dialog.findChild(QWidget, "mfaSecret").text().replace(" ", "")


def _type_codes(qtbot: QtBot, dialog: BindMfaDialog, first: str, second: str) -> None:
    qtbot.keyClicks(dialog.findChild(QWidget, "mfaCode1"), first)
    qtbot.keyClicks(dialog.findChild(QWidget, "mfaCode2"), second)


def test_scan_the_code_then_two_codes_bind_the_device(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor, clock: FrozenClock
) -> None:
    dialog = _open_bind(qtbot, tab)
    qr = dialog.findChild(QWidget, "mfaQrCode")
    qtbot.waitExposed(dialog)
    image = qr.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    [decoded] = decode_qr(image)
    uri = urlparse(decoded)
    assert uri.scheme == "otpauth" and uri.netloc == "totp" and uri.path.endswith(":alice")
    secret = _secret_shown(dialog)
    assert parse_qs(uri.query)["secret"] == [secret]  # the grouped text is the same secret
    assert services.mfa.status(root, "alice").state == "pending"

    totp = pyotp.TOTP(secret)  # an authenticator app, independent of the app's code
    now = clock.now()
    assert not dialog.confirm_button.isEnabled()
    _type_codes(qtbot, dialog, totp.at(now - timedelta(seconds=30)), totp.at(now))
    with qtbot.waitSignal(tab.changed, timeout=WAIT):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert services.mfa.status(root, "alice").state == "active"
    qtbot.waitUntil(lambda: tab.state.mfa.state == "active", timeout=WAIT)
    assert tab.mfa.mfa_value.text().startswith("phone: bound since")
    assert not tab.mfa.continue_mfa_button.isVisible()
    assert tab.mfa.reset_mfa_button.isEnabled() and tab.mfa.unbind_mfa_button.isEnabled()
    assert tab.protection.api_protection.isEnabled()


def test_wrong_codes_are_refused_next_to_the_code_fields(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor, clock: FrozenClock
) -> None:
    dialog = _open_bind(qtbot, tab)
    totp = pyotp.TOTP(_secret_shown(dialog))
    now = clock.now()
    _type_codes(qtbot, dialog, totp.at(now - timedelta(minutes=10)), totp.at(now))
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.code_error.text() != "", timeout=WAIT)
    assert "do not match" in dialog.code_error.text()
    assert dialog.isVisible()
    assert services.mfa.status(root, "alice").state == "pending"


def test_the_copied_secret_leaves_the_clipboard(qtbot: QtBot, tab: SecuritySettingsTab) -> None:
    dialog = _open_bind(qtbot, tab)
    secret_clipboard().clear_after_ms = 300
    qtbot.mouseClick(
        dialog.findChild(QPushButton, "mfaCopySecretButton"), Qt.MouseButton.LeftButton
    )
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == _secret_shown(dialog)
    dialog.reject()  # closing the dialog does not keep the secret on the clipboard
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=WAIT)


def test_unbind_is_refused_while_login_protection_relies_on_the_device(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor, clock: FrozenClock
) -> None:
    enrollment = services.mfa.bind(root, "alice")
    totp = pyotp.TOTP(enrollment.secret)
    now = clock.now()
    services.mfa.confirm(root, "alice", totp.at(now - timedelta(seconds=30)), totp.at(now))
    services.protection.set(root, "alice", method="mfa")
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    qtbot.mouseClick(tab.mfa.unbind_mfa_button, Qt.MouseButton.LeftButton)
    box = tab.findChild(QMessageBox, "confirmUnbindMfa")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.mfa.mfa_error.text() != "", timeout=WAIT)
    assert "change login protection first" in tab.mfa.mfa_error.text()
    assert services.mfa.status(root, "alice").state == "active"


def test_reset_replaces_the_device_after_a_confirmation(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor, clock: FrozenClock
) -> None:
    old = services.mfa.bind(root, "alice")
    totp = pyotp.TOTP(old.secret)
    now = clock.now()
    services.mfa.confirm(root, "alice", totp.at(now - timedelta(seconds=30)), totp.at(now))
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    qtbot.mouseClick(tab.mfa.reset_mfa_button, Qt.MouseButton.LeftButton)
    box = tab.findChild(QMessageBox, "confirmResetMfa")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(tab.active_dialog, BindMfaDialog), timeout=WAIT)
    dialog = tab.active_dialog
    qtbot.waitUntil(lambda: dialog.enrollment is not None, timeout=WAIT)
    assert _secret_shown(dialog) != old.secret
    assert services.mfa.status(root, "alice").state == "pending"
    cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    # The reset's new device was never confirmed: cancelling drops it (the old one was
    # replaced when the reset began, as the confirmation said).
    qtbot.waitUntil(lambda: tab.state.mfa.state == "none", timeout=WAIT)
    assert tab.mfa.mfa_value.text() == "Not bound"


def _bound(services: Services, root: Actor, clock: FrozenClock) -> None:
    enrollment = services.mfa.bind(root, "alice")
    totp = pyotp.TOTP(enrollment.secret)
    now = clock.now()
    services.mfa.confirm(root, "alice", totp.at(now - timedelta(seconds=30)), totp.at(now))


def test_unbind_after_a_yes_removes_the_device(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor, clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _bound(services, root, clock)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    assert tab.mfa.unbind_mfa_button.isEnabled()
    asked: list[bool] = []

    def answer_yes(on_yes: Callable[[], None]) -> None:
        asked.append(True)
        on_yes()

    monkeypatch.setattr(tab.mfa, "_confirm_unbind_mfa", answer_yes)
    with qtbot.waitSignal(tab.changed, timeout=WAIT), \
            qtbot.waitSignal(tab.state_loaded, timeout=WAIT):  # fmt: skip
        qtbot.mouseClick(tab.mfa.unbind_mfa_button, Qt.MouseButton.LeftButton)
    assert asked == [True]
    assert services.mfa.status(root, "alice").state == "none"
    assert tab.mfa.mfa_value.text() == "Not bound"
    assert tab.notice.text() == "The virtual MFA device was unbound."
    assert tab.mfa.add_device_button.isEnabled() and not tab.mfa.unbind_mfa_button.isEnabled()
    assert not tab.protection.api_protection.isEnabled()  # API protection needs the device again


def test_api_login_protection_needs_an_active_device_then_turns_on(
    qtbot: QtBot, tab: SecuritySettingsTab, services: Services, root: Actor, clock: FrozenClock
) -> None:
    box = tab.findChild(QCheckBox, "apiLoginProtection")
    assert not box.isEnabled() and not box.isChecked()
    assert (
        "API login protection needs a bound virtual MFA device."
        in tab.protection.protection_hint.text()
    )
    services.mfa.bind(root, "alice")  # pending is not enough
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    assert not box.isEnabled()
    services.mfa.unbind(root, "alice")
    _bound(services, root, clock)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    assert box.isEnabled() and not tab.protection.apply_protection_button.isEnabled()
    assert "API login protection" not in tab.protection.protection_hint.text()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert box.isChecked() and tab.protection.apply_protection_button.isEnabled()
    with qtbot.waitSignal(tab.changed, timeout=WAIT), \
            qtbot.waitSignal(tab.state_loaded, timeout=WAIT):  # fmt: skip
        qtbot.mouseClick(tab.protection.apply_protection_button, Qt.MouseButton.LeftButton)
    user = services.users.get(root, "alice")
    assert user.api_login_protection and user.login_protection == "off"
    assert box.isChecked() and not tab.protection.apply_protection_button.isEnabled()
    assert tab.notice.text() == "Login protection was changed."
