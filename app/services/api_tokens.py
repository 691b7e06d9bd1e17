"""API tokens for IAM users: password (with lockout), plus TOTP under API login protection."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.domain.login_policy import CLEARED, FailureState, after_failure, is_locked
from app.errors import AccountLockedError, AuthenticationError
from app.security.passwords import verify_password
from app.security.tokens import hash_token, new_token
from app.services.context import ServiceContext
from app.services.mfa import MfaService
from app.services.records import ApiToken
from app.store.models import ApiToken as ApiTokenRow
from app.store.models import User
from app.store.uow import UnitOfWork

TOKEN_LIFETIME = timedelta(hours=24)
_BAD = "the user name or password is wrong"


class ApiTokenService:
    """Args: ctx: the shared service context; mfa: verifies TOTP codes."""

    def __init__(self, ctx: ServiceContext, mfa: MfaService) -> None:
        self._ctx = ctx
        self._mfa = mfa

    def issue(self, name: str, password: str, code: str | None = None) -> ApiToken:
        with self._ctx.uow() as uow:
            user = uow.session.scalars(
                select(User).where(User.name_key == name.strip().lower()).with_for_update()
            ).first()
            if user is None or user.password_hash is None or user.status != "enabled":
                raise AuthenticationError(_BAD)
            policy = self._ctx.account_settings(uow).login_policy
            state = FailureState(user.failed_attempts, user.first_failed_at, user.locked_until)
            if is_locked(state, uow.now):
                raise AccountLockedError(
                    "too many failed sign-ins: this user is locked for now; "
                    "an operator can unlock it"
                )
            if not verify_password(user.password_hash, password):
                self._fail(uow, user, after_failure(policy, state, uow.now), "password")
            if user.api_login_protection:
                if not code:
                    raise AuthenticationError(
                        "API login protection is on for this user: give "
                        "the code from the virtual MFA device (--code)"
                    )
                if not self._mfa.verify(uow, user, code.replace(" ", "")):
                    self._fail(uow, user, after_failure(policy, state, uow.now), "totp")
            user.failed_attempts, user.first_failed_at, user.locked_until = (
                CLEARED.failed_attempts,
                None,
                None,
            )
            token = new_token()
            expires = uow.now + TOKEN_LIFETIME
            uow.session.add(
                ApiTokenRow(
                    user_id=user.id,
                    token_hash=hash_token(token),
                    created_at=uow.now,
                    expires_at=expires,
                )
            )
            uow.audit(
                f"user:{user.name}", "token.issue", user.name, with_mfa=user.api_login_protection
            )
            uow.commit()
            return ApiToken(user.name, token, expires)

    def user_for_token(self, uow: UnitOfWork, token: str) -> User:
        """The enabled user a live token belongs to."""
        row = uow.session.scalars(
            select(ApiTokenRow).where(ApiTokenRow.token_hash == hash_token(token))
        ).first()
        if row is None or row.revoked_at is not None or row.expires_at <= uow.now:
            raise AuthenticationError(
                "the API token is unknown or has expired: get a new one with `iamctl token USER`"
            )
        user = uow.session.get(User, row.user_id)
        if user is None or user.status != "enabled":
            raise AuthenticationError("the API token's user is disabled or gone")
        return user

    def _fail(self, uow: UnitOfWork, user: User, state: FailureState, step: str) -> None:
        user.failed_attempts = state.failed_attempts
        user.first_failed_at = state.first_failed_at
        user.locked_until = state.locked_until
        uow.audit(
            f"user:{user.name}", "token.issue", user.name, outcome="failure", failed_step=step
        )
        uow.commit()
        if is_locked(state, uow.now):
            raise AccountLockedError("too many failed sign-ins: this user is locked for now")
        raise AuthenticationError(
            _BAD if step == "password" else "the MFA code is wrong, expired or already used"
        )
