"""Screenshots of every screen of the console, in English and Simplified Chinese, light and
dark, saved only when asked:

    IAMDESK_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/ui/test_screenshots.py

Each screen is saved as ``<screen>[-dark][_zh].png``. The store is filled at the tests'
FrozenClock (fixed dates, shown in UTC) and the store's path reads as an installed one, so
the pictures change only when the screens do (secrets and key ids are random, as they are
made). Without IAMDESK_SCREENSHOTS every test here is skipped before any set-up.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pyotp
import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QScrollArea,
    QStyleFactory,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from app.clock import FrozenClock
from app.config import Settings
from app.devices.fido import list_devices
from app.errors import IamDeskError
from app.notify.channels import SmtpSettings
from app.services import Services
from app.services.records import Actor, SignInResult
from tests.conftest import ROOT_PASSWORD
from tests.support.mail_server import running_mail_server
from tests.support.softkey import SoftAuthenticator, soft_device
from tests.ui.helpers import SQLITE_ONLY, WAIT
from ui import i18n
from ui.main_window import AUDIT, OUTBOX, SETTINGS, MainWindow
from ui.session import ConsoleSession
from ui.startup.first_run_wizard import CREATE_PAGE, FirstRunWizard
from ui.startup.sign_in_dialog import CODE_STEP, SignInDialog
from ui.tasks import TaskRunner
from ui.user_details.details_dialog import BASIC, SECURITY, UserDetailsDialog
from ui.user_details.security_settings import SecuritySettingsTab
from ui.user_details.security_settings.access_key_dialog import NewAccessKeyDialog
from ui.user_details.security_settings.contact_dialog import ContactDialog
from ui.user_details.security_settings.key_dialog import AddSecurityKeyDialog
from ui.user_details.security_settings.mfa_dialog import BindMfaDialog
from ui.user_details.security_settings.password_dialog import ResetPasswordDialog
from ui.users import bulk_actions
from ui.users.bulk_actions import BulkResultDialog, run_bulk
from ui.users.create_user_dialog import CreateUserDialog
from ui.users.user_table_model import Column
from ui.widgets.indicators import VisibleIndicators
from ui.widgets.one_time_password import OneTimePasswordDialog
from ui.widgets.typed_confirm import TypedConfirmDialog

FOLDER = os.environ.get("IAMDESK_SCREENSHOTS", "")
REPO = Path(__file__).resolve().parents[2]
PASSWORD = "Xylophone-Quartz-77"
HOME = Path("/home/operator/.local/share/iamdesk")  # what an installed console shows
STORE = f"SQLite {HOME / 'iamdesk.sqlite3'}"
SQLITE = SQLITE_ONLY

if not FOLDER:
    pytest.skip("screenshots: set IAMDESK_SCREENSHOTS=docs/screenshots to save them",
                allow_module_level=True)  # fmt: skip


# --- language and theme --------------------------------------------------------------------


def _dark_palette() -> QPalette:
    """A dark desktop theme's palette; its bevel shades (light, mid, dark, shadow: the lines
    of check boxes, radio buttons, frames) derived from the dark button colour."""
    palette = QPalette(QColor("#3a3a3a"), QColor("#2f2f2f"))
    colors = {
        QPalette.ColorRole.Window: "#2f2f2f", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1a1a1a", QPalette.ColorRole.AlternateBase: "#232323",
        QPalette.ColorRole.ToolTipBase: "#333333", QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#3a3a3a",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Link: "#6ab0ff", QPalette.ColorRole.Highlight: "#3d6fd6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.PlaceholderText: "#8c8c8c",
    }  # fmt: skip
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):  # fmt: skip
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


@dataclass(frozen=True)
class Look:
    language: str  # "en" or "zh_CN"
    theme: str  # "light" or "dark"

    def save(self, widget: QWidget | QPixmap, screen: str) -> Path:
        """Save ``widget`` (or a picture made of it) as ``<screen>[-dark][_zh].png``."""
        folder = Path(FOLDER)
        if not folder.is_absolute():
            folder = REPO / folder
        folder.mkdir(parents=True, exist_ok=True)
        suffix = ("-dark" if self.theme == "dark" else "") + (
            "_zh" if self.language == "zh_CN" else ""
        )
        path = folder / f"{screen}{suffix}.png"
        QApplication.processEvents()
        picture = widget if isinstance(widget, QPixmap) else widget.grab()
        assert picture.save(str(path)), path
        return path


LOOKS = [Look(language, theme) for language in ("en", "zh_CN") for theme in ("light", "dark")]


@pytest.fixture(params=LOOKS, ids=lambda look: f"{look.language}-{look.theme}")
def look(
    request: pytest.FixtureRequest, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Look]:
    """The language's translators (as ui.main installs them), Fusion in a light or dark
    palette, UTC and the installed store's path; all put back afterwards. Widgets are
    built after this (icons take the palette's colours when made)."""
    chosen: Look = request.param
    style, palette = qapp.style().name(), qapp.palette()
    fusion = QStyleFactory.create("Fusion")
    qapp.setStyle(VisibleIndicators(QStyleFactory.create("Fusion")))  # as ui.console does
    qapp.setPalette(_dark_palette() if chosen.theme == "dark" else fusion.standardPalette())
    i18n.install_translators(qapp, chosen.language)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(Settings, "describe_store", lambda _self: STORE)
    yield chosen
    i18n.remove_translators(qapp)
    QLocale.setDefault(QLocale.system())
    qapp.setStyle(style)
    qapp.setPalette(palette)
    monkeypatch.undo()
    time.tzset()


def _over(parent: QWidget, child: QWidget) -> QPixmap:
    """``child`` (a window-modal dialog) drawn centred over ``parent``, with a thin frame:
    what the operator sees (offscreen windows have no decorations to grab)."""
    picture = parent.grab()
    dialog = child.grab()
    painter = QPainter(picture)
    x = (picture.width() - dialog.width()) // 2
    y = (picture.height() - dialog.height()) // 2
    painter.fillRect(x - 1, y - 1, dialog.width() + 2, dialog.height() + 2,
                     parent.palette().color(QPalette.ColorRole.Mid))  # fmt: skip
    painter.drawPixmap(QPoint(x, y), dialog)
    painter.end()
    return picture


def _idle(qtbot: QtBot, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)
    QApplication.processEvents()


# --- the store ---------------------------------------------------------------------------


class _NoPin:
    def touch_requested(self) -> None:
        pass

    def pin_requested(self) -> str | None:
        return None


def _bind_mfa(services: Services, root: Actor, clock: FrozenClock, name: str) -> pyotp.TOTP:
    enrollment = services.mfa.bind(root, name)
    totp = pyotp.TOTP(enrollment.secret)
    first = totp.at(clock.now())
    clock.advance(seconds=30)
    services.mfa.confirm(root, name, first, totp.at(clock.now()))
    return totp


def _enrol_key(services: Services, root: Actor, name: str, key_name: str) -> None:
    (device,) = list_devices(lambda: [soft_device(SoftAuthenticator())])
    services.security_keys.add(root, name, key_name, device, _NoPin(), threading.Event())


@dataclass
class Store:
    services: Services
    root: Actor
    clock: FrozenClock
    mfa: dict[str, pyotp.TOTP]


# More users, so the list fills the window: (name, display name, email, mobile).
CROWD = [
    ("chen.jie", "陈杰", "chen.jie@example.com", "+8613500135000"),
    ("david.miller", "David Miller", "david.miller@example.com", None),
    ("emma.johnson", "Emma Johnson", "emma.johnson@example.com", "+447911123456"),
    ("fatima.khan", "Fatima Khan", "fatima.khan@example.com", None),
    ("guo.qiang", "郭强", None, "+8613300133000"),
    ("hannah.lee", "Hannah Lee", "hannah.lee@example.com", None),
    ("huang.min", "黄敏", "huang.min@example.com", "+8613200132000"),
    ("ivan.petrov", "Ivan Petrov", "ivan.petrov@example.com", None),
    ("james.wilson", "James Wilson", "james.wilson@example.com", "+14155550123"),
    ("liu.yang", "刘洋", "liu.yang@example.com", "+8618800188000"),
    ("maria.garcia", "María García", "maria.garcia@example.com", None),
    ("olivia.brown", "Olivia Brown", "olivia.brown@example.com", None),
    ("sun.li", "孙丽", "sun.li@example.com", "+8618600186000"),
    ("tom.baker", "Tom Baker", None, None),
    ("wu.hao", "吴昊", "wu.hao@example.com", "+8618500185000"),
    ("xu.ming", "徐明", "xu.ming@example.com", None),
    ("yang.jing", "杨静", "yang.jing@example.com", "+8618300183000"),
    ("zhao.lei", "赵磊", "zhao.lei@example.com", "+8618200182000"),
]
USERS = 6 + len(CROWD)


@pytest.fixture
def store(services: Services, root: Actor, clock: FrozenClock) -> Store:
    """Two dozen users over a few days: alice has everything (password, MFA, a security
    key, an access key, a temporary credential, login protection), zhang.wei and wang.fang
    are operators, li.na is disabled; the outbox holds sent, stored and queued messages."""
    users = services.users
    mfa: dict[str, pyotp.TOTP] = {}
    users.create(root, "alice", email="alice@example.com", mobile="+8613800138000",
                 display_name="Alice Wong", description="Finance team lead")  # fmt: skip
    clock.advance(hours=3, minutes=12)
    users.create(root, "zhang.wei", email="zhang.wei@example.com", mobile="+8613700137000",
                 display_name="张伟", role="helpdesk")  # fmt: skip
    clock.advance(hours=5, minutes=40)
    users.create(root, "li.na", mobile="+8613912345678", display_name="李娜")
    users.set_enabled(root, "li.na", False)
    clock.advance(days=1, hours=2, minutes=7)
    users.create(root, "bob.smith", email="bob.smith@example.com", display_name="Bob Smith")
    clock.advance(hours=1, minutes=25)
    users.create(root, "wang.fang", email="wang.fang@example.com", mobile="+8613600136000",
                 display_name="王芳", role="administrator")  # fmt: skip
    clock.advance(hours=4, minutes=3)
    users.create(root, "ci-deploy", display_name="CI deploy robot",
                 description="Used by the build pipeline")  # fmt: skip
    services.access_keys.create(root, "ci-deploy")
    for n, (name, display, email, mobile) in enumerate(CROWD):
        clock.advance(hours=2 + n % 5, minutes=7 * n % 60)
        users.create(root, name, email=email, mobile=mobile, display_name=display)
    mfa["david.miller"] = _bind_mfa(services, root, clock, "david.miller")
    _enrol_key(services, root, "emma.johnson", "yubikey-5c")
    _enrol_key(services, root, "emma.johnson", "backup-key")
    services.access_keys.create(root, "james.wilson")
    users.set_enabled(root, "tom.baker", False)
    clock.advance(days=2, hours=6, minutes=31)

    services.passwords.reset(root, "alice", "set-now", new_password=PASSWORD, must_change=False)
    mfa["alice"] = _bind_mfa(services, root, clock, "alice")
    clock.advance(minutes=14)
    _enrol_key(services, root, "alice", "office-key-1")
    services.protection.set(root, "alice", method="mfa")
    services.access_keys.create(root, "alice")

    for operator in ("zhang.wei", "wang.fang"):
        services.passwords.reset(root, operator, "set-now", new_password=PASSWORD,
                                 must_change=False)  # fmt: skip
    mfa["zhang.wei"] = _bind_mfa(services, root, clock, "zhang.wei")
    services.protection.set(root, "zhang.wei", method="mfa")
    services.protection.set(root, "wang.fang", method="sms")
    clock.advance(hours=1, minutes=2)
    zhang = services.auth.sign_in("zhang.wei", PASSWORD)
    clock.advance(seconds=30)
    services.auth.complete_sign_in(zhang.challenge_id, mfa["zhang.wei"].at(clock.now()))
    clock.advance(minutes=47)
    services.auth.sign_in("wang.fang", PASSWORD)  # an SMS code: stored by the gateway
    services.passwords.reset(root, "bob.smith", "auto")  # an emailed password
    with running_mail_server() as server:
        services.account.set_smtp(root, SmtpSettings("127.0.0.1", server.port, "none", None,
                                                     None, "iam@acme.example"))  # fmt: skip
        services.outbox.send_due(root)
    services.account.set_smtp(root, SmtpSettings("smtp.acme.example", 587, "starttls",
                                                 "iam-desk", "Mailer-Pass-2026",
                                                 "iam@acme.example"))  # fmt: skip
    clock.advance(hours=2, minutes=18)
    services.passwords.reset(root, "bob.smith", "set-by-user")  # queued: no SMTP here
    clock.advance(minutes=5)
    services.temporary_credentials.create_set(root, "readonly", 12 * 3600)
    services.temporary_credentials.assign(root, "readonly", "alice")
    token = services.api_tokens.issue("alice", PASSWORD)
    services.temporary_credentials.issue(token.token, "readonly")
    clock.advance(minutes=9)
    return Store(services, root, clock, mfa)


def _signed_in(store: Store) -> SignInResult:
    session = store.services.auth.sign_in("acme", ROOT_PASSWORD)
    assert isinstance(session, SignInResult)
    return session


def _main_window(qtbot: QtBot, store: Store, runner: TaskRunner) -> MainWindow:
    """The main window at its default size (1320×780), users listed."""
    window = MainWindow(store.services, runner, _signed_in(store), idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    model = window.users.model
    qtbot.waitUntil(lambda: model.rowCount() == USERS, timeout=WAIT)
    _idle(qtbot, runner)
    return window


def _details(qtbot: QtBot, store: Store, runner: TaskRunner, name: str,
             tab: int) -> UserDetailsDialog:  # fmt: skip
    dialog = UserDetailsDialog(ConsoleSession(store.services, runner, store.root), name, tab=tab)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.security.state is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: dialog.basic.user is not None, timeout=WAIT)
    _idle(qtbot, runner)
    return dialog


# --- starting ------------------------------------------------------------------------------


def test_first_run_wizard(look: Look, qtbot: QtBot) -> None:
    """Every page, on a fresh installation (the OS keyring offered, nothing created)."""
    fresh = Settings(home=HOME, database_url=f"sqlite:///{HOME / 'iamdesk.sqlite3'}",
                     key_file=None)  # fmt: skip
    wizard = FirstRunWizard(SimpleNamespace(settings=fresh), TaskRunner())  # type: ignore[arg-type]
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.account_page.account, "acme")
    qtbot.keyClicks(wizard.account_page.email, "admin@acme.example")
    look.save(wizard, "console-wizard-account")
    wizard.next()
    qtbot.keyClicks(wizard.password_page.password, ROOT_PASSWORD)
    qtbot.keyClicks(wizard.password_page.confirm, ROOT_PASSWORD + "!")
    look.save(wizard, "console-wizard-password")  # "The two passwords differ."
    qtbot.keyClick(wizard.password_page.confirm, Qt.Key.Key_Backspace)
    wizard.next()
    look.save(wizard, "console-wizard-key")
    wizard.next()
    page = wizard.smtp_page
    page.enabled.setChecked(True)
    qtbot.keyClicks(page.host, "smtp.acme.example")
    page.security.setCurrentIndex(page.security.findData("starttls"))
    qtbot.keyClicks(page.username, "iam-desk")
    qtbot.keyClicks(page.password, "Mailer-Pass-2026")
    qtbot.keyClicks(page.sender, "iam@acme.example")
    look.save(wizard, "console-wizard-smtp")
    wizard.next()
    assert wizard.currentId() == CREATE_PAGE
    look.save(wizard, "console-wizard-create")
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()


