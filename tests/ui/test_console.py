"""The composition root end to end: sign-in with an emailed code that nobody sends by hand."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.config import Settings
from app.notify.channels import SmtpSettings
from app.services import Services
from app.services.records import Actor
from tests.support.mail_server import MailServer, running_mail_server
from tests.ui.helpers import SQLITE_ONLY, WAIT
from ui.console import Console
from ui.main_window import MainWindow
from ui.startup.sign_in_dialog import CODE_STEP, SignInDialog
from ui.widgets import icons

SQLITE = SQLITE_ONLY
STRONG = "Xylophone-Quartz-77"


@pytest.fixture
def mail(services: Services, root: Actor) -> Iterator[MailServer]:
    with running_mail_server() as server:
        services.account.set_smtp(
            root, SmtpSettings("127.0.0.1", server.port, "none", None, None, "iam@acme.example")
        )
        yield server


def _take_down(console: Console) -> None:
    # Console.quit() would end pytest-qt's event loops: take it down as aboutToQuit would.
    if console.window is not None and shiboken6.isValid(console.window):
        console.window.close()
        console.window.deleteLater()
    console._on_about_to_quit()
    shiboken6.delete(console)


@pytest.fixture
def console(qapp: QApplication, settings: Settings) -> Iterator[Console]:
    console = Console(qapp, settings)
    yield console
    _take_down(console)


@SQLITE
def test_the_sign_in_dialog_warms_up_and_freezes_start_up_out_of_the_collector(
    qtbot: QtBot, qapp: QApplication, settings: Settings, root: Actor, console: Console
) -> None:
    icons._drawn.clear()
    drawn_at_first_paint: list[set[str]] = []

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if (event.type() == QEvent.Type.Paint and not drawn_at_first_paint
                    and watched.objectName() == "signInDialog"):  # fmt: skip
                drawn_at_first_paint.append({name for name, *_ in icons._drawn})
            return False

    watcher = FirstPaint()
    qapp.installEventFilter(watcher)
    try:
        assert console.start()  # the tests' own console leaves the collector alone
        assert isinstance(console.window, SignInDialog)
        every_icon = {path.stem for path in icons.ICONS.glob("*.svg")}
        qtbot.waitUntil(lambda: every_icon <= {name for name, *_ in icons._drawn}, timeout=WAIT)
    finally:
        qapp.removeEventFilter(watcher)
    assert "users" not in drawn_at_first_paint[0]  # the warm-up waited for the first paint
    assert gc.get_freeze_count() == 0
    owner = Console(qapp, settings, freeze_heap=True)  # as ui.main starts it
    try:
        assert owner.start()
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=WAIT)
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual
        _take_down(owner)


@SQLITE
def test_an_operator_signs_in_with_a_code_the_console_emails_by_itself(
    qtbot: QtBot, services: Services, root: Actor, mail: MailServer, console: Console
) -> None:
    services.users.create(root, "alice", role="administrator", email="alice@example.com")
    services.passwords.reset(root, "alice", "set-now", new_password=STRONG, must_change=False)
    services.protection.set(root, "alice", method="email")
    assert console.start()
    dialog = console.window
    assert isinstance(dialog, SignInDialog)
    qtbot.keyClicks(dialog.username, "alice")
    qtbot.keyClicks(dialog.password, STRONG)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.step == CODE_STEP, timeout=WAIT)
    qtbot.waitUntil(lambda: len(mail.messages) == 1, timeout=WAIT)  # no "Send" pressed
    assert mail.messages[0]["To"] == "alice@example.com"
    code = mail.bodies()[0].split("code is ")[1][:6]
    qtbot.keyClicks(dialog.code, code)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(console.window, MainWindow), timeout=WAIT)
    window = console.window
    assert isinstance(window, MainWindow)
    assert window.outbox_label.text() == ""  # nothing left waiting
