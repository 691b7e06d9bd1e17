"""No TOTP seed, secret key, code, token or password is stored in plaintext anywhere."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from sqlalchemy import select

from app.clock import FrozenClock
from app.notify.channels import SmtpSettings
from app.services import Services
from app.services.records import Actor, SecondFactorChallenge
from app.store.models import OutboxMessage
from tests.support.dbdump import dump
from tests.support.oath import oathtool_code

PASSWORD = "Granite-Falcon-Orbit-31"
SMTP_PASSWORD = "Smtp-Only-Secret-7781"


def _outbox_bodies(services: Services) -> list[tuple[str, str]]:
    """Every queued message's channel and decrypted body, as the sender would send it."""
    with services.context.uow() as uow:
        messages = uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(m.channel, services.outbox._body(uow, m)) for m in messages]  # noqa: SLF001


def _make_secrets(services: Services, root: Actor, clock: FrozenClock) -> list[str]:
    secrets: list[str] = [PASSWORD, SMTP_PASSWORD]
    services.account.set_smtp(
        root,
        SmtpSettings(
            "smtp.example.com", 587, "starttls", "mailer", SMTP_PASSWORD, "iam@acme.example"
        ),
    )
    services.users.create(
        root, "alice", role="administrator", email="alice@example.com", mobile="+14155552671"
    )
    services.passwords.reset(root, "alice", "set-now", new_password=PASSWORD, must_change=False)
    enrollment = services.mfa.bind(root, "alice")
    secrets += [enrollment.secret, enrollment.grouped_secret]
    code1 = oathtool_code(enrollment.secret, clock.now())
    clock.advance(seconds=30)
    services.mfa.confirm(root, "alice", code1, oathtool_code(enrollment.secret, clock.now()))
    key = services.access_keys.create(root, "alice")
    secrets.append(key.secret_access_key)
    services.passwords.reset(root, "alice", "set-by-user")
    bodies = [body for _, body in _outbox_bodies(services)]
    link_token = bodies[-1].split("#token=")[1].split()[0]
    secrets.append(link_token)
    services.protection.set(root, "alice", method="sms")
    challenge = services.auth.sign_in("alice", PASSWORD)
    assert isinstance(challenge, SecondFactorChallenge)
    sms = [body for channel, body in _outbox_bodies(services) if channel == "sms"]
    secrets.append(sms[0].split("code is ")[1][:6])
    token = services.api_tokens.issue(
        "alice", PASSWORD, oathtool_code(enrollment.secret, clock.now())
    )
    secrets.append(token.token)
    session = services.auth.sign_in("acme", "Correct-Horse-Battery-9")
    secrets.append(session.token)  # type: ignore[union-attr]
    return secrets


def test_nothing_secret_is_readable_in_the_store_logs_or_audit(
    services: Services,
    root: Actor,
    clock: FrozenClock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = _make_secrets(services, root, clock)
    assert all(len(s) >= 6 for s in secrets)
    haystacks: dict[str, bytes] = {}
    if services.engine.dialect.name == "sqlite":
        db_file = Path(services.settings.database_url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            path = Path(str(db_file) + suffix)
            if path.exists():
                haystacks[path.name] = path.read_bytes()
    haystacks["table dump"] = repr(dump(services.settings.database_url)).encode()
    export = io.StringIO()
    services.audit.export_csv(root, export)
    haystacks["audit export"] = export.getvalue().encode()
    haystacks["log"] = caplog.text.encode()
    for where, data in haystacks.items():
        for secret in secrets:
            for form in {secret, secret.replace(" ", "")}:
                assert form.encode() not in data, f"a secret is readable in the {where}"
                assert form.encode("utf-16-le") not in data, f"a secret is in the {where}"
