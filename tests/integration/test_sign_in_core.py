"""The sign-in core under attack: wrong second factors lock, locks cannot be turned into a
weapon (root included), must-change blocks tokens, and failures are audited neutrally."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from app.clock import FrozenClock
from app.config import Settings
from app.domain.login_policy import SignInPurpose
from app.domain.roles import Role
from app.errors import (
    AccountLockedError,
    AuthenticationError,
    PermissionDeniedError,
    PolicyViolationError,
    VaultUnavailableError,
)
from app.notify.channels import SmsMessage
from app.security.passwords import verify_password
from app.services import Services
from app.services.records import Actor, SecondFactorChallenge, SignedIn, SignInResult
from app.store.models import Account, User
from tests.conftest import ROOT_PASSWORD
from tests.support.oath import oathtool_code

PASSWORD = "Quiet-Meadow-Lantern-58"
WRONG_CODE = "000000"
MAX_FAILURES = 5  # the default login policy

# A process without the store's wrapping key cannot sign in, and since the audit chain is
# keyed by the vault it cannot record a failure either: its attempts are refused before
# anything is written (VaultUnavailableError), which counts nothing against root.
KEYLESS_REFUSALS = (AuthenticationError, VaultUnavailableError)


class CapturedSms:
    """An SMS gateway that keeps what it was given (the codes a phone would show)."""

    name = "captured"

    def __init__(self) -> None:
        self.sent: list[SmsMessage] = []

    def send(self, message: SmsMessage) -> str:
        self.sent.append(message)
        return "sent"

    def last_code(self) -> str:
        return self.sent[-1].body.split("code is ")[1][:6]


@pytest.fixture
def phone() -> CapturedSms:
    return CapturedSms()


@pytest.fixture
def services(settings: Settings, clock: FrozenClock, phone: CapturedSms) -> Iterator[Services]:
    svc = Services.open(settings, clock=clock, upgrade=False, sms_gateway_factory=lambda _: phone)
    yield svc
    svc.close()


@pytest.fixture
def keyless(
    settings: Settings, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Services]:
    """The same store from a process that lacks the vault's wrapping key (an attacker on
    another machine, or another OS user)."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    svc = Services.open(
        Settings(home=settings.home, database_url=settings.database_url, key_file=None),
        clock=clock,
        upgrade=False,
    )
    yield svc
    svc.close()


def _bound(services: Services, actor: Actor, clock: FrozenClock, name: str) -> str:
    enrollment = services.mfa.bind(actor, name)
    code1 = oathtool_code(enrollment.secret, clock.now())
    clock.advance(seconds=30)
    code2 = oathtool_code(enrollment.secret, clock.now())
    services.mfa.confirm(actor, name, code1, code2)
    return enrollment.secret


def _user(services: Services, root: Actor, name: str = "alice", **fields: str) -> None:
    services.users.create(root, name, **fields)
    services.passwords.reset(root, name, "set-now", new_password=PASSWORD, must_change=False)


def _state(services: Services, name: str) -> tuple[int, bool]:
    with services.context.uow() as uow:
        user = uow.session.scalars(select(User).where(User.name_key == name)).one()
        locked = user.locked_until is not None and user.locked_until > uow.now
        return user.failed_attempts, locked