@SQLITE
def test_sign_in(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    """The password step, then the second step of an operator with a virtual MFA device."""
    dialog = SignInDialog(store.services, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "zhang.wei")
    qtbot.keyClicks(dialog.password, PASSWORD)
    look.save(dialog, "console-sign-in")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.step == CODE_STEP, timeout=WAIT)
    _idle(qtbot, runner)
    qtbot.keyClicks(dialog.code, "284")
    look.save(dialog, "console-sign-in-code")
    dialog.reject()


@SQLITE
def test_lock_screen(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    window = _main_window(qtbot, store, runner)
    window.lock()
    lock = window.lock_dialog
    assert lock is not None
    qtbot.waitUntil(lock.isVisible, timeout=WAIT)
    look.save(_over(window, lock), "console-lock")
    lock.signed_in.disconnect()
    lock.rejected.disconnect()  # no sign-out: the window closes as any other
    lock.close()


# --- the main window -------------------------------------------------------------------------


@SQLITE
def test_main_window_pages(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    window = _main_window(qtbot, store, runner)
    table = window.users.table
    assert (window.width(), window.height()) == (1320, 780)
    operation = table.horizontalHeader().sectionViewportPosition(Column.OPERATION)
    assert operation + table.columnWidth(Column.OPERATION) <= table.viewport().width()
    table.selectRow(1)  # bob.smith
    look.save(window, "console-main-users")
    window.show_page(AUDIT)
    qtbot.waitUntil(lambda: window.audit.table.rowCount() > 0, timeout=WAIT)
    window.audit.verify()
    qtbot.waitUntil(lambda: window.audit.verify_button.isEnabled(), timeout=WAIT)
    _idle(qtbot, runner)
    look.save(window, "console-main-audit")
    window.show_page(OUTBOX)
    qtbot.waitUntil(lambda: window.outbox.table.rowCount() > 0, timeout=WAIT)
    _idle(qtbot, runner)
    look.save(window, "console-main-outbox")
    window.show_page(SETTINGS)
    _idle(qtbot, runner)
    look.save(window, "console-main-settings")


@SQLITE
def test_create_user(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    dialog = CreateUserDialog(ConsoleSession(store.services, runner, store.root))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "zhou.xin")
    qtbot.keyClicks(dialog.display_name, "Zhou Xin")
    qtbot.keyClicks(dialog.email, "zhou.xin@example.com")
    dialog.role.setCurrentIndex(dialog.role.findData("helpdesk"))
    look.save(dialog, "console-create-user")


@SQLITE
def test_bulk_result(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    """Set-password links for four users: li.na has no email, ci-deploy neither."""
    action = bulk_actions.send_set_password_links(store.services, store.root)
    outcomes = run_bulk(["alice", "bob.smith", "ci-deploy", "li.na"], action)
    title = QApplication.translate("UsersPage", "Send Set-Password Links")
    dialog = BulkResultDialog(title, outcomes)
    qtbot.addWidget(dialog)
    dialog.show()
    look.save(dialog, "console-bulk-result")


# --- a user's details ----------------------------------------------------------------------


@SQLITE
def test_user_details(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    dialog = _details(qtbot, store, runner, "alice", BASIC)
    look.save(dialog, "console-details-basic")
    dialog.tabs.setCurrentIndex(SECURITY)
    look.save(dialog, "console-details-security")


@SQLITE
def test_security_tab(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    """The whole tab, tall enough to show every section."""
    tab = SecuritySettingsTab(ConsoleSession(store.services, runner, store.root), "alice")
    qtbot.addWidget(tab)
    tab.resize(900, 1000)
    tab.show()
    qtbot.waitUntil(lambda: tab.state is not None, timeout=WAIT)
    _idle(qtbot, runner)
    body = tab.findChild(QScrollArea).widget()
    tab.resize(900, body.heightForWidth(900))  # no empty space below the last section
    _idle(qtbot, runner)
    look.save(tab, "security-tab")


@SQLITE
def test_reset_password(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    """Each mode: a one-time link, a generated password, one typed now."""
    services, root = store.services, store.root
    detail = services.users.get(root, "bob.smith")
    policy = services.account.settings(root).password_policy
    dialog = ResetPasswordDialog(ConsoleSession(services, runner, root), detail, policy, "acme")
    qtbot.addWidget(dialog)
    dialog.show()
    look.save(dialog, "security-reset-password")
    dialog.mode_auto.setChecked(True)
    look.save(dialog, "security-reset-password-auto")
    dialog.mode_now.setChecked(True)
    qtbot.keyClicks(dialog.new_password, "Tangerine-Orbit-42")
    qtbot.keyClicks(dialog.confirm_password, "Tangerine-Orbit-42")
    look.save(dialog, "security-reset-password-now")


@SQLITE
def test_contact_dialog(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    """A mobile number typed too short: the dialog says so as it is typed."""
    detail = store.services.users.get(store.root, "bob.smith")
    dialog = ContactDialog(ConsoleSession(store.services, runner, store.root), detail, "mobile")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.value, "+86 138 001")
    look.save(dialog, "security-change-mobile")


@SQLITE
def test_bind_mfa(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    dialog = BindMfaDialog(ConsoleSession(store.services, runner, store.root), "bob.smith")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.enrollment is not None, timeout=WAIT)
    _idle(qtbot, runner)
    qtbot.keyClicks(dialog.code1, "492039")
    look.save(dialog, "security-bind-mfa")


@SQLITE
def test_add_security_key(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    """The software key listed, then its "touch your security key" prompt."""
    key = SoftAuthenticator(touch="manual")
    dialog = AddSecurityKeyDialog(ConsoleSession(store.services, runner, store.root), "bob.smith",
                                  device_lister=lambda: [soft_device(key)])  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.find_devices()
    qtbot.waitUntil(lambda: dialog.device_choice.count() == 1, timeout=WAIT)
    qtbot.keyClicks(dialog.key_name, "office-key-2")
    look.save(dialog, "security-add-key")
    talking = dialog.waiting_text.text()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: key.touch_waits == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: dialog.waiting_text.text() != talking, timeout=WAIT)
    look.save(dialog, "security-add-key-touch")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 0, timeout=WAIT)
    _idle(qtbot, runner)


@SQLITE
def test_unbind_key_prompt(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    dialog = _details(qtbot, store, runner, "alice", SECURITY)
    tab = dialog.security
    tab.mfa.key_table.selectRow(0)
    qtbot.mouseClick(tab.mfa.unbind_key_button, Qt.MouseButton.LeftButton)
    prompt = tab.findChild(TypedConfirmDialog, "confirmUnbindKey")
    assert prompt is not None
    qtbot.waitUntil(prompt.isVisible, timeout=WAIT)
    qtbot.keyClicks(prompt.field, "YES")
    look.save(_over(dialog, prompt), "security-unbind-key")
    prompt.reject()


@SQLITE
def test_new_access_key(look: Look, qtbot: QtBot, store: Store) -> None:
    new = store.services.access_keys.create(store.root, "bob.smith")
    dialog = NewAccessKeyDialog(new)
    qtbot.addWidget(dialog)
    dialog.show()
    look.save(dialog, "security-new-access-key")


@SQLITE
def test_locked_user(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    """Issue 13, point 1: the lock on the Security Settings tab, Unlock beside it; the
    reset that also unlocks; the status column that shows the lock whole."""
    services = store.services
    for _ in range(5):
        with pytest.raises(IamDeskError):
            services.auth.sign_in("wang.fang", "Wrong-Password-0")
        store.clock.advance(seconds=20)
    tab = SecuritySettingsTab(ConsoleSession(services, runner, store.root), "wang.fang")
    qtbot.addWidget(tab)
    tab.resize(900, 1000)
    tab.show()
    qtbot.waitUntil(lambda: tab.state is not None, timeout=WAIT)
    _idle(qtbot, runner)
    body = tab.findChild(QScrollArea).widget()
    tab.resize(900, body.heightForWidth(900))
    _idle(qtbot, runner)
    look.save(tab, "security-tab-locked")
    qtbot.mouseClick(tab.credentials.reset_password_button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, ResetPasswordDialog) and dialog.also_unlock.isChecked()
    _idle(qtbot, runner)
    look.save(dialog, "reset-password-locked")
    dialog.reject()
    window = _main_window(qtbot, store, runner)
    look.save(window, "console-users-locked")


def test_settings_sms_gateway(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    """Settings scrolled to the SMS gateway (HTTP, its token stored) and the portal below."""
    store.services.sms_settings.set(store.root, "http", url="https://sms.acme.example/v1/send",
                                    token="stand-in-token-for-the-picture")  # fmt: skip
    store.services.portal_settings.set(store.root, "https://iam.acme.example")
    window = _main_window(qtbot, store, runner)
    window.show_page(SETTINGS)
    page = window.settings_page
    qtbot.waitUntil(lambda: page.sms_form.url.text() != "", timeout=WAIT)
    _idle(qtbot, runner)
    scroll = page.findChild(QScrollArea)
    scroll.verticalScrollBar().setValue(page.sms.mapTo(scroll.widget(), QPoint(0, 0)).y() - 8)
    look.save(window, "console-settings-sms")


@SQLITE
def test_user_list_tools(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    """Issue 13, point 2: quick filters (no MFA), the display name column chosen, the
    Columns menu and a row's context menu."""
    window = _main_window(qtbot, store, runner)
    page = window.users
    page.columns.set_shown(Column.DISPLAY_NAME, True)
    page.filters.flags["no-mfa"].click()
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() < USERS,
                    timeout=WAIT)  # fmt: skip
    _idle(qtbot, runner)
    page.table.selectRow(2)
    look.save(window, "console-users-filtered")
    shown: list[QWidget] = []
    page.row_menu.show_menu = lambda menu, where: shown.append(menu)  # type: ignore[method-assign]
    rect = page.table.visualRect(page.model.index(2, Column.EMAIL))
    page.table.customContextMenuRequested.emit(rect.center())
    menu = shown[0]
    menu.adjustSize()
    look.save(menu, "console-users-row-menu")
    page.columns.menu.aboutToShow.emit()
    page.columns.menu.adjustSize()
    look.save(page.columns.menu, "console-users-columns")


@SQLITE
def test_audit_history(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    """Issue 13, point 10: alice's own history, opened from her details; the lock audited."""
    for _ in range(5):
        with pytest.raises(IamDeskError):
            store.services.auth.sign_in("wang.fang", "Wrong-Password-0")
        store.clock.advance(seconds=20)
    window = _main_window(qtbot, store, runner)
    dialog = window.users.open_details("wang.fang")
    qtbot.waitUntil(lambda: dialog.basic.user is not None, timeout=WAIT)
    dialog.history_button.click()
    audit = window.audit
    qtbot.waitUntil(lambda: not audit.loading and audit.table.rowCount() > 0, timeout=WAIT)
    _idle(qtbot, runner)
    look.save(window, "console-audit-history")


# --- Add MFA Device, Create User with a credential, CSV import (issue 13, points 6, 7) -----


@SQLITE
def test_add_mfa_device(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    """The one entry point: a name, then the type (alice's virtual device is bound)."""
    from ui.user_details.security_settings.add_mfa_dialog import AddMfaDeviceDialog
    from ui.user_details.security_settings.section import read_state

    for name, screen in (("bob.smith", "security-add-mfa-device"),
                         ("david.miller", "security-add-mfa-device-bound")):  # fmt: skip
        state = read_state(store.services, store.root, name)
        dialog = AddMfaDeviceDialog(name, state)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.device_name, "office-phone")
        look.save(dialog, screen)
        dialog.reject()


@SQLITE
def test_mfa_pending(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    """A pending virtual MFA device: Continue binding, with its own secret."""
    store.services.mfa.bind(store.root, "bob.smith", "bob-phone")
    dialog = _details(qtbot, store, runner, "bob.smith", SECURITY)
    tab = dialog.security
    tab.findChild(QScrollArea).ensureWidgetVisible(tab.mfa)
    _idle(qtbot, runner)
    look.save(dialog, "security-mfa-pending")


@SQLITE
def test_create_user_one_time_password(
    look: Look, qtbot: QtBot, store: Store, runner: TaskRunner
) -> None:
    created = store.services.new_users.create(
        store.root, "zhou.xin", email="zhou.xin@example.com", credential="auto",
        show_password=True, send_email=True,
    )  # fmt: skip
    assert created.password is not None
    dialog = OneTimePasswordDialog(created.user.name, created.password, created.must_change,
                                   emailed_to=created.emailed_to)  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    look.save(dialog, "console-one-time-password")


@SQLITE
def test_import_users(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner,
                      tmp_path: Path) -> None:  # fmt: skip
    """A file with two bad lines (nothing can be imported), then a good one importing."""
    from ui.users.import_dialog import ImportUsersDialog

    bad = tmp_path / "new-staff.csv"
    bad.write_text("name,email,mobile,display_name\nsong.yu,song.yu@example.com,,宋雨\n"
                   "bad name,,,\nalice,,,Alice again\nqian.bo,qian.bo@example,,钱波\n",
                   encoding="utf-8")  # fmt: skip
    dialog = ImportUsersDialog(ConsoleSession(store.services, runner, store.root))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.check(bad)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=WAIT)
    _idle(qtbot, runner)
    look.save(dialog, "console-import-preview")
    good = tmp_path / "staff.csv"
    good.write_text("name\n" + "".join(f"staff{n:05d}\n" for n in range(3000)), encoding="utf-8")
    dialog.check(good)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=WAIT)
    _idle(qtbot, runner)
    dialog.bar.setVisible(True)  # as it looks while the users are written
    dialog.import_button.setEnabled(False)
    dialog.choose_button.setEnabled(False)
    dialog._on_advanced("users", 1200, 3000)
    look.save(dialog, "console-import-progress")


@SQLITE
def test_honest_feedback(look: Look, qtbot: QtBot, store: Store, runner: TaskRunner) -> None:
    """Issue 13, points 3 and 8: the reset dialog without SMTP (a generated password shown
    once), that password's dialog, closing a new access key uncopied, unsaved edits."""
    services, root = store.services, store.root
    detail = services.users.get(root, "bob.smith")
    policy = services.account.settings(root).password_policy
    dialog = ResetPasswordDialog(ConsoleSession(services, runner, root), detail, policy, "acme",
                                 smtp_ready=False)  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.mode_auto.setChecked(True)
    look.save(dialog, "security-reset-password-no-smtp")
    shown = OneTimePasswordDialog("bob.smith", "Kx7#mQ2-vLp9-Wz4r", True)
    qtbot.addWidget(shown)
    shown.show()
    look.save(shown, "security-one-time-password")
    new = services.access_keys.create(root, "bob.smith")
    key = NewAccessKeyDialog(new)
    qtbot.addWidget(key)
    key.show()
    key.reject()
    box = key.findChild(QMessageBox, "confirmCloseSecret")
    qtbot.waitUntil(box.isVisible, timeout=WAIT)
    look.save(_over(key, box), "security-close-secret")
    box.reject()
    details = _details(qtbot, store, runner, "alice", BASIC)
    details.basic.display_name.setText("Alice (edited)")
    details.reject()
    box = details.findChild(QMessageBox, "confirmDiscardEdits")
    qtbot.waitUntil(box.isVisible, timeout=WAIT)
    look.save(_over(details, box), "console-details-discard")
    box.reject()
