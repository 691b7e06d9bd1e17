"""The main window and its Audit log, Outbox and Settings pages against a real store."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.notify.channels import SmtpSettings
from app.services import Services
from app.services.records import Actor
from tests.conftest import ROOT_PASSWORD
from tests.support.mail_server import closed_port, running_mail_server
from tests.ui.helpers import SQLITE_ONLY, WAIT, signed_in_window
from ui.main_window import AUDIT, OUTBOX, SETTINGS, USERS
from ui.pages.audit_page import AuditPage
from ui.pages.outbox_page import OutboxPage
from ui.pages.settings_page import SettingsPage
from ui.session import ConsoleSession
from ui.tasks import TaskRunner
from ui.users.user_table_model import Column

pytestmark = SQLITE_ONLY
STRONG = "Xylophone-Quartz-77"


def _page(qtbot: QtBot, cls: type, services: Services, runner: TaskRunner, root: Actor):  # noqa: ANN202
    page = cls(ConsoleSession(services, runner, root))
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    page.activate()
    return page


def _shown_texts(root: QWidget) -> str:
    """Every text ``root`` and its children show or hand to a screen reader (a QImage of
    the page has no text to search)."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText(), widget.displayText()]
        elif isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
    return "\n".join(texts)


# --- audit ------------------------------------------------------------------------------


def test_audit_lists_newest_first_filters_and_verifies(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    services.users.create(root, "alice")
    services.users.create(root, "bob")
    services.users.set_enabled(root, "bob", False)
    page: AuditPage = _page(qtbot, AuditPage, services, runner, root)
    qtbot.waitUntil(lambda: page.table.rowCount() > 0 and not page.loading, timeout=WAIT)
    actions = [page.table.item(r, 3).text() for r in range(page.table.rowCount())]
    assert actions[:3] == ["User disabled", "User created", "User created"]
    assert actions[-1] == "Account created"
    qtbot.keyClicks(page.filters.user, "bob")
    qtbot.keyClick(page.filters.user, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.rowCount() == 2 and not page.loading, timeout=WAIT)
    assert {page.table.item(r, 4).text() for r in range(2)} == {"bob"}
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.verdict.text().startswith("The chain is intact"), timeout=WAIT)
    events = len(services.audit.list(root, limit=1000))
    assert f"{events} events" in page.verdict.text()


def test_audit_pages_back_and_exports(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr("ui.pages.audit_page.PAGE", 5)
    for i in range(7):
        services.users.create(root, f"u{i}")
    page: AuditPage = _page(qtbot, AuditPage, services, runner, root)
    qtbot.waitUntil(lambda: page.table.rowCount() == 5 and not page.loading, timeout=WAIT)
    assert page.more_button.isEnabled()
    qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == 8 and not page.loading, timeout=WAIT)
    ids = [int(page.table.item(r, 0).text()) for r in range(8)]
    assert ids == sorted(ids, reverse=True) and not page.more_button.isEnabled()
    target = tmp_path / "audit.csv"
    monkeypatch.setattr(page, "_ask_export_path", lambda: str(target))
    with qtbot.waitSignal(page.status_message, timeout=WAIT):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    with target.open(newline="", encoding="utf-8") as f:
        assert len(list(csv.reader(f))) == 8 + 1


# --- outbox -----------------------------------------------------------------------------


def test_outbox_lists_and_sends_through_smtp(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    services.passwords.reset(root, "alice", "set-by-user")
    page: OutboxPage = _page(qtbot, OutboxPage, services, runner, root)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1 and not page.loading, timeout=WAIT)
    assert page.table.item(0, 2).text() == "alice@example.com"
    assert page.table.item(0, 4).text().startswith("Queued")
    with closed_port() as port:  # a dead server: the message stays queued
        services.account.set_smtp(
            root, SmtpSettings("127.0.0.1", port, "none", None, None, "iam@acme.example", 2)
        )
        qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "failed 1" in page.report.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: page.table.item(0, 7).text() != "", timeout=WAIT)
    assert "could not reach" in page.table.item(0, 7).text()
    assert page.table.item(0, 5).text().startswith("Delivery failed; it is tried again at")
    services.context.clock.advance(minutes=5)
    with running_mail_server() as server:
        services.account.set_smtp(
            root, SmtpSettings("127.0.0.1", server.port, "none", None, None, "iam@acme.example")
        )
        qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.report.text().startswith("Sent 1"), timeout=WAIT)
    assert [m["To"] for m in server.messages] == ["alice@example.com"]
    qtbot.waitUntil(lambda: page.table.item(0, 4).text() == "Sent", timeout=WAIT)


# --- settings ---------------------------------------------------------------------------


@pytest.fixture
def settings_page(qtbot: QtBot, services: Services, runner: TaskRunner,
                  root: Actor) -> SettingsPage:  # fmt: skip
    page: SettingsPage = _page(qtbot, SettingsPage, services, runner, root)
    qtbot.waitUntil(lambda: page.loaded is not None, timeout=WAIT)
    return page


def test_settings_show_and_save_the_policies(
    qtbot: QtBot, settings_page: SettingsPage, services: Services, root: Actor
) -> None:
    page = settings_page
    assert page.password_knobs["min_length"].value() == 8
    page.password_knobs["min_length"].setValue(12)
    page.password_flags["forbid_username"].setChecked(False)
    with qtbot.waitSignal(page.status_message, timeout=WAIT):
        qtbot.mouseClick(page.password.save_button, Qt.MouseButton.LeftButton)
    policy = services.account.settings(root).password_policy
    assert policy.min_length == 12 and policy.forbid_username is False
    page.login_knobs["max_failures"].setValue(1)  # below the policy's floor
    qtbot.mouseClick(page.login.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.login.error.text() != "", timeout=WAIT)
    assert "max_failures" in page.login.error.text()
    assert page.login_knobs["max_failures"].hasFocus()
    assert services.account.settings(root).login_policy.max_failures == 5


