"""Operator sessions (the console, `iamctl login`) made from the sign-in core's result."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from app.domain.login_policy import SignInPurpose
from app.domain.roles import Role
from app.domain.vocabulary import UserStatus
from app.errors import AuthenticationError
from app.security.tokens import hash_token, new_token
from app.services.context import ServiceContext
from app.services.passwords import password_change_due
from app.services.records import Actor, SecondFactorChallenge, SignedIn, SignInResult
from app.services.sign_in import SignInService
from app.store.models import OperatorSession, User

if TYPE_CHECKING:
    from app.devices.fido import KeyDevice, KeyInteraction


class AuthService:
    """Args: ctx: the shared service context; sign_in: the sign-in core."""

    def __init__(self, ctx: ServiceContext, sign_in: SignInService) -> None:
        self._ctx = ctx
        self._core = sign_in

    def sign_in(
        self, name: str, password: str, *, purpose: SignInPurpose = SignInPurpose.CONSOLE
    ) -> SignInResult | SecondFactorChallenge:
        """An operator's password (CONSOLE or CLI): the session, or the challenge its login
        protection asks for next (finish it with ``complete_sign_in``)."""
        outcome = self._core.begin(name, password, purpose=purpose)
        if isinstance(outcome, SecondFactorChallenge):
            return outcome
        return self.open_session(outcome)

    def complete_sign_in(self, challenge_id: str, code: str) -> SignInResult:
        return self.open_session(self._core.complete(challenge_id, code))

    def complete_sign_in_with_key(
        self,
        challenge_id: str,
        device: KeyDevice | None,
        interaction: KeyInteraction,
        cancel: threading.Event,
    ) -> SignInResult:
        """Finish an "mfa" sign-in with a security-key touch (blocks; run off the GUI
        thread)."""
        return self.open_session(
            self._core.complete_with_key(challenge_id, device, interaction, cancel)
        )

    def resend_code(self, challenge_id: str) -> SecondFactorChallenge:
        return self._core.resend(challenge_id)

    def open_session(self, signed: SignedIn) -> SignInResult:
        """The operator session for a finished console or CLI sign-in."""
        if signed.purpose not in (SignInPurpose.CONSOLE, SignInPurpose.CLI):
            raise AuthenticationError(code="session.expired")
        actor = signed.principal
        with self._ctx.uow() as uow:
            hours = self._ctx.account_settings(uow).login_policy.cli_session_hours
            uow.session.execute(
                delete(OperatorSession).where(OperatorSession.expires_at <= uow.now)
            )
            token = new_token()
            expires = uow.now + timedelta(hours=hours)
            uow.session.add(
                OperatorSession(
                    token_hash=hash_token(token),
                    operator=actor.name,
                    user_id=actor.user_id,
                    created_at=uow.now,
                    expires_at=expires,
                )
            )
            uow.commit()
        return SignInResult(actor, token, expires, signed.password_change_required)

    def actor_for_session(self, token: str) -> Actor:
        """The operator a session token belongs to, re-checked against the store (a
        disabled or demoted operator loses the session at once; a password that must change
        shows in ``Actor.password_change_required``). Writes nothing."""
        expired = AuthenticationError(code="session.expired")
        with self._ctx.uow() as uow:
            session = uow.session.scalars(
                select(OperatorSession).where(OperatorSession.token_hash == hash_token(token))
            ).first()
            if session is None or session.expires_at <= uow.now:
                raise expired
            if session.user_id is None:
                account = self._ctx.account(uow)
                due = password_change_due(uow, self._ctx, account)
                return Actor(account.name, Role.ROOT, None, due)
            user = uow.session.get(User, session.user_id)
            if user is None or user.status != UserStatus.ENABLED or user.role == Role.NONE.value:
                raise expired
            due = password_change_due(uow, self._ctx, user)
            return Actor(user.name, Role(user.role), user.id, due)

    def sign_out(self, token: str) -> None:
        with self._ctx.uow() as uow:
            session = uow.session.scalars(
                select(OperatorSession).where(OperatorSession.token_hash == hash_token(token))
            ).first()
            if session is None:
                return
            uow.session.delete(session)
            label = (
                f"root:{session.operator}"
                if session.user_id is None
                else f"user:{session.operator}"
            )
            uow.audit(label, "auth.sign_out", session.operator)
            uow.commit()
