"""Add MFA Device (issue 13, point 6) in the store: the virtual MFA device has a name, a
cancelled bind leaves no pending device, and continuing a bind shows the same secret."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from app.clock import FrozenClock
from app.errors import PreconditionError, ValidationError
from app.services import Services
from app.services.records import Actor


@pytest.fixture
def alice(services: Services, root: Actor) -> str:
    services.users.create(root, "alice", email="alice@example.com")
    return "alice"


def test_the_device_keeps_its_name_through_bind_and_confirm(
    services: Services, root: Actor, alice: str, clock: FrozenClock
) -> None:
    enrollment = services.mfa.bind(root, alice, "office-phone")
    assert services.mfa.status(root, alice).device_name == "office-phone"
    totp, now = pyotp.TOTP(enrollment.secret), clock.now()
    status = services.mfa.confirm(root, alice, totp.at(now - timedelta(seconds=30)), totp.at(now))
    assert (status.state, status.device_name) == ("active", "office-phone")
    assert services.security_settings.read(root, alice).mfa.device_name == "office-phone"
    [event] = [e for e in services.audit.list(root, limit=10) if e.action == "mfa.bind"]
    assert event.details["device_name"] == "office-phone"


@pytest.mark.parametrize("bad", ["my phone", "", "x" * 65, "手机"])
def test_a_device_name_is_letters_digits_dash_and_underscore(
    services: Services, root: Actor, alice: str, bad: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.mfa.bind(root, alice, bad)
    assert caught.value.field == "device_name"
    assert services.mfa.status(root, alice).state == "none"


def test_resume_shows_the_same_secret_and_cancel_drops_only_a_pending_device(
    services: Services, root: Actor, alice: str, clock: FrozenClock
) -> None:
    first = services.mfa.bind(root, alice, "phone")
    again = services.mfa.resume(root, alice)
    assert again.secret == first.secret and again.uri == first.uri
    assert services.mfa.cancel_bind(root, alice) is True
    assert services.mfa.status(root, alice).state == "none"
    with pytest.raises(PreconditionError):
        services.mfa.resume(root, alice)
    assert services.mfa.cancel_bind(root, alice) is False  # nothing to drop
    enrollment = services.mfa.bind(root, alice, "phone")
    totp, now = pyotp.TOTP(enrollment.secret), clock.now()
    services.mfa.confirm(root, alice, totp.at(now - timedelta(seconds=30)), totp.at(now))
    assert services.mfa.cancel_bind(root, alice) is False  # an active device stays
    assert services.mfa.status(root, alice).state == "active"
    actions = [e.action for e in services.audit.list(root, limit=20)]
    assert "mfa.bind_resume" in actions and "mfa.bind_cancel" in actions
