"""Operator sign-in: passwords, lockout with operator unlock, sessions."""

from __future__ import annotations

import pytest

from app.clock import FrozenClock
from app.domain.roles import Role
from app.errors import AccountLockedError, AuthenticationError
from app.services import Services
from app.services.records import Actor
from tests.conftest import ROOT_PASSWORD

DESK_PASSWORD = "Blue-Lantern-Harbour-42"


def _helpdesk(services: Services, root: Actor) -> None:
    services.users.create(root, "desk", role="helpdesk")
    services.passwords.reset(root, "desk", "set-now", new_password=DESK_PASSWORD, must_change=False)


def test_root_and_operator_sign_in(services: Services, root: Actor) -> None:
    _helpdesk(services, root)
    result = services.auth.sign_in("ACME", ROOT_PASSWORD)
    assert result.actor == Actor("acme", Role.ROOT)
    assert services.auth.actor_for_session(result.token) == result.actor
    desk = services.auth.sign_in("desk", DESK_PASSWORD)
    assert desk.actor.role is Role.HELPDESK
    assert services.users.get(root, "desk").last_login_at is not None


def test_wrong_password_and_unknown_name_read_the_same(services: Services, root: Actor) -> None:
    services.users.create(root, "plain")  # role none: not an operator
    messages = set()
    for name, password in (("acme", "wrong-password"), ("nobody", "x"), ("plain", "x")):
        with pytest.raises(AuthenticationError) as caught:
            services.auth.sign_in(name, password)
        messages.add(str(caught.value))
    assert len(messages) == 1


def test_lockout_after_failures_and_operator_unlock(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    _helpdesk(services, root)
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            services.auth.sign_in("desk", "wrong")
    with pytest.raises(AccountLockedError, match="locked for 15 more minute"):
        services.auth.sign_in("desk", "wrong")
    with pytest.raises(AccountLockedError):  # even the right password, while locked
        services.auth.sign_in("desk", DESK_PASSWORD)
    assert services.users.get(root, "desk").locked
    services.users.unlock(root, "desk")
    assert services.auth.sign_in("desk", DESK_PASSWORD).actor.name == "desk"
    events = [(e.action, e.outcome) for e in services.audit.list(root)]
    assert ("user.unlock", "success") in events
    # five wrong passwords, and the right one refused while locked
    assert events.count(("auth.sign_in", "failure")) == 6


def test_lock_runs_out_and_window_resets(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    _helpdesk(services, root)
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            services.auth.sign_in("desk", "wrong")
    clock.advance(minutes=16)
    assert services.auth.sign_in("desk", DESK_PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            services.auth.sign_in("desk", "wrong")
    clock.advance(minutes=16)  # the failure window has passed: the count starts again
    with pytest.raises(AuthenticationError) as caught:
        services.auth.sign_in("desk", "wrong")
    assert not isinstance(caught.value, AccountLockedError)


def test_sessions_expire_and_follow_the_operator(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    _helpdesk(services, root)
    session = services.auth.sign_in("desk", DESK_PASSWORD)
    services.users.set_enabled(root, "desk", False)
    with pytest.raises(AuthenticationError, match="not signed in"):
        services.auth.actor_for_session(session.token)
    services.users.set_enabled(root, "desk", True)
    assert services.auth.actor_for_session(session.token).name == "desk"
    clock.advance(hours=9)
    with pytest.raises(AuthenticationError):
        services.auth.actor_for_session(session.token)
    fresh = services.auth.sign_in("acme", ROOT_PASSWORD)
    services.auth.sign_out(fresh.token)
    with pytest.raises(AuthenticationError):
        services.auth.actor_for_session(fresh.token)
