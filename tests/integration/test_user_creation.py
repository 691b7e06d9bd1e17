"""Create User with its first credential (issue 13, point 7): the user and the password exist
together or neither does; a generated password is returned only to be shown once."""

from __future__ import annotations

import pytest

from app.domain.roles import Role
from app.domain.vocabulary import InitialPassword, PasswordOrigin
from app.errors import IamDeskError, NotFoundError
from app.services import Services
from app.services.records import Actor, SignInResult

STRONG = "Xylophone-Quartz-77"


def test_set_by_user_emails_a_link_and_sets_no_password(services: Services, root: Actor) -> None:
    created = services.new_users.create(
        root, "ann", email="ann@example.com", credential=InitialPassword.SET_BY_USER
    )
    assert created.password is None and created.emailed_to == "ann@example.com"
    assert created.link_expires_at is not None
    user = services.users.get(root, "ann")
    assert not user.has_password
    [message] = [m for m in services.outbox.list(root) if m.user_name == "ann"]
    assert message.purpose == "set-password-link" and message.carries_secret
    [event] = [e for e in services.audit.list(root, limit=20) if e.action == "user.create"]
    assert event.details["credential"] == "set-by-user"


def test_a_generated_password_is_shown_once_and_must_change(
    services: Services, root: Actor
) -> None:
    created = services.new_users.create(
        root, "olga", role=Role.HELPDESK.value, credential=InitialPassword.AUTO, show_password=True
    )
    assert created.password and created.emailed_to is None and created.must_change
    assert created.password not in repr(created)  # never in a log line or a traceback
    user = services.users.get(root, "olga")
    assert user.password_origin == PasswordOrigin.AUTO_GENERATED and user.must_change_password
    session = services.auth.sign_in("olga", created.password)
    assert isinstance(session, SignInResult) and session.password_change_required
    assert not services.outbox.list(root)
    events = [e for e in services.audit.list(root, limit=20) if e.action == "user.create"]
    assert created.password not in str([e.details for e in events])


def test_set_now_may_email_it_and_keeps_the_operators_must_change_choice(
    services: Services, root: Actor
) -> None:
    created = services.new_users.create(
        root, "bo", email="bo@example.com", credential=InitialPassword.SET_NOW, password=STRONG,
        must_change=False, send_email=True,
    )  # fmt: skip
    assert created.password is None and created.emailed_to == "bo@example.com"
    user = services.users.get(root, "bo")
    assert user.password_origin == PasswordOrigin.OPERATOR_SET and not user.must_change_password
    assert [m.purpose for m in services.outbox.list(root)] == ["password"]


def test_none_creates_a_user_without_a_password(services: Services, root: Actor) -> None:
    created = services.new_users.create(root, "svc-robot", credential=InitialPassword.NONE)
    assert created.credential is InitialPassword.NONE
    assert not services.users.get(root, "svc-robot").has_password


@pytest.mark.parametrize(
    ("email", "kwargs", "code"),
    [
        (None, {"credential": "set-by-user"}, "reset.needs_email"),
        (None, {"credential": "auto", "send_email": True}, "reset.needs_email"),
        ("x@example.com", {"credential": "auto"}, "create.password_unseen"),
        (None, {"credential": "set-now"}, "reset.needs_password"),
        (None, {"credential": "set-now", "password": "short"}, None),  # the policy refuses
        (None, {"credential": "auto", "password": STRONG, "show_password": True},
         "reset.password_not_wanted"),
        (None, {"credential": "token"}, "create.unknown_credential"),
    ],
)  # fmt: skip
def test_a_refused_credential_creates_no_user(
    services: Services, root: Actor, email: str | None, kwargs: dict[str, object], code: str | None
) -> None:
    with pytest.raises(IamDeskError) as caught:
        services.new_users.create(root, "zed", email=email, **kwargs)  # type: ignore[arg-type]
    if code is not None:
        assert caught.value.code == code
    with pytest.raises(NotFoundError):
        services.users.get(root, "zed")
    assert not [e for e in services.audit.list(root, limit=20) if e.action == "user.create"]
