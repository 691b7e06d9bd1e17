"""Password resets on a real store: the three modes, delete, policy, secrets at rest."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.domain.roles import Role
from app.errors import (
    PermissionDeniedError,
    PolicyViolationError,
    PreconditionError,
    ValidationError,
)
from app.security.passwords import verify_password
from app.security.tokens import hash_token
from app.services import Services
from app.services.records import Actor
from app.store.models import OneTimeToken, OutboxMessage, User
from tests.support.dbdump import dump

NEW_PASSWORD = "Quiet-Meadow-Lamp-77"


def _user_row(services: Services, name: str) -> User:
    with services.context.uow() as uow:
        user = uow.session.scalars(select(User).where(User.name == name)).one()
        uow.session.expunge(user)
        return user


def _outbox(services: Services) -> list[OutboxMessage]:
    with services.context.uow() as uow:
        messages = list(uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        uow.session.expunge_all()
        return messages


def _decrypt(services: Services, message: OutboxMessage) -> str:
    with services.context.uow() as uow:
        return services.outbox._body(uow, message)  # noqa: SLF001 - reads what the sender sends


def test_set_now_hashes_with_argon2id_and_keeps_history(services: Services, root: Actor) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    result = services.passwords.reset(root, "alice", "set-now", new_password=NEW_PASSWORD)
    assert result.must_change and result.emailed_to is None
    row = _user_row(services, "alice")
    assert row.password_hash is not None and row.password_hash.startswith("$argon2id$")
    assert verify_password(row.password_hash, NEW_PASSWORD)
    assert row.password_origin == "operator-set"
    with pytest.raises(PolicyViolationError):  # the history rule: not the current one again
        services.passwords.reset(root, "alice", "set-now", new_password=NEW_PASSWORD)
    assert _outbox(services) == []


def test_set_by_user_emails_a_single_use_link_stored_hashed(
    services: Services, root: Actor
) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    result = services.passwords.reset(root, "alice", "set-by-user")
    assert result.emailed_to == "alice@example.com" and result.expires_at is not None
    [message] = _outbox(services)
    assert message.carries_secret and message.body is None and message.body_encrypted
    body = _decrypt(services, message)
    token = body.split("#token=")[1].split()[0]
    assert len(token) >= 22  # >= 128 bits, URL-safe
    with services.context.uow() as uow:
        [row] = uow.session.scalars(select(OneTimeToken)).all()
        assert row.token_hash == hash_token(token) and token not in row.token_hash
        assert (row.expires_at - row.created_at).total_seconds() == 24 * 3600
    services.passwords.reset(root, "alice", "set-by-user")  # a new link voids the old one
    with services.context.uow() as uow:
        hashes = uow.session.scalars(select(OneTimeToken.token_hash)).all()
    assert hash_token(token) not in hashes and len(hashes) == 1


def test_auto_generates_emails_and_forces_a_change(services: Services, root: Actor) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    result = services.passwords.reset(root, "alice", "auto")
    assert result.must_change and result.emailed_to == "alice@example.com"
    [message] = _outbox(services)
    password = _decrypt(services, message).split("password is:\n\n")[1].split()[0]
    row = _user_row(services, "alice")
    assert verify_password(row.password_hash or "", password)
    assert row.password_origin == "auto-generated" and row.must_change_password


@pytest.mark.parametrize("mode", ["set-by-user", "auto"])
def test_modes_that_email_need_an_email(services: Services, root: Actor, mode: str) -> None:
    services.users.create(root, "bob")
    before = dump(services.settings.database_url)
    with pytest.raises(PreconditionError, match="has no email"):
        services.passwords.reset(root, "bob", mode)
    assert dump(services.settings.database_url) == before


def test_policy_violations_change_nothing(services: Services, root: Actor) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    before = dump(services.settings.database_url)
    for bad in ("short", "password123", "alice-is-me-forever", "ecila-reversed-name"):
        with pytest.raises(PolicyViolationError) as caught:
            services.passwords.reset(root, "alice", "set-now", new_password=bad)
        assert bad not in str(caught.value)
    assert dump(services.settings.database_url) == before


def test_delete_password_and_helpdesk_limits(services: Services, root: Actor) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    services.users.create(root, "boss", role="administrator", email="boss@example.com")
    desk_user = services.users.create(root, "desk", role="helpdesk")
    desk = Actor("desk", Role.HELPDESK, desk_user.id)
    services.passwords.reset(desk, "alice", "set-now", new_password=NEW_PASSWORD)
    services.passwords.reset(desk, "alice", "set-by-user")
    with pytest.raises(PermissionDeniedError):
        services.passwords.reset(desk, "boss", "set-by-user")
    with pytest.raises(PermissionDeniedError):
        services.passwords.delete(desk, "alice")
    services.passwords.delete(root, "alice")
    row = _user_row(services, "alice")
    assert row.password_hash is None and row.password_origin is None
    with services.context.uow() as uow:  # deleting the password voids pending links too
        assert uow.session.scalars(select(OneTimeToken)).all() == []
    with pytest.raises(PreconditionError, match="no password"):
        services.passwords.delete(root, "alice")
    audit = [(e.action, e.details.get("reset_mode")) for e in services.audit.list(root)]
    assert ("password.delete", None) in audit and ("password.reset", "set-by-user") in audit
    assert all("Meadow" not in str(e.details) for e in services.audit.list(root))


def test_a_reset_says_whether_its_email_waits_and_a_link_keeps_no_must_change(
    services: Services, root: Actor
) -> None:
    services.users.create(root, "alice", email="alice@example.com")
    services.passwords.reset(root, "alice", "set-now", new_password=NEW_PASSWORD)  # must change
    link = services.passwords.reset(root, "alice", "set-by-user")
    assert link.email_waits  # no SMTP set up: it waits in the outbox
    assert not link.must_change  # the old password's flag is not the link's
    assert _user_row(services, "alice").must_change_password  # ... and it still stands
    assert any(e.action == "password.reset" and e.details.get("must_change") is False
               for e in services.audit.list(root))  # fmt: skip


def test_a_generated_password_can_be_shown_once_instead_of_emailed(
    services: Services, root: Actor
) -> None:
    services.users.create(root, "bob")  # no email: only a shown password is possible
    with pytest.raises(PreconditionError):
        services.passwords.reset(root, "bob", "auto")
    result = services.passwords.reset(root, "bob", "auto", show_password=True)
    assert result.password and result.emailed_to is None and result.must_change
    assert result.password not in repr(result)
    assert verify_password(_user_row(services, "bob").password_hash or "", result.password)
    assert _outbox(services) == []
    events = services.audit.list(root)
    assert all(result.password not in repr(e) for e in events)
    with pytest.raises(ValidationError, match="only an automatically generated password"):
        services.passwords.reset(root, "bob", "set-now", new_password=NEW_PASSWORD,
                                 show_password=True)  # fmt: skip
