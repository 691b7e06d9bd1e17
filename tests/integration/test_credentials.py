"""Virtual MFA, login protection, second factors, access keys and API tokens on a real store."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.clock import FrozenClock
from app.errors import (
    AuthenticationError,
    LimitExceededError,
    PermissionDeniedError,
    PreconditionError,
    ValidationError,
)
from app.security import totp
from app.services import Services
from app.services.records import Actor, SecondFactorChallenge, SignInResult
from app.store.models import AccessKey, User
from tests.support.mail_server import running_mail_server
from tests.support.oath import oathtool_code

PASSWORD = "Silver-Otter-Canyon-58"


def _bound(services: Services, root: Actor, clock: FrozenClock, name: str = "alice") -> str:
    """Bind and confirm a device with codes from oathtool; returns the seed."""
    enrollment = services.mfa.bind(root, name)
    code1 = oathtool_code(enrollment.secret, clock.now())
    clock.advance(seconds=30)
    code2 = oathtool_code(enrollment.secret, clock.now())
    assert services.mfa.confirm(root, name, code1, code2).state == "active"
    return enrollment.secret


def _operator(services: Services, root: Actor, name: str = "alice", **contact: str) -> None:
    services.users.create(root, name, role="administrator", **contact)
    services.passwords.reset(root, name, "set-now", new_password=PASSWORD, must_change=False)


def test_bind_with_oathtool_codes_then_sign_in(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    _operator(services, root)
    enrollment = services.mfa.bind(root, "alice")
    assert enrollment.uri.startswith(
        f"otpauth://totp/acme:alice?secret={enrollment.secret}&issuer=acme"
    )
    assert services.mfa.status(root, "alice").state == "pending"
    with pytest.raises(ValidationError, match="do not match"):
        services.mfa.confirm(root, "alice", "000000", "111111")
    seed = _bound(services, root, clock)
    services.protection.set(root, "alice", method="mfa")
    clock.advance(seconds=30)
    challenge = services.auth.sign_in("alice", PASSWORD)
    assert isinstance(challenge, SecondFactorChallenge) and challenge.method == "mfa"
    code = oathtool_code(seed, clock.now())
    result = services.auth.complete_sign_in(challenge.challenge_id, code)
    assert isinstance(result, SignInResult) and result.actor.name == "alice"
    # the same code again (replay) is refused, as are ±2 steps and wrong codes
    again = services.auth.sign_in("alice", PASSWORD)
    assert isinstance(again, SecondFactorChallenge)
    step = totp.time_step(clock.now())
    for bad in (code, totp.code_at(seed, step - 2), totp.code_at(seed, step + 2), "123456"):
        if bad != code and bad in {totp.code_at(seed, s) for s in range(step - 1, step + 2)}:
            continue
        with pytest.raises(AuthenticationError):
            services.auth.complete_sign_in(again.challenge_id, bad)


def test_one_device_per_user_and_unbind_preconditions(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    _operator(services, root)
    _bound(services, root, clock)
    with pytest.raises(LimitExceededError, match="one per user"):
        services.mfa.bind(root, "alice")
    services.protection.set(root, "alice", method="mfa", api=True)
    with pytest.raises(PreconditionError, match="change login protection first"):
        services.mfa.unbind(root, "alice")
    with pytest.raises(PreconditionError):
        services.mfa.reset(root, "alice")
    services.protection.set(root, "alice", method="off", api=False)
    services.mfa.unbind(root, "alice")
    assert services.mfa.status(root, "alice").state == "none"


def test_protection_needs_its_factor_both_ways(services: Services, root: Actor) -> None:
    services.users.create(root, "bob")
    for method, needs in (("sms", "mobile"), ("email", "email"), ("mfa", "virtual MFA")):
        with pytest.raises(PreconditionError, match=needs):
            services.protection.set(root, "bob", method=method)
    with pytest.raises(PreconditionError, match="API login protection needs"):
        services.protection.set(root, "bob", api=True)
    services.contacts.set(root, "bob", email="bob@example.com", mobile="+14155552671")
    services.protection.set(root, "bob", method="sms")
    with pytest.raises(PreconditionError, match="change login protection first"):
        services.contacts.clear(root, "bob", "mobile")
    services.contacts.clear(root, "bob", "email")  # not relied on: fine
    assert services.users.get(root, "bob").login_protection == "sms"


def test_email_code_sign_in_through_real_smtp(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    _operator(services, root, email="alice@example.com")
    services.protection.set(root, "alice", method="email")
    with running_mail_server() as server:
        from app.notify.channels import SmtpSettings

        services.account.set_smtp(
            root, SmtpSettings("127.0.0.1", server.port, "none", None, None, "iam@acme.example", 5)
        )
        challenge = services.auth.sign_in("alice", PASSWORD)
        assert isinstance(challenge, SecondFactorChallenge)
        assert challenge.sent_to == "a***@example.com"
        services.outbox.send_due(root)
        for _ in range(2):
            with pytest.raises(AuthenticationError, match="attempt"):
                services.auth.complete_sign_in(challenge.challenge_id, "000000")
        services.auth.resend_code(challenge.challenge_id)  # keeps the failure count
        services.outbox.send_due(root)
    first, second = (b.split("code is ")[1][:6] for b in server.bodies())
    with pytest.raises(AuthenticationError, match="2 attempt"):
        services.auth.complete_sign_in(challenge.challenge_id, first)  # voided by the resend
    assert services.auth.complete_sign_in(challenge.challenge_id, second).actor.name == "alice"
    with pytest.raises(AuthenticationError, match="start again"):
        services.auth.complete_sign_in(challenge.challenge_id, second)  # single use


def test_codes_expire_after_ten_minutes(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    _operator(services, root, mobile="+14155552671")
    services.protection.set(root, "alice", method="sms")
    challenge = services.auth.sign_in("alice", PASSWORD)
    assert isinstance(challenge, SecondFactorChallenge)
    assert challenge.sent_to == "+14*****2671"
    [sms] = [m for m in services.outbox.list(root) if m.channel == "sms"]
    assert sms.carries_secret
    services.outbox.send_due(root)
    assert services.outbox.list(root)[0].status == "stored"  # the built-in gateway
    clock.advance(minutes=11)
    with pytest.raises(AuthenticationError):
        services.auth.complete_sign_in(challenge.challenge_id, "123456")


def test_access_keys_limit_status_and_typed_delete(services: Services, root: Actor) -> None:
    services.users.create(root, "alice")
    first = services.access_keys.create(root, "alice")
    assert len(first.access_key_id) == 20 and len(first.secret_access_key) == 40
    services.access_keys.create(root, "alice")
    with pytest.raises(LimitExceededError, match="2 access keys"):
        services.access_keys.create(root, "alice")
    with pytest.raises(PreconditionError, match="type its id"):
        services.access_keys.delete(root, "alice", first.access_key_id)
    with pytest.raises(PreconditionError):
        services.access_keys.delete(root, "alice", first.access_key_id, confirm="wrong")
    services.access_keys.delete(root, "alice", first.access_key_id, confirm=first.access_key_id)
    [left] = services.access_keys.list(root, "alice")
    services.access_keys.set_status(root, "alice", left.access_key_id, False)
    services.access_keys.delete(root, "alice", left.access_key_id)  # inactive: no typing
    assert services.access_keys.list(root, "alice") == []
    with services.context.uow() as uow:
        assert uow.session.scalars(select(AccessKey)).all() == []


def test_api_tokens_need_totp_under_api_protection(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    services.users.create(root, "svc")
    services.passwords.reset(root, "svc", "set-now", new_password=PASSWORD, must_change=False)
    token = services.api_tokens.issue("svc", PASSWORD)
    assert len(token.token) >= 43
    with services.context.uow() as uow:
        assert services.api_tokens.user_for_token(uow, token.token).name == "svc"
    seed = _bound(services, root, clock, "svc")
    services.protection.set(root, "svc", api=True)
    with pytest.raises(AuthenticationError, match="API login protection is on"):
        services.api_tokens.issue("svc", PASSWORD)
    clock.advance(seconds=30)
    code = totp.code_at(seed, totp.time_step(clock.now()))
    assert services.api_tokens.issue("svc", PASSWORD, code).user_name == "svc"
    with pytest.raises(AuthenticationError, match="already used"):
        services.api_tokens.issue("svc", PASSWORD, code)
    clock.advance(hours=25)
    with services.context.uow() as uow, pytest.raises(AuthenticationError, match="expired"):
        services.api_tokens.user_for_token(uow, token.token)


def test_one_code_used_twice_at_once_succeeds_once(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    """Two workstations submit the same TOTP code at the same moment: exactly one wins."""
    services.users.create(root, "svc")
    services.passwords.reset(root, "svc", "set-now", new_password=PASSWORD, must_change=False)
    seed = _bound(services, root, clock, "svc")
    clock.advance(seconds=30)
    code = totp.code_at(seed, totp.time_step(clock.now()))
    results: list[bool] = []
    barrier = threading.Barrier(4)

    def use() -> None:
        barrier.wait()
        with services.context.uow() as uow:
            user = uow.session.scalars(select(User).where(User.name == "svc")).one()
            ok = services.mfa.verify(uow, user, code)
            uow.commit()
        results.append(ok)

    threads = [threading.Thread(target=use) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == [False, False, False, True]


def test_temporary_credentials_live_as_long_as_the_set(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    services.users.create(root, "svc")
    services.passwords.reset(root, "svc", "set-now", new_password=PASSWORD, must_change=False)
    with pytest.raises(ValidationError, match="15 minutes to 12 hours"):
        services.temporary_credentials.create_set(root, "readonly", 600)
    services.temporary_credentials.create_set(root, "readonly", 3600, "Read-only access")
    token = services.api_tokens.issue("svc", PASSWORD).token
    with pytest.raises(PermissionDeniedError, match="not assigned"):
        services.temporary_credentials.issue(token, "readonly")
    services.temporary_credentials.assign(root, "readonly", "svc")
    issued = services.temporary_credentials.issue(token, "readonly")
    assert (issued.expires_at - clock.now()).total_seconds() == 3600
    assert len(issued.access_key_id) == 20 and len(issued.secret_access_key) == 40
    [listed] = services.temporary_credentials.list(root)
    assert (listed.user_name, listed.permission_set) == ("svc", "readonly")
    services.temporary_credentials.revoke(root, issued.access_key_id)
    assert services.temporary_credentials.list(root) == []
    assert services.temporary_credentials.list(root, include_expired=True)[0].revoked_at
    second = services.temporary_credentials.issue(token, "readonly")
    clock.advance(hours=1, seconds=1)
    assert second.access_key_id not in [
        c.access_key_id for c in services.temporary_credentials.list(root)
    ]
