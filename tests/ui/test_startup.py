"""Starting the console: first-run wizard, sign-in with second factors, idle lock, smoke exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pyotp
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QLineEdit, QWizard
from pytestqt.qtbot import QtBot

from app.clock import FrozenClock
from app.config import Settings
from app.devices.fido import list_devices
from app.errors import AuthenticationError, NotFoundError
from app.notify.channels import SmtpSettings
from app.services import Services
from app.services.records import Actor, SecondFactorChallenge
from tests.conftest import ROOT_PASSWORD
from tests.support.mail_server import running_mail_server
from tests.support.softkey import SoftAuthenticator, soft_device
from tests.ui.helpers import SQLITE_ONLY, WAIT, signed_in_window
from ui.main_window import MainWindow
from ui.startup.first_run_wizard import CREATE_PAGE, PASSWORD_PAGE, FirstRunWizard
from ui.startup.sign_in_dialog import CHANGE_STEP, CODE_STEP, SignInDialog
from ui.tasks import TaskRunner
from ui.widgets.copy_field import secret_clipboard

SQLITE = SQLITE_ONLY
STRONG = "Xylophone-Quartz-77"
REPO = Path(__file__).resolve().parents[2]


# --- first-run wizard -------------------------------------------------------------------


def _fill_wizard(qtbot: QtBot, wizard: FirstRunWizard, password: str) -> None:
    qtbot.keyClicks(wizard.account_page.account, "acme")
    qtbot.keyClicks(wizard.account_page.email, "admin@acme.example")
    wizard.next()
    qtbot.keyClicks(wizard.password_page.password, password)
    qtbot.keyClicks(wizard.password_page.confirm, password + "x")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert wizard.password_page.match.text() == "The two passwords differ."
    qtbot.keyClick(wizard.password_page.confirm, Qt.Key.Key_Backspace)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    assert wizard.key_page.key_file.isChecked()  # the key file IAMDESK_KEY_FILE names
    wizard.next()
    wizard.next()
    assert wizard.currentId() == CREATE_PAGE
    assert "acme" in wizard.create_page.summary.text()


@SQLITE
def test_wizard_creates_the_account_and_signs_in_root(
    qtbot: QtBot, services: Services, runner: TaskRunner, settings: Settings
) -> None:
    wizard = FirstRunWizard(services, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_wizard(qtbot, wizard, ROOT_PASSWORD)
    with qtbot.waitSignal(wizard.accepted, timeout=WAIT):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                         Qt.MouseButton.LeftButton)  # fmt: skip
    outcome = wizard.outcome
    assert outcome is not None and outcome.warnings == []
    assert outcome.signed_in.actor.name == "acme" and outcome.init.vault_ready
    assert services.auth.actor_for_session(outcome.signed_in.token).name == "acme"
    assert settings.key_file is not None and settings.key_file.exists()
    assert wizard.password_page.password.text() == ""  # not kept on screen


@SQLITE
def test_wizard_sends_a_weak_password_back_to_its_page(
    qtbot: QtBot, services: Services, runner: TaskRunner
) -> None:
    wizard = FirstRunWizard(services, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_wizard(qtbot, wizard, "password")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PASSWORD_PAGE, timeout=WAIT)
    assert wizard.password_page.error.text() != ""
    assert wizard.outcome is None
    with pytest.raises(NotFoundError, match="no account"):  # nothing was created
        services.account.account_name()


@SQLITE
def test_wizard_stores_smtp(qtbot: QtBot, services: Services, runner: TaskRunner) -> None:
    wizard = FirstRunWizard(services, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_wizard(qtbot, wizard, ROOT_PASSWORD)
    wizard.back()
    page = wizard.smtp_page
    page.enabled.setChecked(True)
    qtbot.keyClicks(page.host, "mail.acme.example")
    qtbot.keyClicks(page.sender, "not an address")
    wizard.next()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.error.text() != "", timeout=WAIT)
    assert "sender" in page.error.text() and wizard.outcome is None
    page.sender.clear()
    qtbot.keyClicks(page.sender, "iam@acme.example")
    wizard.next()
    with qtbot.waitSignal(wizard.accepted, timeout=WAIT):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                         Qt.MouseButton.LeftButton)  # fmt: skip
    root = wizard.outcome.signed_in.actor
    smtp = services.account.smtp_settings(root)
    assert smtp is not None and (smtp.host, smtp.port, smtp.sender) == (
        "mail.acme.example", 587, "iam@acme.example"
    )  # fmt: skip


# --- sign-in ----------------------------------------------------------------------------


@pytest.fixture
def dialog(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor) -> SignInDialog:
    dialog = SignInDialog(services, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _sign_in(qtbot: QtBot, dialog: SignInDialog, name: str, password: str) -> None:
    qtbot.keyClicks(dialog.username, name)
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)


def _operator(services: Services, root: Actor, name: str = "alice", **kwargs: str) -> None:
    services.users.create(root, name, role="administrator", **kwargs)
    services.passwords.reset(root, name, "set-now", new_password=STRONG, must_change=False)


def _operator_with_mfa(services: Services, root: Actor, clock: FrozenClock) -> pyotp.TOTP:
    """Operator alice with an active virtual MFA device and MFA login protection."""
    _operator(services, root)
    totp = pyotp.TOTP(services.mfa.bind(root, "alice").secret)
    first = totp.at(clock.now())
    clock.advance(seconds=30)
    services.mfa.confirm(root, "alice", first, totp.at(clock.now()))
    services.protection.set(root, "alice", method="mfa")
    return totp


@SQLITE
def test_root_signs_in_and_a_wrong_password_is_said_plainly(
    qtbot: QtBot, dialog: SignInDialog
) -> None:
    assert dialog.objectName() == "signInDialog"
    _sign_in(qtbot, dialog, "acme", "wrong-password")
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=WAIT)
    assert "name or password is wrong" in dialog.error.text()
    assert dialog.sign_in_button.isEnabled()
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, ROOT_PASSWORD)
    with qtbot.waitSignal(dialog.signed_in, timeout=WAIT) as signed:
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert signed.args[0].actor.name == "acme"
    assert dialog.password.text() == ""


@SQLITE
def test_emailed_code_with_resend(
    qtbot: QtBot, dialog: SignInDialog, services: Services, root: Actor
) -> None:
    _operator(services, root, email="alice@example.com")
    services.protection.set(root, "alice", method="email")
    with running_mail_server() as server:
        services.account.set_smtp(
            root, SmtpSettings("127.0.0.1", server.port, "none", None, None, "iam@acme.example")
        )
        _sign_in(qtbot, dialog, "alice", STRONG)
        qtbot.waitUntil(lambda: dialog.step == CODE_STEP, timeout=WAIT)
        assert "a***@example.com" in dialog.code_prompt.text()
        assert dialog.resend_button.isVisible() and not dialog.key_button.isVisible()
        assert not dialog.resend_button.isEnabled()  # a short cooldown first
        dialog._resend_timer.stop()
        dialog.resend_button.setEnabled(True)
        qtbot.mouseClick(dialog.resend_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.code_prompt.text().startswith("A new code"), timeout=WAIT)
        services.outbox.send_due(root)
    first, second = (body.split("code is ")[1][:6] for body in server.bodies())
    qtbot.keyClicks(dialog.code, first)  # voided by the resend
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=WAIT)
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, second)
    with qtbot.waitSignal(dialog.signed_in, timeout=WAIT) as signed:
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert signed.args[0].actor.name == "alice"


@SQLITE
def test_totp_code_and_the_security_key_hook(
    qtbot: QtBot, dialog: SignInDialog, services: Services, root: Actor, clock: FrozenClock
) -> None:
    totp = _operator_with_mfa(services, root, clock)
    clock.advance(seconds=30)
    _sign_in(qtbot, dialog, "alice", STRONG)
    qtbot.waitUntil(lambda: dialog.step == CODE_STEP, timeout=WAIT)
    assert dialog.key_button.isVisible() and not dialog.resend_button.isVisible()
    qtbot.keyClicks(dialog.code, totp.at(clock.now()))
    with qtbot.waitSignal(dialog.signed_in, timeout=WAIT):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)


class _Pin:
    """Answers a key's PIN request while the test enrols it (outside the GUI)."""

    def __init__(self, pin: str) -> None:
        self._pin = pin

    def touch_requested(self) -> None:
        pass

    def pin_requested(self) -> str | None:
        return self._pin


