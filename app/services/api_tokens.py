"""API tokens for IAM users, issued on the sign-in core's ``check_api_password`` (password,
plus TOTP under API login protection; never for a password that must change)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.domain.vocabulary import UserStatus
from app.errors import AuthenticationError
from app.security.tokens import hash_token, new_token
from app.services.context import ServiceContext
from app.services.records import Actor, ApiToken
from app.services.sign_in import SignInService
from app.store.models import ApiToken as ApiTokenRow
from app.store.models import User
from app.store.uow import UnitOfWork

TOKEN_LIFETIME = timedelta(hours=24)


class ApiTokenService:
    """Args: ctx: the shared service context; sign_in: the sign-in core."""

    def __init__(self, ctx: ServiceContext, sign_in: SignInService) -> None:
        self._ctx = ctx
        self._sign_in = sign_in

    def issue(
        self, name: str, password: str, code: str | None = None, *, client: str | None = None
    ) -> ApiToken:
        def make(uow: UnitOfWork, principal: Actor) -> ApiToken:
            assert principal.user_id is not None  # the API admits IAM users only
            token = new_token()
            expires = uow.now + TOKEN_LIFETIME
            uow.session.add(
                ApiTokenRow(
                    user_id=principal.user_id,
                    token_hash=hash_token(token),
                    created_at=uow.now,
                    expires_at=expires,
                )
            )
            # The caller's address, as its failures and the other API events carry it.
            where = {"address": client} if client is not None else {}
            uow.audit(principal.label, "token.issue", principal.name, **where)
            return ApiToken(principal.name, token, expires, principal.user_id, uow.now)

        return self._sign_in.check_api_password(name, password, code, client=client, then=make)

    def user_for_token(self, uow: UnitOfWork, token: str) -> User:
        """The enabled user a live token belongs to."""
        row = live_token(uow, token)
        if row is None:
            raise AuthenticationError(code="token.invalid")
        user = uow.session.get(User, row.user_id)
        if user is None or user.status != UserStatus.ENABLED:
            raise AuthenticationError(code="token.user_gone")
        return user


def live_token(uow: UnitOfWork, token: str) -> ApiTokenRow | None:
    """The row of ``token`` (found by its hash) while it is neither revoked nor expired."""
    row = uow.session.scalars(
        select(ApiTokenRow).where(ApiTokenRow.token_hash == hash_token(token))
    ).first()
    if row is None or row.revoked_at is not None or row.expires_at <= uow.now:
        return None
    return row
