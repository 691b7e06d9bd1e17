"""Operator sign-in with the lockout policy, and the sessions front ends hold."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from app.domain.login_policy import CLEARED, FailureState, after_failure, is_locked
from app.domain.roles import Role
from app.errors import AccountLockedError, AuthenticationError
from app.security.passwords import hash_password, needs_rehash, verify_password
from app.security.tokens import hash_token, new_token
from app.services.common import touch
from app.services.context import ServiceContext
from app.services.passwords import password_change_due
from app.services.records import Actor, SecondFactorChallenge, SignInResult
from app.services.second_factor import SecondFactor
from app.services.security_keys import SecurityKeyService
from app.store.models import Account, OperatorSession, User
from app.store.uow import UnitOfWork

if TYPE_CHECKING:
    from app.devices.fido import KeyDevice, KeyInteraction

log = logging.getLogger(__name__)

_BAD_CREDENTIALS = "the name or password is wrong (names are case-insensitive; check Caps Lock)"
# Verified against when the name is unknown, so a wrong name costs the same time as a
# wrong password and does not reveal which names exist.
_DUMMY_HASH = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(new_token())
    return _DUMMY_HASH


class AuthService:
    """Args: ctx: the shared service context."""

    def __init__(
        self, ctx: ServiceContext, second_factor: SecondFactor, keys: SecurityKeyService
    ) -> None:
        self._ctx = ctx
        self._second_factor = second_factor
        self._keys = keys

    def sign_in(self, name: str, password: str) -> SignInResult | SecondFactorChallenge:
        """Check an operator's password under the lockout policy.

        ``name`` is the account's name (the root operator) or an operator user's name.
        Returns the session, or the challenge the operator's login protection asks for next
        (finish it with ``complete_sign_in``).
        """
        with self._ctx.uow() as uow:
            account = self._ctx.account(uow, for_update=True)
            policy = self._ctx.account_settings(uow).login_policy
            principal: Account | User | None
            if name.strip().lower() == account.name.lower():
                principal, actor = account, Actor(account.name, Role.ROOT)
            else:
                principal = uow.session.scalars(
                    select(User).where(User.name_key == name.strip().lower()).with_for_update()
                ).first()
                actor = None
                if principal is not None and principal.role != Role.NONE.value:
                    actor = Actor(principal.name, Role(principal.role), principal.id)
            if principal is None or actor is None or principal.password_hash is None:
                verify_password(_dummy_hash(), password)
                log.info("sign-in refused for an unknown or non-operator name")
                raise AuthenticationError(_BAD_CREDENTIALS)
            state = FailureState(
                principal.failed_attempts, principal.first_failed_at, principal.locked_until
            )
            if is_locked(state, uow.now):
                raise AccountLockedError(_locked_message(principal.locked_until, uow))
            if not verify_password(principal.password_hash, password):
                state = after_failure(policy, state, uow.now)
                _store_failures(principal, state)
                locked = is_locked(state, uow.now)
                uow.audit(actor.label, "auth.sign_in", actor.name, outcome="failure", locked=locked)
                uow.commit()
                if locked:
                    raise AccountLockedError(_locked_message(state.locked_until, uow))
                raise AuthenticationError(_BAD_CREDENTIALS)
            if isinstance(principal, User) and principal.status != "enabled":
                raise AuthenticationError(
                    f"user {principal.name!r} is disabled; ask an administrator to enable it"
                )
            if needs_rehash(principal.password_hash):
                principal.password_hash = hash_password(password)
            if isinstance(principal, User) and principal.login_protection != "off":
                challenge = self._second_factor.start(uow, principal, "console")
                uow.commit()
                return challenge
            result = self._finish(uow, principal, actor, policy.cli_session_hours)
            uow.commit()
            return result

    def complete_sign_in(self, challenge_id: str, code: str) -> SignInResult:
        """Finish a sign-in with the code of its second factor."""
        with self._ctx.uow() as uow:
            challenge, user = self._second_factor.check(uow, challenge_id, code, "console")
            actor = Actor(user.name, Role(user.role), user.id)
            policy = self._ctx.account_settings(uow).login_policy
            result = self._finish(uow, user, actor, policy.cli_session_hours)
            uow.commit()
            return result

    def complete_sign_in_with_key(
        self,
        challenge_id: str,
        device: KeyDevice | None,
        interaction: KeyInteraction,
        cancel: threading.Event,
    ) -> SignInResult:
        """Finish an "mfa" sign-in with a security-key touch (blocks; run off the GUI
        thread). No transaction is held while the key waits."""
        with self._ctx.uow() as uow:
            _, user = self._second_factor.open(uow, challenge_id)
            request = self._keys.begin_assertion(uow, user, device)
        response = self._keys.sign(request, device, interaction, cancel)
        with self._ctx.uow() as uow:
            challenge, user = self._second_factor.open(uow, challenge_id)
            self._keys.finish_assertion(uow, user, request, response)
            challenge.completed_at = uow.now
            actor = Actor(user.name, Role(user.role), user.id)
            policy = self._ctx.account_settings(uow).login_policy
            result = self._finish(uow, user, actor, policy.cli_session_hours)
            uow.commit()
            return result

    def resend_code(self, challenge_id: str) -> SecondFactorChallenge:
        """A new SMS/email code for the same challenge (its failure count carries on)."""
        with self._ctx.uow() as uow:
            challenge = self._second_factor.resend(uow, challenge_id)
            uow.commit()
            return challenge

    def _finish(
        self, uow: UnitOfWork, principal: Account | User, actor: Actor, hours: int
    ) -> SignInResult:
        _store_failures(principal, CLEARED)
        principal.last_login_at = uow.now
        if isinstance(principal, User):
            touch(principal, uow)
        result = self._open_session(uow, actor, hours)
        uow.audit(actor.label, "auth.sign_in", actor.name)
        if isinstance(principal, User) and password_change_due(uow, self._ctx, principal):
            result = replace(result, password_change_required=True)
        return result

    def _open_session(self, uow: UnitOfWork, actor: Actor, hours: int) -> SignInResult:
        uow.session.execute(delete(OperatorSession).where(OperatorSession.expires_at <= uow.now))
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
        return SignInResult(actor, token, expires)

    def actor_for_session(self, token: str) -> Actor:
        """The operator a session token belongs to, re-checked against the store (a
        disabled or demoted operator loses the session at once). Writes nothing."""
        expired = AuthenticationError(
            "you are not signed in or your session has expired — "
            "sign in with `iamctl login NAME --password-stdin`"
        )
        with self._ctx.uow() as uow:
            session = uow.session.scalars(
                select(OperatorSession).where(OperatorSession.token_hash == hash_token(token))
            ).first()
            if session is None or session.expires_at <= uow.now:
                raise expired
            if session.user_id is None:
                return Actor(self._ctx.account(uow).name, Role.ROOT)
            user = uow.session.get(User, session.user_id)
            if user is None or user.status != "enabled" or user.role == Role.NONE.value:
                raise expired
            return Actor(user.name, Role(user.role), user.id)

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


def _store_failures(principal: Account | User, state: FailureState) -> None:
    principal.failed_attempts = state.failed_attempts
    principal.first_failed_at = state.first_failed_at
    principal.locked_until = state.locked_until


def _locked_message(until: object, uow: UnitOfWork) -> str:
    from datetime import datetime

    assert isinstance(until, datetime)
    minutes = max(1, round((until - uow.now).total_seconds() / 60))
    return (
        f"too many failed sign-ins: locked for {minutes} more minute(s); an operator can "
        "unlock it sooner"
    )
