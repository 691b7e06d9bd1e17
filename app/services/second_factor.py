"""The second step of a sign-in: TOTP, or a 6-digit code sent by SMS or email."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from app.errors import AuthenticationError, PreconditionError
from app.security.tokens import hash_code, new_numeric_code, new_token, tokens_equal
from app.services.context import ServiceContext
from app.services.mfa import MfaService
from app.services.outbox import enqueue
from app.services.records import SecondFactorChallenge
from app.store.models import SignInChallenge, User
from app.store.uow import UnitOfWork

CHALLENGE_LIFETIME = timedelta(minutes=10)
CODE_LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
_EXPIRED = "this sign-in has expired or was finished — start again with the password"


def mask(destination: str) -> str:
    """a***@example.com, +86*******8000: enough to recognise, not to harvest."""
    if "@" in destination:
        local, domain = destination.split("@", 1)
        return f"{local[:1]}***@{domain}"
    return destination[:3] + "*" * max(0, len(destination) - 7) + destination[-4:]


class SecondFactor:
    """Starts and checks second-factor challenges for every front end."""

    def __init__(self, ctx: ServiceContext, mfa: MfaService) -> None:
        self._ctx = ctx
        self._mfa = mfa

    def start(self, uow: UnitOfWork, user: User, purpose: str) -> SecondFactorChallenge:
        method = user.login_protection
        challenge = SignInChallenge(
            id=str(uuid.uuid4()),
            principal=user.name,
            user_id=user.id,
            method=method,
            purpose=purpose,
            attempts=0,
            created_at=uow.now,
            expires_at=uow.now + CHALLENGE_LIFETIME,
        )
        uow.session.add(challenge)
        sent_to = self._send_code(uow, user, challenge) if method in ("sms", "email") else None
        uow.audit(f"user:{user.name}", "auth.challenge", user.name, method=method)
        return SecondFactorChallenge(challenge.id, user.name, method, sent_to, challenge.expires_at)

    def resend(self, uow: UnitOfWork, challenge_id: str) -> SecondFactorChallenge:
        challenge, user = self.open(uow, challenge_id)
        if challenge.method not in ("sms", "email"):
            raise PreconditionError("only SMS and email codes can be sent again")
        sent_to = self._send_code(uow, user, challenge)
        return SecondFactorChallenge(
            challenge.id, user.name, challenge.method, sent_to, challenge.expires_at
        )

    def check(
        self, uow: UnitOfWork, challenge_id: str, code: str, purpose: str
    ) -> tuple[SignInChallenge, User]:
        """The challenge and its user when ``code`` is right; counts a wrong code."""
        challenge, user = self.open(uow, challenge_id)
        if challenge.purpose != purpose:
            raise AuthenticationError(_EXPIRED)
        code = (code or "").replace(" ", "")
        if challenge.method == "mfa":
            ok = self._mfa.verify(uow, user, code)
        else:
            ok = (
                challenge.code_hash is not None
                and challenge.code_expires_at is not None
                and challenge.code_expires_at > uow.now
                and tokens_equal(
                    challenge.code_hash,
                    hash_code(code, challenge_id=challenge.id, pepper=self._pepper(uow)),
                )
            )
        if not ok:
            challenge.attempts += 1
            uow.audit(
                f"user:{user.name}",
                "auth.second_factor",
                user.name,
                outcome="failure",
                method=challenge.method,
                attempt_count=challenge.attempts,
            )
            uow.commit()
            left = MAX_ATTEMPTS - challenge.attempts
            if left <= 0:
                raise AuthenticationError("too many wrong codes: start again with the password")
            raise AuthenticationError(f"the code is wrong or has expired; {left} attempt(s) left")
        challenge.completed_at = uow.now
        challenge.code_hash = None
        return challenge, user

    def open(self, uow: UnitOfWork, challenge_id: str) -> tuple[SignInChallenge, User]:
        challenge = uow.session.scalars(
            select(SignInChallenge).where(SignInChallenge.id == challenge_id).with_for_update()
        ).first()
        if (
            challenge is None
            or challenge.completed_at is not None
            or challenge.expires_at <= uow.now
            or challenge.attempts >= MAX_ATTEMPTS
            or challenge.user_id is None
        ):
            raise AuthenticationError(_EXPIRED)
        user = uow.session.get(User, challenge.user_id)
        if user is None or user.status != "enabled":
            raise AuthenticationError(_EXPIRED)
        return challenge, user

    def _send_code(self, uow: UnitOfWork, user: User, challenge: SignInChallenge) -> str:
        destination = user.mobile if challenge.method == "sms" else user.email
        if not destination:
            raise PreconditionError(
                f"login protection sends a code by {challenge.method}, "
                f"but user {user.name!r} has no "
                f"{'mobile' if challenge.method == 'sms' else 'email'}"
            )
        code = new_numeric_code()
        challenge.code_hash = hash_code(code, challenge_id=challenge.id, pepper=self._pepper(uow))
        challenge.code_expires_at = uow.now + CODE_LIFETIME
        body = f"Your IAM Desk sign-in code is {code}. It expires in 10 minutes. Never share it."
        enqueue(
            self._ctx,
            uow,
            channel="sms" if challenge.method == "sms" else "email",
            recipient=destination,
            subject="Your IAM Desk sign-in code",
            body=body,
            purpose="sign-in-code",
            user_name=user.name,
            secret=True,
        )
        return mask(destination)

    def _pepper(self, uow: UnitOfWork) -> bytes:
        account = self._ctx.account(uow)
        vault = self._ctx.vault(uow)
        if account.code_pepper is None:
            account.code_pepper = vault.encrypt(new_token().encode(), aad=b"code-pepper")
        return vault.decrypt(account.code_pepper, aad=b"code-pepper")
