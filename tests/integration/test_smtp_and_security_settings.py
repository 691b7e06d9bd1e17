"""SMTP settings and the test email through one service (the password kept, never handed
out, every test audited), and a user's Security Settings read in one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import DeliveryError, PreconditionError, ValidationError
from app.notify.channels import SmtpSettings
from app.notify.smtp import SmtpMailer
from app.services import Services
from app.services.records import Actor
from tests.support.mail_server import running_mail_server

SECRET = "Smtp-Secret-991"


def _smtp(
    port: int, username: str | None = "mailer", password: str | None = SECRET
) -> SmtpSettings:
    return SmtpSettings("127.0.0.1", port, "tls", username, password, "iam@acme.example", 5)


def test_the_view_says_whether_a_password_is_set_never_what_it_is(
    services: Services, root: Actor
) -> None:
    assert services.smtp.view(root) is None
    view = services.smtp.save(root, _smtp(2525))
    assert view.password_set and view.username == "mailer" and view.port == 2525
    assert SECRET not in repr(view) and not hasattr(view, "password")


def test_an_empty_password_keeps_the_stored_one_and_the_test_uses_it(
    services: Services, root: Actor, tmp_path: Path
) -> None:
    with running_mail_server(tls="tls", tmp=tmp_path, credentials=("mailer", SECRET)) as server:
        services.context.mailer_factory = lambda smtp: SmtpMailer(
            smtp, ssl_context=server.client_context
        )
        services.smtp.save(root, _smtp(server.port))
        # A form sends the settings back with the password field empty: the password stays.
        kept = services.smtp.save(root, _smtp(server.port, password=None))
        assert kept.password_set
        result = services.smtp.test(root, "bob@example.com")
        assert (result.where, result.recipient) == (f"127.0.0.1:{server.port}", "bob@example.com")
        assert services.smtp.test(root).recipient == ""  # a connection test alone
        # Another username with no password is refused: the old password is not theirs.
        with pytest.raises(ValidationError) as refused:
            services.smtp.save(root, _smtp(server.port, username="other", password=None))
        assert refused.value.code == "smtp.username_password" or refused.value.field == "username"
        services.smtp.save(root, _smtp(server.port, password="wrong-password"))
        with pytest.raises(DeliveryError):
            services.smtp.test(root, "bob@example.com")
    assert len(server.messages) == 1
    events = [e for e in services.audit.list(root) if e.action == "smtp.test"]
    assert [e.outcome for e in events] == ["failure", "success", "success"]
    assert all(e.actor == "root:acme" for e in events)
    assert all(SECRET not in str(e.details) for e in events)


def test_a_test_without_settings_is_a_coded_refusal(services: Services, root: Actor) -> None:
    with pytest.raises(PreconditionError) as refused:
        services.smtp.test(root, "bob@example.com")
    assert refused.value.code == "smtp.not_configured"


def test_security_settings_are_one_call_and_one_transaction(
    services: Services, root: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    services.mfa.bind(root, "alice")
    services.access_keys.create(root, "alice")
    opened = []
    real = services.context.uow

    def counting():  # type: ignore[no-untyped-def]
        opened.append(1)
        return real()

    monkeypatch.setattr(services.context, "uow", counting)
    view = services.security_settings.read(root, "alice")
    assert len(opened) == 1
    assert view.user.name == "alice" and view.mfa.state == "pending"
    assert len(view.access_keys) == 1 and view.keys == () and view.temporary == ()
    assert view.account_name == "acme" and view.password_policy.min_length >= 8