@SQLITE
def test_an_operator_signs_in_with_a_security_key(
    qtbot: QtBot, dialog: SignInDialog, services: Services, root: Actor
) -> None:
    _operator(services, root)
    key = SoftAuthenticator(pin="2468")
    (device,) = list_devices(lambda: [soft_device(key)])
    services.security_keys.add(root, "alice", "desk-key", device, _Pin("2468"), threading.Event())
    services.protection.set(root, "alice", method="mfa")  # the key alone is enough for it
    key.touch_mode = "manual"  # from now on the key waits for the operator's finger
    counter = key.counter
    dialog.key_lister = lambda: [soft_device(key)]
    _sign_in(qtbot, dialog, "alice", STRONG)
    qtbot.waitUntil(lambda: dialog.step == CODE_STEP, timeout=WAIT)
    assert dialog.key_button.isVisible() and dialog.key_button.isEnabled()
    with qtbot.waitSignal(dialog.key_wait_started, timeout=WAIT):
        qtbot.mouseClick(dialog.key_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.text() == "Cancel"  # while the key works it cancels the key
    qtbot.waitUntil(
        lambda: dialog.findChild(QInputDialog, "securityKeyPin") is not None, timeout=WAIT
    )
    pin = dialog.findChild(QInputDialog, "securityKeyPin")
    qtbot.keyClicks(pin.findChild(QLineEdit), "2468")
    qtbot.mouseClick(pin.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    qtbot.waitUntil(lambda: dialog.touch_label.isVisible(), timeout=WAIT)
    assert not dialog.isHidden() and dialog.result_value is None  # not before the touch
    with qtbot.waitSignal(dialog.signed_in, timeout=WAIT) as signed:
        key.touch()
    assert signed.args[0].actor.name == "alice"
    assert services.auth.actor_for_session(signed.args[0].token).name == "alice"
    assert key.counter > counter and dialog.key_prompt is None
    [record] = services.security_keys.list(root, "alice")
    assert record.last_used_at is not None


@SQLITE
def test_security_key_without_a_key_says_so(
    qtbot: QtBot, dialog: SignInDialog, services: Services, root: Actor, clock: FrozenClock
) -> None:
    _operator_with_mfa(services, root, clock)
    dialog.key_lister = list  # no keys plugged in
    _sign_in(qtbot, dialog, "alice", STRONG)
    qtbot.waitUntil(lambda: dialog.step == CODE_STEP, timeout=WAIT)
    qtbot.mouseClick(dialog.key_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=WAIT)
    assert "security key" in dialog.error.text() and dialog.key_prompt is None
    assert dialog.step == CODE_STEP and dialog.sign_in_button.isEnabled()


@SQLITE
def test_a_must_change_password_is_changed_before_going_on(
    qtbot: QtBot, dialog: SignInDialog, services: Services, root: Actor
) -> None:
    services.users.create(root, "bob", role="helpdesk")
    services.passwords.reset(root, "bob", "set-now", new_password=STRONG, must_change=True)
    _sign_in(qtbot, dialog, "bob", STRONG)
    qtbot.waitUntil(lambda: dialog.step == CHANGE_STEP, timeout=WAIT)
    qtbot.keyClicks(dialog.new_password, "Granite-Meadow-Lantern-31")
    qtbot.keyClicks(dialog.new_password_confirm, "Granite-Meadow-Lantern-32")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert "differ" in dialog.error.text()
    dialog.new_password_confirm.clear()
    qtbot.keyClicks(dialog.new_password_confirm, "Granite-Meadow-Lantern-31")
    with qtbot.waitSignal(dialog.signed_in, timeout=WAIT):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert services.auth.sign_in("bob", "Granite-Meadow-Lantern-31").actor.name == "bob"


# --- idle lock --------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor) -> MainWindow:
    return signed_in_window(qtbot, services, runner, idle_timeout_ms=300)


@SQLITE
def test_idle_lock_asks_the_password_again(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    old_token = window.session.token
    with qtbot.waitSignal(window.locked, timeout=WAIT):
        pass
    lock = window.lock_dialog
    assert lock is not None and lock.isVisible()
    assert not window.pages.isVisible() and window.locked_view.isVisible()
    assert lock.username.text() == "acme" and lock.username.isReadOnly()
    qtbot.keyClicks(lock.password, ROOT_PASSWORD)
    with qtbot.waitSignal(window.unlocked, timeout=WAIT):
        qtbot.mouseClick(lock.sign_in_button, Qt.MouseButton.LeftButton)
    assert window.pages.isVisible() and window.session.token != old_token
    qtbot.waitUntil(lambda: not window._runner.busy, timeout=WAIT)
    with pytest.raises(AuthenticationError):
        services.auth.actor_for_session(old_token)


@SQLITE
def test_idle_lock_of_an_operator_asks_the_second_factor_too(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, clock: FrozenClock
) -> None:
    totp = _operator_with_mfa(services, root, clock)
    clock.advance(seconds=30)
    challenge = services.auth.sign_in("alice", STRONG)
    assert isinstance(challenge, SecondFactorChallenge)
    session = services.auth.complete_sign_in(challenge.challenge_id, totp.at(clock.now()))
    window = MainWindow(services, runner, session, idle_timeout_ms=300)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.locked, timeout=WAIT):
        pass
    lock = window.lock_dialog
    assert lock is not None and lock.username.text() == "alice"
    qtbot.keyClicks(lock.password, STRONG)
    qtbot.mouseClick(lock.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lock.step == CODE_STEP, timeout=WAIT)
    assert window.locked_view.isVisible() and not window.pages.isVisible()  # not yet
    assert lock.key_button.isVisible()
    qtbot.keyClicks(lock.code, totp.at(clock.now()))  # replayed: the step was used
    qtbot.mouseClick(lock.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lock.error.text() != "", timeout=WAIT)
    assert window.locked_view.isVisible()
    clock.advance(seconds=30)
    lock.code.clear()
    qtbot.keyClicks(lock.code, totp.at(clock.now()))
    with qtbot.waitSignal(window.unlocked, timeout=WAIT):
        qtbot.mouseClick(lock.sign_in_button, Qt.MouseButton.LeftButton)
    assert window.pages.isVisible() and window.session.actor.name == "alice"
    assert window.session.token != session.token
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)


@SQLITE
def test_locking_clears_a_copied_secret_but_not_what_was_copied_since(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    window = signed_in_window(qtbot, services, runner)
    clipboard = QGuiApplication.clipboard()
    secret_clipboard().copy("AKSECRET-copied-from-a-dialog")
    with qtbot.waitSignal(window.locked, timeout=WAIT):
        window.findChild(QAction, "lockAction").trigger()  # Ctrl+L
    assert clipboard.text() == ""
    lock = window.lock_dialog
    qtbot.keyClicks(lock.password, ROOT_PASSWORD)
    with qtbot.waitSignal(window.unlocked, timeout=WAIT):
        qtbot.mouseClick(lock.sign_in_button, Qt.MouseButton.LeftButton)
    secret_clipboard().copy("AKSECRET-copied-again")
    clipboard.setText("an address the operator copied since")
    with qtbot.waitSignal(window.locked, timeout=WAIT):
        window.lock()
    assert clipboard.text() == "an address the operator copied since"
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)


@SQLITE
def test_sign_out_from_the_lock(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.locked, timeout=WAIT):
        pass
    with qtbot.waitSignal(window.signed_out, timeout=WAIT):
        qtbot.mouseClick(window.lock_dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()


# --- the command ------------------------------------------------------------------------


def _run_iamdesk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.main", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def smoke_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "IAMDESK_HOME": str(tmp_path / "smoke-home"),
        "IAMDESK_KEY_FILE": str(tmp_path / "smoke.key"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
        "IAMDESK_SMOKE_EXIT_MS": "300",
    }


def test_smoke_exit_shows_the_wizard_on_an_empty_store(smoke_env: dict[str, str]) -> None:
    result = _run_iamdesk(smoke_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["iamdesk: showing firstRunWizard"]


def test_smoke_exit_shows_sign_in_on_an_initialised_store(smoke_env: dict[str, str]) -> None:
    services = Services.open(Settings.from_env(smoke_env))
    services.account.init("acme", ROOT_PASSWORD)
    services.close()
    result = _run_iamdesk(smoke_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["iamdesk: showing signInDialog"]


STARTUP_PROBE = """
import json, os, sys
import ui.main
ui.main.load_before_qt()  # what ui.main.main() does before it imports ui.console
import ui.console
loaded = list(sys.modules)
os.environ["IAMDESK_DATABASE_URL"] = sys.argv[1]  # now the SQLite store made for the test
services = ui.console.Services.open(ui.console.settings_from_environment())
services.account.account_name()
services.close()
print(json.dumps({"at_import": loaded, "after_open": list(sys.modules)}))
"""
LOADED_ON_DEMAND = (
    "alembic",  # only when the store's schema is older than this copy
    "fido2",  # at the first security key
    "email_validator",  # at the first contact checked
    "phonenumbers",
    "qrcode",  # with the main window, while the sign-in dialog waits
    "ui.main_window",
    "ui.startup.first_run_wizard",  # on an empty store
)


def test_start_up_loads_the_services_before_qt_and_the_rest_on_demand(
    smoke_env: dict[str, str],
) -> None:
    # What benchmarks/gui_users.py's start-up figure relies on. PySide6's __feature__ import
    # hook reads the source of every module imported after it, so the heavy service layer
    # must come first; and what sign-in does not need must not load before it.
    services = Services.open(Settings.from_env(smoke_env))
    services.account.init("acme", ROOT_PASSWORD)
    services.close()
    sqlite_url = Settings.from_env(smoke_env).database_url
    pg_url = "postgresql://nobody@127.0.0.1:9/none"  # the driver loads; nothing connects
    env = {**smoke_env, "IAMDESK_DATABASE_URL": pg_url}
    result = subprocess.run([sys.executable, "-c", STARTUP_PROBE, sqlite_url], cwd=REPO,
                            env=env, capture_output=True, text=True, timeout=120,
                            check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout.splitlines()[-1])
    at_import = modules["at_import"]
    for name in ("sqlalchemy", "app.services", "psycopg"):
        assert at_import.index(name) < at_import.index("PySide6"), f"{name} after Qt"
    for name in LOADED_ON_DEMAND:
        assert name not in modules["after_open"], f"{name} loads at start-up"


def test_version_flag(smoke_env: dict[str, str]) -> None:
    from app import __version__

    result = _run_iamdesk(smoke_env, "--version")
    assert result.returncode == 0 and result.stdout.strip() == f"iamdesk {__version__}"


@SQLITE
def test_the_lock_hides_open_windows_and_the_unlock_brings_them_back(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    # idle for 2 s, not 0.3: typing the name must end before the lock on a busy machine
    window = signed_in_window(qtbot, services, runner, idle_timeout_ms=2000)
    services.users.create(root, "bob")
    details = window.users.open_details("bob")
    qtbot.waitUntil(lambda: details.basic.display_name.isEnabled(), timeout=WAIT)
    qtbot.keyClicks(details.basic.display_name, "Bob (unsaved)")
    qtbot.waitUntil(lambda: window.lock_dialog is not None, timeout=WAIT)
    assert not details.isVisible()  # nothing of the user shows over the lock
    lock = window.lock_dialog
    assert lock is not None
    qtbot.keyClicks(lock.password, ROOT_PASSWORD)
    with qtbot.waitSignal(window.unlocked, timeout=WAIT):
        qtbot.mouseClick(lock.sign_in_button, Qt.MouseButton.LeftButton)
    assert details.isVisible() and window.users.details is details
    assert details.basic.display_name.text().endswith("Bob (unsaved)")
