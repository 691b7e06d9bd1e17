"""What the UI tests share: the wait budget, the SQLite-only mark, a signed-in window and a
check that a sentence on screen is Chinese."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from app.services import Services
from app.services.records import Actor, SignInResult
from tests.conftest import ROOT_PASSWORD
from ui.main_window import MainWindow
from ui.session import ConsoleSession
from ui.tasks import TaskRunner
from ui.user_details.security_settings import SecuritySettingsTab
from ui.user_details.security_settings.add_mfa_dialog import AddMfaDeviceDialog

# How long a UI test waits for a signal or a condition (ms): generous, as a busy 2-core
# machine is slow; a passing test never waits for all of it.
WAIT = 10_000
# UI tests run on SQLite: the store's behaviour on PostgreSQL is the integration tests' subject.
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
# The user the `alice` fixture creates.
ALICE_EMAIL = "alice@example.com"
ALICE_MOBILE = "+8613800138000"
# Words a Chinese sentence keeps in Latin letters (product and protocol names).
LATIN_WORDS = {"MFA", "SMTP", "PIN", "URL", "API", "YES", "ID", "CSV", "USB", "IAM", "TOTP",
               "SMS", "UTC", "HTTP", "HTTPS", "IAMDESK", "DESK"}  # fmt: skip


def signed_in_window(qtbot: QtBot, services: Services, runner: TaskRunner,
                     name: str = "acme", password: str = ROOT_PASSWORD, *,
                     idle_timeout_ms: int = 3_600_000) -> MainWindow:  # fmt: skip
    """A shown main window for ``name``, signed in with a password alone."""
    session = services.auth.sign_in(name, password)
    assert isinstance(session, SignInResult)
    window = MainWindow(services, runner, session, idle_timeout_ms=idle_timeout_ms)
    qtbot.addWidget(window)
    window.show()
    return window


def open_add_device(qtbot: QtBot, tab: SecuritySettingsTab) -> AddMfaDeviceDialog:
    """Click the one entry point: Add MFA Device."""
    qtbot.mouseClick(tab.mfa.add_device_button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, AddMfaDeviceDialog)
    return dialog


def choose_mfa_device(
    qtbot: QtBot, tab: SecuritySettingsTab, name: str, *, virtual: bool
) -> QWidget:
    """Name the device, choose its type, Next: the type's own dialog (shown)."""
    dialog = open_add_device(qtbot, tab)
    qtbot.keyClicks(dialog.device_name, name)
    click_radio(qtbot, dialog.virtual if virtual else dialog.security_key)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.active_dialog is not dialog, timeout=WAIT)
    return tab.active_dialog


def click_radio(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a radio button or check box on its indicator (a click in the middle of a wide
    one falls beside its text and does nothing, as it would for a user)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def security_tab(qtbot: QtBot, services: Services, runner: TaskRunner, actor: Actor,
                 name: str) -> SecuritySettingsTab:  # fmt: skip
    """``name``'s Security Settings tab as ``actor`` sees it, shown and read."""
    tab = SecuritySettingsTab(ConsoleSession(services, runner, actor), name)
    qtbot.addWidget(tab)
    tab.resize(900, 1000)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.show()
    return tab


def click(qtbot: QtBot, widget: QWidget) -> None:
    """Click a button that must be enabled (a disabled one fails the test by its name)."""
    assert widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def assert_chinese(text: str, *values: str) -> None:
    """``text`` is a Chinese sentence: it has Chinese characters, and once the values it
    quotes (names, addresses) are taken out no English word is left."""
    assert text, "nothing is shown"
    assert re.search(r"[\u4e00-\u9fff]", text), text
    rest = text
    for value in values:
        rest = rest.replace(value, "")
    rest = re.sub(r"[\w.+-]+@[\w.-]+", "", rest)  # an example address (name@example.com)
    english = [w for w in re.findall(r"[A-Za-z]{2,}", rest) if w.upper() not in LATIN_WORDS]
    assert not english, f"English on screen: {text!r} ({english})"
