"""Keystone v3 / Huawei IAM tokens on top of the service layer's API tokens.

Resolves who a Keystone auth body names (user by name and domain, or by id; the domain is
the account), issues through the sign-in rules of ``ApiTokenService``, and validates and
revokes tokens by their hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.errors import AuthenticationError
from app.security.tokens import hash_token
from app.services.api_tokens import ApiTokenService
from app.services.context import ServiceContext
from app.store.models import Account, User
from app.store.models import ApiToken as ApiTokenRow
from app.store.uow import UnitOfWork


def user_id_text(user_id: int) -> str:
    """A user's id as the API shows it (32 hex digits, Keystone's shape)."""
    return f"{user_id:032x}"


def parse_user_id(text: str) -> int | None:
    try:
        return int(text, 16) if len(text) == 32 else None
    except ValueError:
        return None


def domain_id(account: Account) -> str:
    """The account as a Keystone domain id (its store id without dashes)."""
    return account.store_id.replace("-", "")


@dataclass(frozen=True)
class KeystoneIdentity:
    """What a Keystone ``auth.identity`` names: the password user and the TOTP user."""

    password: str
    user_name: str | None = None
    user_id: str | None = None
    domain_name: str | None = None
    domain_id: str | None = None
    passcode: str | None = None
    totp_user_name: str | None = None
    totp_user_id: str | None = None
    totp_domain_name: str | None = None
    totp_domain_id: str | None = None


@dataclass(frozen=True)
class TokenInfo:
    """A token's public facts (the body of Keystone's token answers)."""

    user_id: str
    user_name: str
    domain_id: str
    domain_name: str
    methods: tuple[str, ...]
    issued_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once, in X-Subject-Token
    info: TokenInfo


class KeystoneTokenService:
    """Args: ctx: the shared service context; tokens: issues tokens under the sign-in rules."""

    def __init__(self, ctx: ServiceContext, tokens: ApiTokenService) -> None:
        self._ctx = ctx
        self._tokens = tokens

    def issue(self, identity: KeystoneIdentity) -> IssuedToken:
        with_totp = identity.passcode is not None
        with self._ctx.uow() as uow:
            account = self._ctx.account(uow)
            user = _named_user(
                uow, account, identity.user_name, identity.user_id, identity.domain_name,
                identity.domain_id,
            )  # fmt: skip
            if with_totp:
                totp_user = _named_user(
                    uow, account, identity.totp_user_name, identity.totp_user_id,
                    identity.totp_domain_name, identity.totp_domain_id,
                )  # fmt: skip
                if totp_user is None or user is None or totp_user.id != user.id:
                    raise AuthenticationError(code="apitoken.totp_other_user")
            if user is None:
                raise AuthenticationError(code="apitoken.bad_credentials")
            name = user.name
        try:
            issued = self._tokens.issue(name, identity.password, identity.passcode)
        except AuthenticationError as exc:
            if not with_totp and str(exc).startswith("API login protection"):
                raise AuthenticationError(code="apitoken.needs_totp") from exc
            raise
        info = self.validate(issued.token)
        methods = ("password", "totp") if with_totp else ("password",)
        return IssuedToken(issued.token, _with_methods(info, methods))

    def validate(self, token: str) -> TokenInfo:
        """The facts of a live token; raises AuthenticationError for an unknown or dead one."""
        with self._ctx.uow() as uow:
            row = _live_row(uow, token)
            user = self._tokens.user_for_token(uow, token)
            account = self._ctx.account(uow)
            methods = ("password", "totp") if user.api_login_protection else ("password",)
            return TokenInfo(
                user_id_text(user.id),
                user.name,
                domain_id(account),
                account.name,
                methods,
                row.created_at,
                row.expires_at,
            )

    def revoke(self, auth_token: str, subject_token: str, *, address: str) -> None:
        """Revoke ``subject_token``; the caller's ``auth_token`` must be of the same user."""
        with self._ctx.uow() as uow:
            caller = self._tokens.user_for_token(uow, auth_token)
            row = _live_row(uow, subject_token)
            if row.user_id != caller.id:
                raise AuthenticationError(code="apitoken.revoke_other")
            row.revoked_at = uow.now
            uow.audit(f"user:{caller.name}", "token.revoke", caller.name, address=address)
            uow.commit()


def _live_row(uow: UnitOfWork, token: str) -> ApiTokenRow:
    row = uow.session.scalars(
        select(ApiTokenRow).where(ApiTokenRow.token_hash == hash_token(token))
    ).first()
    if row is None or row.revoked_at is not None or row.expires_at <= uow.now:
        raise AuthenticationError(code="apitoken.unknown")
    return row


def _named_user(
    uow: UnitOfWork,
    account: Account,
    name: str | None,
    user_id: str | None,
    domain_name: str | None,
    domain: str | None,
) -> User | None:
    """The user a Keystone user object names; a name needs the account as its domain."""
    if user_id:
        number = parse_user_id(user_id)
        return uow.session.get(User, number) if number is not None else None
    if not name:
        return None
    if domain_name is not None and domain_name.lower() != account.name.lower():
        return None
    if domain is not None and domain != domain_id(account):
        return None
    return uow.session.scalars(select(User).where(User.name_key == name.strip().lower())).first()


def _with_methods(info: TokenInfo, methods: tuple[str, ...]) -> TokenInfo:
    return TokenInfo(
        info.user_id,
        info.user_name,
        info.domain_id,
        info.domain_name,
        methods,
        info.issued_at,
        info.expires_at,
    )
