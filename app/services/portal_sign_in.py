"""IAM users' sign-in for the portal: password under the lockout policy, then the second
factor their login protection asks for (code, TOTP or a security key in the browser).

A stand-in until the shared sign-in core lands (portal/sign_in_flow.py is the one place that
calls it); it reuses the operator sign-in's rules rather than restating them.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.domain.login_policy import CLEARED, FailureState, after_failure, is_locked
from app.domain.vocabulary import LoginProtection, UserStatus
from app.errors import AccountLockedError, AuthenticationError
from app.security.passwords import hash_password, needs_rehash, verify_password
from app.services import auth
from app.services.common import touch
from app.services.context import ServiceContext
from app.services.passwords import password_change_due
from app.services.records import SecondFactorChallenge
from app.services.second_factor import SecondFactor, mask
from app.services.security_keys import SecurityKeyService, _keys
from app.store.models import User
from app.store.uow import UnitOfWork

log = logging.getLogger(__name__)

PURPOSE = "portal"


@dataclass(frozen=True)
class SignedIn:
    """The password (and second factor) were right."""

    user_id: int
    user_name: str
    password_change_required: bool


class PortalSignIn:
    """Args: ctx: the shared service context; second_factor, keys: the factor checkers."""

    def __init__(
        self, ctx: ServiceContext, second_factor: SecondFactor, keys: SecurityKeyService
    ) -> None:
        self._ctx = ctx
        self._second_factor = second_factor
        self._keys = keys

    def password(self, name: str, password: str) -> SignedIn | SecondFactorChallenge:
        """Check a user's password; the session, or the challenge for the second factor."""
        with self._ctx.uow() as uow:
            policy = self._ctx.account_settings(uow).login_policy
            user = uow.session.scalars(
                select(User).where(User.name_key == name.strip().lower()).with_for_update()
            ).first()
            if user is None or user.password_hash is None:
                verify_password(auth._dummy_hash(), password)  # noqa: SLF001 (same timing)
                raise AuthenticationError(auth._BAD_CREDENTIALS)  # noqa: SLF001
            label = f"user:{user.name}"
            state = FailureState(user.failed_attempts, user.first_failed_at, user.locked_until)
            if is_locked(state, uow.now):
                raise AccountLockedError(auth._locked_message(user.locked_until, uow))  # noqa: SLF001
            if not verify_password(user.password_hash, password):
                state = after_failure(policy, state, uow.now)
                auth._store_failures(user, state)  # noqa: SLF001
                locked = is_locked(state, uow.now)
                uow.audit(label, "auth.sign_in", user.name, outcome="failure", locked=locked,
                          front_end=PURPOSE)  # fmt: skip
                uow.commit()
                if locked:
                    raise AccountLockedError(auth._locked_message(state.locked_until, uow))  # noqa: SLF001
                raise AuthenticationError(auth._BAD_CREDENTIALS)  # noqa: SLF001
            if user.status != UserStatus.ENABLED:
                raise AuthenticationError("this user is disabled; ask your administrator")
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            if user.login_protection != LoginProtection.OFF:
                challenge = self._second_factor.start(uow, user, PURPOSE)
                uow.commit()
                return challenge
            result = self._finish(uow, user)
            uow.commit()
            return result

    def code(self, challenge_id: str, code: str) -> SignedIn:
        """Finish with the SMS/email code or the virtual MFA code."""
        with self._ctx.uow() as uow:
            _, user = self._second_factor.check(uow, challenge_id, code, PURPOSE)
            result = self._finish(uow, user)
            uow.commit()
            return result

    def resend(self, challenge_id: str) -> SecondFactorChallenge:
        with self._ctx.uow() as uow:
            challenge = self._second_factor.resend(uow, challenge_id)
            uow.commit()
            return challenge

    def describe(self, challenge_id: str) -> tuple[str, str, bool]:
        """A waiting challenge's method, masked destination (codes) and whether the user
        has security keys (they answer "mfa" too)."""
        with self._ctx.uow() as uow:
            challenge, user = self._second_factor.open(uow, challenge_id)
            destination = {"sms": user.mobile, "email": user.email}.get(challenge.method)
            has_keys = challenge.method == LoginProtection.MFA and bool(_keys(uow, user))
            return challenge.method, mask(destination) if destination else "", has_keys

    def key_options(self, challenge_id: str) -> dict[str, Any]:
        """WebAuthn request options (JSON form) for the browser; the state waits in the
        store with the challenge, so any worker can finish it."""
        from fido2.webauthn import UserVerificationRequirement

        with self._ctx.uow() as uow:
            challenge, user = self._second_factor.open(uow, challenge_id)
            credentials = _credentials(uow, user)
            if not credentials:
                raise AuthenticationError("you have no security key: use a verification code")
            server = self._keys._server(uow)  # noqa: SLF001
            options, state = server.authenticate_begin(
                credentials, user_verification=UserVerificationRequirement.DISCOURAGED
            )
            challenge.fido_state = json.dumps(state)
            uow.commit()
            return dict(options.public_key)

    def key(self, challenge_id: str, credential: dict[str, Any]) -> SignedIn:
        """Finish with the browser's assertion (PublicKeyCredential.toJSON())."""
        from fido2.webauthn import AuthenticationResponse

        from app.services.security_keys import KeyAssertion

        try:
            response = AuthenticationResponse.from_dict(credential)
        except (KeyError, TypeError, ValueError):
            raise AuthenticationError("the security key's answer could not be read") from None
        with self._ctx.uow() as uow:
            challenge, user = self._second_factor.open(uow, challenge_id)
            if not challenge.fido_state:
                raise AuthenticationError("ask the security key again")
            state = json.loads(challenge.fido_state)
            request = KeyAssertion(
                self._keys._server(uow),  # noqa: SLF001
                None,
                state,
                _credentials(uow, user),
                self._ctx.account_settings(uow).relying_party.origin,
            )
            self._keys.finish_assertion(uow, user, request, response)
            challenge.completed_at, challenge.fido_state = uow.now, None
            result = self._finish(uow, user)
            uow.commit()
            return result

    def _finish(self, uow: UnitOfWork, user: User) -> SignedIn:
        auth._store_failures(user, CLEARED)  # noqa: SLF001
        user.last_login_at = uow.now
        touch(user, uow)
        uow.audit(f"user:{user.name}", "auth.sign_in", user.name, front_end=PURPOSE)
        return SignedIn(user.id, user.name, password_change_due(uow, self._ctx, user))


def _credentials(uow: UnitOfWork, user: User) -> list[Any]:
    from fido2.webauthn import AttestedCredentialData

    return [AttestedCredentialData(k.credential_data) for k in _keys(uow, user)]