def test_wrong_totp_codes_lock_the_operator_however_often_the_sign_in_restarts(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    """Finding 1: a fresh challenge after every wrong code must not reset the count."""
    _user(services, root, role="administrator")
    seed = _bound(services, root, clock, "alice")
    services.protection.set(root, "alice", method="mfa")
    for attempt in range(1, MAX_FAILURES):
        challenge = services.auth.sign_in("alice", PASSWORD)
        assert isinstance(challenge, SecondFactorChallenge)
        with pytest.raises(AuthenticationError, match="attempt"):
            services.auth.complete_sign_in(challenge.challenge_id, WRONG_CODE)
        assert _state(services, "alice") == (attempt, False)
    challenge = services.auth.sign_in("alice", PASSWORD)
    assert isinstance(challenge, SecondFactorChallenge)
    with pytest.raises(AccountLockedError):
        services.auth.complete_sign_in(challenge.challenge_id, WRONG_CODE)
    clock.advance(seconds=30)
    right = oathtool_code(seed, clock.now())
    # The attacker knows the password: the lock now holds, even for the right code.
    with pytest.raises(AccountLockedError):
        services.auth.sign_in("alice", PASSWORD)
    with pytest.raises(AccountLockedError):
        services.auth.complete_sign_in(challenge.challenge_id, right)
    clock.advance(minutes=16)
    clock.advance(seconds=30)
    challenge = services.auth.sign_in("alice", PASSWORD)
    assert isinstance(challenge, SecondFactorChallenge)
    signed = services.auth.complete_sign_in(
        challenge.challenge_id, oathtool_code(seed, clock.now())
    )
    assert signed.actor.name == "alice" and _state(services, "alice") == (0, False)


def test_wrong_sms_codes_count_with_wrong_passwords(
    services: Services, root: Actor, phone: CapturedSms
) -> None:
    _user(services, root, role="helpdesk", mobile="+14155552671")
    services.protection.set(root, "alice", method="sms")
    for _ in range(2):
        with pytest.raises(AuthenticationError):
            services.auth.sign_in("alice", "not-the-password")
    for _ in range(2):
        challenge = services.auth.sign_in("alice", PASSWORD)
        assert isinstance(challenge, SecondFactorChallenge)
        with pytest.raises(AuthenticationError, match="attempt"):
            services.auth.complete_sign_in(challenge.challenge_id, WRONG_CODE)
    challenge = services.auth.sign_in("alice", PASSWORD)
    assert isinstance(challenge, SecondFactorChallenge)
    with pytest.raises(AccountLockedError):
        services.auth.complete_sign_in(challenge.challenge_id, WRONG_CODE)
    assert _state(services, "alice")[1]


def test_wrong_api_totp_codes_lock_the_user(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    _user(services, root)
    seed = _bound(services, root, clock, "alice")
    services.protection.set(root, "alice", api=True)
    with pytest.raises(AuthenticationError, match="API login protection"):
        services.api_tokens.issue("alice", PASSWORD)  # password only: refused, saying why
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AuthenticationError, match="code is wrong"):
            services.api_tokens.issue("alice", PASSWORD, WRONG_CODE)
    with pytest.raises(AccountLockedError):
        services.api_tokens.issue("alice", PASSWORD, WRONG_CODE)
    clock.advance(seconds=30)
    with pytest.raises(AccountLockedError):
        services.api_tokens.issue("alice", PASSWORD, oathtool_code(seed, clock.now()))


def test_a_password_lock_is_passed_with_the_second_factor_and_is_no_oracle(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    """An attacker without the factor locks alice with wrong passwords; alice still signs in
    with her password and code, and wrong passwords during the lock look like right ones."""
    _user(services, root, role="administrator")
    seed = _bound(services, root, clock, "alice")
    services.protection.set(root, "alice", method="mfa")
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AuthenticationError):
            services.auth.sign_in("alice", "guess")
    with pytest.raises(AccountLockedError):
        services.auth.sign_in("alice", "guess")
    decoy = services.auth.sign_in("alice", "another guess")  # looks like a right password
    real = services.auth.sign_in("alice", PASSWORD)
    assert isinstance(decoy, SecondFactorChallenge) and isinstance(real, SecondFactorChallenge)
    assert (decoy.method, decoy.sent_to) == (real.method, real.sent_to)
    clock.advance(seconds=30)
    signed = services.auth.complete_sign_in(real.challenge_id, oathtool_code(seed, clock.now()))
    assert signed.actor.name == "alice" and _state(services, "alice") == (0, False)
    # No code opens a decoy: its answer counts as a wrong second factor.
    for _ in range(MAX_FAILURES):
        with pytest.raises(AuthenticationError):
            services.auth.sign_in("alice", "guess")
    decoy = services.auth.sign_in("alice", "guess")
    assert isinstance(decoy, SecondFactorChallenge)
    clock.advance(seconds=30)
    with pytest.raises(AccountLockedError):
        services.auth.complete_sign_in(decoy.challenge_id, oathtool_code(seed, clock.now()))


def test_a_user_without_protection_passes_a_lock_with_a_code_to_their_phone(
    services: Services, root: Actor, phone: CapturedSms
) -> None:
    _user(services, root, role="helpdesk", mobile="+14155552671")
    for _ in range(MAX_FAILURES):
        with pytest.raises(AuthenticationError):
            services.auth.sign_in("alice", "guess")
    challenge = services.auth.sign_in("alice", PASSWORD)
    assert isinstance(challenge, SecondFactorChallenge) and challenge.method == "sms"
    services.outbox.send_due(root)
    signed = services.auth.complete_sign_in(challenge.challenge_id, phone.last_code())
    assert signed.actor.name == "alice"


def test_root_cannot_be_kept_out_by_an_attacker_without_its_factor(
    services: Services, keyless: Services, root: Actor, clock: FrozenClock
) -> None:
    """Finding 2: the attack loop of the issue (wrong guesses between root's sign-ins)."""
    signed_in = 0
    for _ in range(6):
        for _ in range(MAX_FAILURES + 1):  # more than enough to lock root again
            with pytest.raises(KEYLESS_REFUSALS):
                keyless.auth.sign_in("acme", "a guess")
        clock.advance(seconds=20)
        result = services.auth.sign_in("acme", ROOT_PASSWORD)  # the workstation: has the key
        assert isinstance(result, SignInResult) and result.actor.is_root
        signed_in += 1
    assert signed_in == 6
    # Without the key, the right password does not pass the lock (no oracle either).
    for _ in range(MAX_FAILURES):
        with pytest.raises(KEYLESS_REFUSALS):
            keyless.auth.sign_in("acme", "a guess")
    with pytest.raises(KEYLESS_REFUSALS):
        keyless.auth.sign_in("acme", ROOT_PASSWORD)


def test_root_binds_its_own_mfa_and_its_sign_in_then_asks_for_it(
    services: Services, keyless: Services, root: Actor, clock: FrozenClock
) -> None:
    _user(services, root, "boss", role="administrator")
    boss = services.auth.sign_in("boss", PASSWORD)
    assert isinstance(boss, SignInResult)
    with pytest.raises(PermissionDeniedError):
        services.mfa.bind(boss.actor, "acme")
    seed = _bound(services, root, clock, "ACME")
    assert services.mfa.status(root, "acme").state == "active"
    challenge = services.auth.sign_in("acme", ROOT_PASSWORD)
    assert isinstance(challenge, SecondFactorChallenge) and challenge.method == "mfa"
    clock.advance(seconds=30)
    signed = services.auth.complete_sign_in(
        challenge.challenge_id, oathtool_code(seed, clock.now())
    )
    assert signed.actor.is_root
    # A keyless attacker's guesses are refused without a trace (the keyed audit chain needs
    # the vault); root's password plus root's code pass at the workstation every time.
    for _ in range(3):
        for _ in range(MAX_FAILURES):
            with pytest.raises(KEYLESS_REFUSALS):
                keyless.auth.sign_in("acme", "a guess")
        with pytest.raises(KEYLESS_REFUSALS):
            keyless.auth.sign_in("acme", ROOT_PASSWORD)
        challenge = services.auth.sign_in("acme", ROOT_PASSWORD)
        assert isinstance(challenge, SecondFactorChallenge)
        clock.advance(seconds=30)
        code = oathtool_code(seed, clock.now())
        assert services.auth.complete_sign_in(challenge.challenge_id, code).actor.is_root


def test_root_changes_its_password_under_the_policy(services: Services, root: Actor) -> None:
    with pytest.raises(AuthenticationError, match="current password"):
        services.passwords.change_own(root, "wrong", "Brand-New-Root-Secret-77")
    with pytest.raises(PolicyViolationError):
        services.passwords.change_own(root, ROOT_PASSWORD, "short")
    services.passwords.change_own(root, ROOT_PASSWORD, "Brand-New-Root-Secret-77")
    with pytest.raises(AuthenticationError):
        services.auth.sign_in("acme", ROOT_PASSWORD)
    assert isinstance(services.auth.sign_in("acme", "Brand-New-Root-Secret-77"), SignInResult)
    services.account.set_password_policy(root, {"history": 3})
    with pytest.raises(PolicyViolationError):
        services.passwords.change_own(root, "Brand-New-Root-Secret-77", ROOT_PASSWORD)
    with services.context.uow() as uow:
        account = uow.session.scalars(select(Account)).one()
        assert account.password_set_at is not None
        assert verify_password(account.password_hash, "Brand-New-Root-Secret-77")


def test_must_change_and_expired_passwords_get_no_token(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    """Finding 5."""
    services.users.create(root, "svc")
    services.passwords.reset(root, "svc", "set-now", new_password=PASSWORD, must_change=True)
    with pytest.raises(AuthenticationError, match="must be changed"):
        services.api_tokens.issue("svc", PASSWORD)
    services.passwords.reset(root, "svc", "set-now", new_password=PASSWORD + "x", must_change=False)
    services.account.set_password_policy(root, {"max_age_days": 30})
    clock.advance(days=31)
    with pytest.raises(AuthenticationError, match="must be changed"):
        services.api_tokens.issue("svc", PASSWORD + "x")
    services.users.create(root, "desk", role="helpdesk")
    services.passwords.reset(root, "desk", "set-now", new_password=PASSWORD, must_change=True)
    signed = services.sign_in.begin("desk", PASSWORD, purpose=SignInPurpose.CLI)
    assert isinstance(signed, SignedIn) and signed.password_change_required
    result = services.auth.sign_in("desk", PASSWORD, purpose=SignInPurpose.CLI)
    assert isinstance(result, SignInResult)
    assert services.auth.actor_for_session(result.token).password_change_required


def test_helpdesk_set_now_always_forces_a_change(services: Services, root: Actor) -> None:
    services.users.create(root, "desk", role="helpdesk")
    services.users.create(root, "bob")
    desk = Actor("desk", Role.HELPDESK, services.users.get(root, "desk").id)
    with pytest.raises(PermissionDeniedError, match="must always be changed"):
        services.passwords.reset(desk, "bob", "set-now", new_password=PASSWORD, must_change=False)
    assert services.passwords.reset(desk, "bob", "set-now", new_password=PASSWORD).must_change


def test_disabled_unknown_and_portal_only_names_read_the_same(
    services: Services, root: Actor
) -> None:
    """Finding 6: a disabled operator's right password is not revealed."""
    _user(services, root, "gone", role="administrator")
    services.users.set_enabled(root, "gone", False)
    _user(services, root, "plain")
    messages = set()
    for name, password in (("gone", PASSWORD), ("gone", "wrong"), ("nobody", PASSWORD),
                           ("plain", PASSWORD), ("acme", "wrong")):  # fmt: skip
        with pytest.raises(AuthenticationError) as caught:
            services.auth.sign_in(name, password)
        messages.add(str(caught.value))
    assert len(messages) == 1 and "disabled" not in messages.pop()
    with pytest.raises(AuthenticationError):  # the portal and the API never admit root
        services.sign_in.begin("acme", ROOT_PASSWORD, purpose=SignInPurpose.PORTAL)
    portal = services.sign_in.begin("plain", PASSWORD, purpose=SignInPurpose.PORTAL)
    assert isinstance(portal, SignedIn) and portal.principal.name == "plain"


def test_failures_are_audited_with_a_neutral_actor_and_the_name_as_typed(
    services: Services, root: Actor
) -> None:
    _user(services, root, role="administrator")
    with pytest.raises(AuthenticationError):
        services.sign_in.begin("alice", "wrong", purpose=SignInPurpose.PORTAL, client="192.0.2.7")
    with pytest.raises(AuthenticationError):
        services.auth.sign_in("no\x1b[31mbody\u202e", "wrong")
    failures = [e for e in services.audit.list(root) if e.outcome == "failure"]
    assert [(e.actor, e.target) for e in failures] == [
        ("anonymous", "no\\x1b[31mbody\\u202e"),
        ("192.0.2.7", "alice"),
    ]


def test_outdated_hashes_are_rehashed_on_the_api_path(
    services: Services, root: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    _user(services, root)
    with services.context.uow() as uow:
        before = uow.session.scalars(select(User.password_hash).where(User.name == "alice")).one()
    monkeypatch.setattr("app.services.sign_in_password.needs_rehash", lambda _hash: True)
    services.api_tokens.issue("alice", PASSWORD)
    with services.context.uow() as uow:
        after = uow.session.scalars(select(User.password_hash).where(User.name == "alice")).one()
    assert after != before and verify_password(after, PASSWORD)


def test_a_sign_in_and_what_its_front_end_makes_commit_together(
    services: Services, root: Actor
) -> None:
    """begin_then's ``then`` (the portal's session) runs in the sign-in's transaction: when
    it fails, no sign-in is recorded either; when it succeeds, both are there."""
    _user(services, root)

    def broken(_uow: object, _outcome: object) -> None:
        raise RuntimeError("the session could not be made")

    def last_login() -> object:
        with services.context.uow() as uow:
            return uow.session.scalars(select(User.last_login_at).where(User.name == "alice")).one()

    def sign_ins() -> int:
        return sum(e.action == "auth.sign_in" and e.target == "alice"
                   for e in services.audit.list(root))  # fmt: skip

    with pytest.raises(RuntimeError):
        services.sign_in.begin_then("alice", PASSWORD, purpose=SignInPurpose.PORTAL, then=broken)
    assert (last_login(), sign_ins()) == (None, 0)
    outcome, made = services.sign_in.begin_then(
        "alice", PASSWORD, purpose=SignInPurpose.PORTAL, then=lambda _uow, _o: "session"
    )
    assert isinstance(outcome, SignedIn) and made == "session"
    assert last_login() is not None and sign_ins() == 1