def test_settings_portal_and_relying_party(
    qtbot: QtBot, settings_page: SettingsPage, services: Services, root: Actor
) -> None:
    page = settings_page
    page.portal_url.setText("http://iam.acme.example")
    qtbot.mouseClick(page.portal.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.portal.error.text() != "", timeout=WAIT)
    assert "https://" in page.portal.error.text()
    page.portal_url.setText("https://iam.acme.example/portal/")
    with qtbot.waitSignal(page.status_message, timeout=WAIT):
        qtbot.mouseClick(page.portal.save_button, Qt.MouseButton.LeftButton)
    assert services.account.settings(root).portal_url == "https://iam.acme.example/portal"
    page.rp_id.setText("acme.example")
    page.rp_origin.setText("https://iam.acme.example")
    with qtbot.waitSignal(page.status_message, timeout=WAIT):
        qtbot.mouseClick(page.rp.save_button, Qt.MouseButton.LeftButton)
    assert services.account.settings(root).relying_party.id == "acme.example"


def test_settings_smtp_save_keeps_the_password_and_tests(
    qtbot: QtBot, settings_page: SettingsPage, services: Services, root: Actor
) -> None:
    page = settings_page
    with running_mail_server(credentials=("mailer", "s3cret-pass")) as server:
        page.smtp_host.setText("127.0.0.1")
        page.smtp_port.setValue(server.port)
        page.smtp_security.setCurrentIndex(page.smtp_security.findData("none"))
        page.smtp_username.setText("mailer")
        page.smtp_password.setText("s3cret-pass")
        page.smtp_sender.setText("iam@acme.example")
        with qtbot.waitSignal(page.status_message, timeout=WAIT):
            qtbot.mouseClick(page.smtp.save_button, Qt.MouseButton.LeftButton)
        assert page.smtp_password.text() == ""
        page.reload()
        qtbot.waitUntil(lambda: page.smtp_password.placeholderText() != "", timeout=WAIT)
        page.smtp_sender.setText("desk@acme.example")  # the password field stays empty
        with qtbot.waitSignal(page.status_message, timeout=WAIT):
            qtbot.mouseClick(page.smtp.save_button, Qt.MouseButton.LeftButton)
        smtp = services.account.smtp_settings(root)
        assert smtp is not None and smtp.password == "s3cret-pass"
        assert smtp.sender == "desk@acme.example"
        page.smtp_test_to.setText("check@example.com")
        qtbot.mouseClick(page.smtp_test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "accepted a test email" in page.smtp.note.text(), timeout=WAIT)
    assert [m["To"] for m in server.messages] == ["check@example.com"]
    shown = _shown_texts(page)
    assert "iam@acme.example" not in shown  # the sender was changed, and that is shown ...
    assert "desk@acme.example" in shown
    assert "s3cret-pass" not in shown  # ... but the password never is


# --- main window ------------------------------------------------------------------------


def test_main_window_navigates_and_shows_store_and_operator(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    window = signed_in_window(qtbot, services, runner, "acme", ROOT_PASSWORD)
    assert window.objectName() == "mainWindow"
    assert window.store_label.text() == services.settings.describe_store()
    assert window.operator_label.text() == "Signed in as acme (root)"
    nav = window.findChild(QListWidget, "navigation")
    assert [nav.item(i).text() for i in range(nav.count())] == [
        "Users", "Audit log", "Outbox", "Settings"
    ]  # fmt: skip
    for index, page in ((AUDIT, window.audit), (OUTBOX, window.outbox),
                        (SETTINGS, window.settings_page), (USERS, window.users)):  # fmt: skip
        nav.setCurrentRow(index)
        assert window.pages.currentWidget() is page
    qtbot.waitUntil(lambda: window.audit.table.rowCount() > 0, timeout=WAIT)
    qtbot.waitUntil(lambda: window.settings_page.loaded is not None, timeout=WAIT)


def test_helpdesk_sees_users_and_the_outbox(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    services.users.create(root, "helen", role="helpdesk")
    services.passwords.reset(root, "helen", "set-now", new_password=STRONG, must_change=False)
    window = signed_in_window(qtbot, services, runner, "helen", STRONG)
    hidden = [window.navigation.item(i).isHidden() for i in range(4)]
    assert hidden == [False, True, False, True]  # the outbox: why messages wait
    assert window.operator_label.text() == "Signed in as helen (helpdesk)"


def test_geometry_and_column_widths_are_kept(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    window = signed_in_window(qtbot, services, runner, "acme", ROOT_PASSWORD)
    window.resize(1000, 640)
    window.users.table.setColumnWidth(Column.EMAIL, 333)
    window.close()
    assert QSettings().value("mainWindow/geometry") is not None
    again = signed_in_window(qtbot, services, runner, "acme", ROOT_PASSWORD)
    assert again.users.table.columnWidth(Column.EMAIL) == 333
    # not the default 1280x760 (the offscreen platform may shift a frame's few pixels)
    assert abs(again.width() - 1000) <= 20 and abs(again.height() - 640) <= 20
