"""Must-change and the policy's maximum and minimum password age, at operator sign-in."""

from __future__ import annotations

import pytest

from app.clock import FrozenClock
from app.errors import AuthenticationError, PolicyViolationError, PreconditionError
from app.services import Services
from app.services.records import Actor, SignInResult

FIRST = "Blue-Lantern-Harbour-42"
SECOND = "Quiet-Meadow-Falcon-88"
THIRD = "Amber-Violin-Glacier-17"


def _operator(services: Services, root: Actor, *, must_change: bool) -> None:
    services.users.create(root, "desk", role="helpdesk")
    services.passwords.reset(root, "desk", "set-now", new_password=FIRST, must_change=must_change)


def _sign_in(services: Services, password: str) -> SignInResult:
    result = services.auth.sign_in("desk", password)
    assert isinstance(result, SignInResult)
    return result


def test_must_change_is_reported_until_the_operator_changes_it(
    services: Services, root: Actor
) -> None:
    _operator(services, root, must_change=True)
    signed_in = _sign_in(services, FIRST)
    assert signed_in.password_change_required
    with pytest.raises(AuthenticationError):
        services.passwords.change_own(signed_in.actor, "not-it", SECOND)
    with pytest.raises(PolicyViolationError):
        services.passwords.change_own(signed_in.actor, FIRST, FIRST)  # history
    services.passwords.change_own(signed_in.actor, FIRST, SECOND)
    again = _sign_in(services, SECOND)
    assert not again.password_change_required
    detail = services.users.get(root, "desk")
    assert detail.password_origin == "set-by-user" and not detail.must_change_password
    assert "password.change" in [e.action for e in services.audit.list(root, limit=5)]


def test_maximum_and_minimum_age(services: Services, root: Actor, clock: FrozenClock) -> None:
    services.account.set_password_policy(root, {"max_age_days": 90, "min_age_days": 1})
    _operator(services, root, must_change=False)
    signed_in = _sign_in(services, FIRST)
    assert not signed_in.password_change_required
    clock.advance(hours=2)
    with pytest.raises(PreconditionError) as caught:
        services.passwords.change_own(signed_in.actor, FIRST, SECOND)
    assert "changed recently" in str(caught.value)
    clock.advance(days=90)
    expired = _sign_in(services, FIRST)
    assert expired.password_change_required
    services.passwords.change_own(expired.actor, FIRST, SECOND)  # due: minimum age waived
    assert not _sign_in(services, SECOND).password_change_required
    with pytest.raises(PreconditionError):
        services.passwords.change_own(expired.actor, SECOND, THIRD)  # 1 day not yet passed
