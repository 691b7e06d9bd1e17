"""The outbox against a real SMTP server: delivery, one-time links, retries, no loss."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.clock import FrozenClock
from app.errors import DeliveryError
from app.notify.channels import EmailMessage, SmtpSettings
from app.notify.smtp import SmtpMailer
from app.security.tokens import hash_token
from app.services import Services
from app.services.records import Actor
from app.store.models import OneTimeToken, OutboxMessage
from tests.support.mail_server import MailServer, closed_port, running_mail_server


def _smtp(server_port: int, security: str = "none", **extra: str) -> SmtpSettings:
    return SmtpSettings(
        host="127.0.0.1",
        port=server_port,
        security=security,  # type: ignore
        username=extra.get("username"),
        password=extra.get("password"),
        sender="iam@acme.example",
        timeout=5,
    )


def _configure(services: Services, root: Actor, server: MailServer) -> None:
    services.account.set_smtp(root, _smtp(server.port))


def test_set_password_link_arrives_and_the_store_keeps_no_copy(
    services: Services, root: Actor, tmp_path: Path
) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    with running_mail_server() as server:
        _configure(services, root, server)
        services.passwords.reset(root, "alice", "set-by-user")
        report = services.outbox.send_due(root)
    assert (report.sent, report.failed, report.remaining) == (1, 0, 0)
    [mail] = server.messages
    assert mail["To"] == "alice@example.com" and mail["From"] == "iam@acme.example"
    link = next(line for line in mail.get_content().splitlines() if "#token=" in line).strip()
    assert link.startswith("https://iamdesk.local/portal/set-password#token=")
    token = link.split("#token=")[1]
    with services.context.uow() as uow:
        [stored] = uow.session.scalars(select(OneTimeToken)).all()
        assert stored.token_hash == hash_token(token)
        [message] = uow.session.scalars(select(OutboxMessage)).all()
        assert message.status == "sent" and message.body is None
        assert message.body_encrypted is None  # erased once delivered


def test_a_dead_server_leaves_messages_queued_then_they_go(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    with closed_port() as port:
        services.account.set_smtp(root, _smtp(port))
        services.passwords.reset(root, "alice", "auto")
        report = services.outbox.send_due(root)
    assert (report.sent, report.failed, report.remaining) == (0, 1, 1)
    [record] = services.outbox.list(root)
    assert record.status == "queued" and record.attempts == 1
    assert record.last_error and "could not reach" in record.last_error
    assert services.outbox.send_due(root).failed == 0  # backing off: not due yet
    clock.advance(seconds=31)
    with running_mail_server() as server:
        _configure(services, root, server)
        report = services.outbox.send_due(root)
    assert (report.sent, report.remaining) == (1, 0)
    assert "password is:" in server.bodies()[0]
    assert services.outbox.list(root)[0].attempts == 2


def test_without_smtp_settings_messages_wait(services: Services, root: Actor) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    services.passwords.reset(root, "alice", "set-by-user")
    report = services.outbox.send_due(root)
    assert report.failed == 1 and report.remaining == 1
    assert "SMTP is not configured" in (services.outbox.list(root)[0].last_error or "")


def test_smtp_password_is_stored_encrypted(services: Services, root: Actor) -> None:
    services.account.set_smtp(
        root, _smtp(25, "starttls", username="mailer", password="Smtp-Secret-991")
    )
    assert services.account.smtp_settings(root).password == "Smtp-Secret-991"  # type: ignore
    with services.engine.connect() as conn:
        raw = conn.exec_driver_sql("SELECT settings_json, smtp_password FROM accounts").one()
    assert "Smtp-Secret-991" not in raw[0]
    assert b"Smtp-Secret-991" not in bytes(raw[1])


# --- the mailer on its own, against each server flavour -------------------------------------


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_mailer_speaks_tls_with_auth(tmp_path: Path, security: str) -> None:
    with running_mail_server(
        tls=security, tmp=tmp_path, credentials=("mailer", "pw-123")
    ) as server:
        mailer = SmtpMailer(
            _smtp(server.port, security, username="mailer", password="pw-123"),
            ssl_context=server.client_context,
        )
        mailer.send(EmailMessage("bob@example.com", "Hi", "你好, Bob"))
        with pytest.raises(DeliveryError, match="refused the login") as caught:
            SmtpMailer(
                _smtp(server.port, security, username="mailer", password="wrong-pw"),
                ssl_context=server.client_context,
            ).send(EmailMessage("bob@example.com", "x", "y"))
        assert "wrong-pw" not in str(caught.value)
    assert [b.rstrip() for b in server.bodies()] == ["你好, Bob"]


def test_mailer_refuses_to_downgrade(tmp_path: Path) -> None:
    with running_mail_server() as server:  # offers no STARTTLS
        with pytest.raises(DeliveryError, match="does not offer STARTTLS"):
            SmtpMailer(_smtp(server.port, "starttls")).send(EmailMessage("b@x.example", "", ""))
    assert server.messages == []


def test_mailer_reports_an_unreachable_server() -> None:
    with closed_port() as port, pytest.raises(DeliveryError, match="could not reach"):
        SmtpMailer(_smtp(port)).test_connection()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"port": 0}, "port"),
        ({"host": ""}, "host"),
        ({"sender": "nobody"}, "sender"),
        ({"security": "ssl"}, "security"),
        ({"username": "u"}, "username"),
    ],
)
def test_smtp_settings_are_validated(change: dict, field: str) -> None:
    base = {
        "host": "smtp.example.com",
        "port": 587,
        "security": "starttls",
        "username": None,
        "password": None,
        "sender": "iam@example.com",
    }
    with pytest.raises(Exception) as caught:
        SmtpSettings(**{**base, **change}).validate()
    assert getattr(caught.value, "field", None) == field
