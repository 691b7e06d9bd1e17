"""The console's background sender delivers queued mail to a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import socket

import pytest
from pytestqt.qtbot import QtBot

from app.notify.channels import SmtpSettings
from app.services import Services
from app.services.records import Actor, SendReport
from tests.support.mail_server import running_mail_server
from tests.ui.helpers import SQLITE_ONLY, WAIT
from ui.outbox_sender import OutboxSender
from ui.tasks import TaskRunner

SQLITE = SQLITE_ONLY


def _smtp(port: int) -> SmtpSettings:
    return SmtpSettings("127.0.0.1", port, "none", None, None, "iam@acme.example")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def sender(services: Services, runner: TaskRunner) -> OutboxSender:
    sender = OutboxSender(services, runner)
    yield sender
    sender.stop()


@SQLITE
def test_a_reset_link_is_emailed_without_anyone_pressing_send(
    qtbot: QtBot, services: Services, root: Actor, runner: TaskRunner, sender: OutboxSender
) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    with running_mail_server() as server:
        services.account.set_smtp(root, _smtp(server.port))
        sender.start()
        qtbot.waitSignal(sender.delivered, timeout=WAIT).wait()  # the first pass: nothing due
        assert server.messages == []
        # A change made through the runner, as the Security Settings tab makes it.
        with qtbot.waitSignal(
            sender.delivered, timeout=WAIT, check_params_cb=lambda report: report.sent == 1
        ):
            runner.run(lambda: services.passwords.reset(root, "alice", "set-by-user"))
    assert len(server.messages) == 1
    assert server.messages[0]["To"] == "alice@example.com"
    assert "set-password#token=" in server.bodies()[0]
    assert [m.status for m in services.outbox.list(root)] == ["sent"]


@SQLITE
def test_a_dead_smtp_server_leaves_the_message_queued(
    qtbot: QtBot, services: Services, root: Actor, runner: TaskRunner, sender: OutboxSender
) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    services.account.set_smtp(root, _smtp(_closed_port()))
    services.passwords.reset(root, "alice", "set-by-user")
    with qtbot.waitSignal(sender.delivered, timeout=WAIT) as passed:
        sender.start()
    report: SendReport = passed.args[0]
    assert (report.sent, report.failed, report.remaining) == (0, 1, 1)
    [message] = services.outbox.list(root)
    assert message.status == "queued" and message.last_error


@SQLITE
def test_a_stopped_sender_sends_nothing(
    qtbot: QtBot, services: Services, root: Actor, runner: TaskRunner, sender: OutboxSender
) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    with running_mail_server() as server:
        services.account.set_smtp(root, _smtp(server.port))
        sender.start()
        sender.stop()
        runner.run(lambda: services.passwords.reset(root, "alice", "set-by-user"))
        with qtbot.assertNotEmitted(sender.delivered, wait=1_000):
            pass
        assert runner.wait(WAIT)
    assert server.messages == []
