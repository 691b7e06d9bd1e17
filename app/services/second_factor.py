"""The second step of a sign-in: TOTP (or a security key), or a 6-digit code sent by SMS or
email. Private to the sign-in core (app/services/sign_in.py): these helpers join the caller's
transaction, and the core counts a wrong answer towards the principal's lockout."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from app.domain.login_policy import SignInPurpose
from app.domain.vocabulary import LoginProtection, OutboxChannel, UserStatus, relies_on
from app.errors import AuthenticationError, PreconditionError
from app.security.tokens import hash_code, new_numeric_code, new_token, tokens_equal
from app.services.context import ServiceContext
from app.services.mfa import MfaService
from app.services.outbox import enqueue
from app.services.records import Actor, SecondFactorChallenge
from app.store.models import Account, SignInChallenge, User
from app.store.uow import UnitOfWork

CHALLENGE_LIFETIME = timedelta(minutes=10)
CODE_LIFETIME = timedelta(minutes=10)
# Wrong answers one challenge takes before it ends. Every wrong answer also counts towards
# the principal's lockout, and starting again does not reset that count.
MAX_ATTEMPTS = 5
SENT_METHODS = (LoginProtection.SMS, LoginProtection.EMAIL)

Principal = Account | User


def mask(destination: str) -> str:
    """a***@example.com, +86*******8000: enough to recognise, not to harvest."""
    if "@" in destination:
        local, domain = destination.split("@", 1)
        return f"{local[:1]}***@{domain}"
    return destination[:3] + "*" * max(0, len(destination) - 7) + destination[-4:]


def destination_of(principal: Principal, method: str) -> str | None:
    return principal.mobile if method == LoginProtection.SMS else principal.email


class SecondFactor:
    """Starts challenges and checks their answers, for users and the root operator."""

    def __init__(self, ctx: ServiceContext, mfa: MfaService) -> None:
        self._ctx = ctx
        self._mfa = mfa

    def start(
        self,
        uow: UnitOfWork,
        principal: Principal,
        actor: Actor,
        method: str,
        purpose: SignInPurpose,
        *,
        decoy: bool = False,
    ) -> SecondFactorChallenge:
        """A new challenge. A ``decoy`` (a wrong password during a lock) looks the same to
        the caller but sends nothing, and no answer passes it."""
        sent_to = None
        if method in SENT_METHODS:
            destination = destination_of(principal, method)
            if not destination:
                raise PreconditionError(
                    code="signin.no_destination",
                    field=relies_on(method),
                    method=method,
                    name=actor.name,
                )
            sent_to = mask(destination)
            self._pepper(uow)  # a decoy needs the vault exactly when a real code does
        challenge = SignInChallenge(
            id=str(uuid.uuid4()),
            principal=actor.name,
            user_id=actor.user_id,
            method=method,
            purpose=purpose.value,
            attempts=0,
            decoy=decoy,
            created_at=uow.now,
            expires_at=uow.now + CHALLENGE_LIFETIME,
        )
        uow.session.add(challenge)
        if method in SENT_METHODS and not decoy:
            self._send_code(uow, principal, actor, challenge)
        return SecondFactorChallenge(
            challenge.id, actor.name, method, sent_to, challenge.expires_at
        )

    def resend(self, uow: UnitOfWork, challenge_id: str) -> SecondFactorChallenge:
        challenge, principal, actor = self.open(uow, challenge_id)
        if challenge.method not in SENT_METHODS:
            raise PreconditionError(code="signin.resend_unsupported")
        destination = destination_of(principal, challenge.method) or ""
        if not challenge.decoy:
            self._send_code(uow, principal, actor, challenge)
        return SecondFactorChallenge(
            challenge.id, actor.name, challenge.method, mask(destination), challenge.expires_at
        )

    def open(self, uow: UnitOfWork, challenge_id: str) -> tuple[SignInChallenge, Principal, Actor]:
        """The live challenge (row-locked), its principal (row-locked) and actor."""
        from app.domain.roles import Role

        challenge = uow.session.scalars(
            select(SignInChallenge).where(SignInChallenge.id == challenge_id).with_for_update()
        ).first()
        if (
            challenge is None
            or challenge.completed_at is not None
            or challenge.expires_at <= uow.now
            or challenge.attempts >= MAX_ATTEMPTS
        ):
            raise AuthenticationError(code="signin.challenge_expired")
        principal: Principal | None
        if challenge.user_id is None:
            principal = self._ctx.account(uow, for_update=True)
            if principal.name != challenge.principal:
                raise AuthenticationError(code="signin.challenge_expired")
            return challenge, principal, Actor(principal.name, Role.ROOT)
        principal = uow.session.scalars(
            select(User).where(User.id == challenge.user_id).with_for_update()
        ).first()
        if principal is None or principal.status != UserStatus.ENABLED:
            raise AuthenticationError(code="signin.challenge_expired")
        return challenge, principal, Actor(principal.name, Role(principal.role), principal.id)

    def code_matches(
        self, uow: UnitOfWork, challenge: SignInChallenge, principal: Principal, code: str
    ) -> bool:
        """Whether ``code`` answers the challenge (a TOTP step is claimed when it does)."""
        code = (code or "").replace(" ", "")
        if challenge.decoy:
            return False
        if challenge.method == LoginProtection.MFA:
            return self._mfa.verify(uow, principal if isinstance(principal, User) else None, code)
        return (
            challenge.code_hash is not None
            and challenge.code_expires_at is not None
            and challenge.code_expires_at > uow.now
            and tokens_equal(
                challenge.code_hash,
                hash_code(code, challenge_id=challenge.id, pepper=self._pepper(uow)),
            )
        )

    @staticmethod
    def finish(uow: UnitOfWork, challenge: SignInChallenge) -> None:
        challenge.completed_at = uow.now
        challenge.code_hash = None

    def _send_code(
        self, uow: UnitOfWork, principal: Principal, actor: Actor, challenge: SignInChallenge
    ) -> None:
        destination = destination_of(principal, challenge.method) or ""
        code = new_numeric_code()
        challenge.code_hash = hash_code(code, challenge_id=challenge.id, pepper=self._pepper(uow))
        challenge.code_expires_at = uow.now + CODE_LIFETIME
        body = f"Your IAM Desk sign-in code is {code}. It expires in 10 minutes. Never share it."
        enqueue(
            self._ctx,
            uow,
            channel=OutboxChannel.SMS
            if challenge.method == LoginProtection.SMS
            else OutboxChannel.EMAIL,
            recipient=destination,
            subject="Your IAM Desk sign-in code",
            body=body,
            purpose="sign-in-code",
            user_name=actor.name,
            secret=True,
        )

    def _pepper(self, uow: UnitOfWork) -> bytes:
        account = self._ctx.account(uow)
        vault = self._ctx.vault(uow)
        if account.code_pepper is None:
            account.code_pepper = vault.encrypt(new_token().encode(), aad=b"code-pepper")
        return vault.decrypt(account.code_pepper, aad=b"code-pepper")
