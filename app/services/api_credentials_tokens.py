"""Keystone v3 / Huawei IAM tokens on top of the service layer's API tokens.

Resolves who a Keystone auth body names (user by name and domain, or by id; the domain is
the account), issues through ``ApiTokenService`` (the sign-in core's rules), and validates
and revokes tokens by their hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from app.domain.vocabulary import AuthMethod, UserStatus
from app.errors import AuthenticationError
from app.security.tokens import hash_token
from app.services.api_tokens import ApiTokenService, live_token
from app.services.context import ServiceContext
from app.services.loop_groups import LoopGroups
from app.store.models import Account, User, table_of
from app.store.models import ApiToken as ApiTokenRow
from app.store.uow import UnitOfWork

# Built once, in Core: the hot path of token validation (building a select costs more than
# running it). Two fixed parameters, not an expanding list (which is rendered again on every
# call): the subject token's hash and the caller's (the same hash twice when they are one).
_TOKEN_ROWS, _USER_ROWS = table_of(ApiTokenRow), table_of(User)
_TOKENS, _USERS = _TOKEN_ROWS.c, _USER_ROWS.c
_TOKENS_WITH_USERS = (
    select(
        _TOKENS.token_hash,
        _TOKENS.created_at,
        _TOKENS.expires_at,
        _TOKENS.revoked_at,
        _USERS.id,
        _USERS.name,
        _USERS.status,
        _USERS.api_login_protection,
    )
    .join_from(_TOKEN_ROWS, _USER_ROWS, _USERS.id == _TOKENS.user_id)
    .where(_TOKENS.token_hash.in_([bindparam("subject"), bindparam("caller")]))
)


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


@dataclass
class _Validation:
    """One queued validation and how it ended."""

    token: str
    auth_token: str | None
    info: TokenInfo | None = None
    error: Exception | None = None


# The most validations read in one read-only transaction.
READ_GROUP = 64


class KeystoneTokenService:
    """Args: ctx: the shared service context; tokens: issues tokens under the sign-in rules."""

    def __init__(self, ctx: ServiceContext, tokens: ApiTokenService) -> None:
        self._ctx = ctx
        self._tokens = tokens
        self._domain_facts: tuple[str, str] | None = None
        self._validations: LoopGroups[_Validation] = LoopGroups(self._validate_group, READ_GROUP)

    def issue(self, identity: KeystoneIdentity, *, address: str | None = None) -> IssuedToken:
        """A token for the user ``identity`` names, through the sign-in core (lockout,
        API login protection, must-change); ``address`` is the caller's, for the audit."""
        with_totp = identity.passcode is not None
        with self._ctx.uow(readonly=True) as uow:  # who is named: reads only
            account = self._ctx.account(uow)
            domain, domain_name = self._domain(uow)
            domains = [(identity.domain_name, identity.domain_id)]
            if with_totp:
                domains.append((identity.totp_domain_name, identity.totp_domain_id))
            if not all(_in_domain(account, n, i) for n, i in domains):
                raise AuthenticationError(code="signin.bad_credentials")
            user = _named_user(uow, identity.user_name, identity.user_id)
            if with_totp:
                totp_user = _named_user(uow, identity.totp_user_name, identity.totp_user_id)
                if totp_user is None or user is None or totp_user.id != user.id:
                    raise AuthenticationError(code="apitoken.totp_other_user")
            # An unknown name still goes to the sign-in core (the same argon2 work and audit);
            # an unknown id goes as the account's name, which never gets an API token.
            name = user.name if user else (identity.user_name or account.name)
        try:
            issued = self._tokens.issue(name, identity.password, identity.passcode, client=address)
        except AuthenticationError as exc:
            if not with_totp and exc.code == "signin.token_needs_totp":
                raise AuthenticationError(code="apitoken.needs_totp") from exc
            raise
        info = TokenInfo(
            user_id_text(issued.user_id), issued.user_name, domain, domain_name,
            _methods(with_totp), issued.issued_at, issued.expires_at,
        )  # fmt: skip
        return IssuedToken(issued.token, info)

    async def validate(self, token: str, *, auth_token: str | None = None) -> TokenInfo:
        """The facts of a live ``token`` (and ``auth_token`` must be live too, when given);
        raises AuthenticationError for an unknown, revoked or expired one. Concurrent
        validations are read together, in one read-only transaction on a worker thread."""
        validation = _Validation(token, auth_token)
        await self._validations.submit(validation)
        if validation.error is not None:
            raise validation.error
        return validation.info  # type: ignore[return-value]

    def _validate_group(self, group: list[_Validation]) -> None:
        try:
            with self._ctx.uow(readonly=True) as uow:  # reads only: no write lock, no turn
                for validation in group:
                    try:
                        validation.info = self._validate_in(
                            uow, validation.token, validation.auth_token
                        )
                    except Exception as exc:  # handed to its own caller
                        validation.error = exc
        except Exception as exc:  # the store could not be read: no answer stands
            for validation in group:
                validation.info, validation.error = None, exc

    def _validate_in(self, uow: UnitOfWork, token: str, auth_token: str | None) -> TokenInfo:
        subject = hash_token(token)
        caller = hash_token(auth_token) if auth_token else subject
        wanted = {subject, caller}
        found = uow.sql.execute(_TOKENS_WITH_USERS, {"subject": subject, "caller": caller})
        rows = {row.token_hash: row for row in found}
        live = all(
            (row := rows.get(digest)) is not None
            and row.revoked_at is None
            and row.expires_at > uow.now
            and row.status == UserStatus.ENABLED
            for digest in wanted
        )
        if not live:
            raise AuthenticationError(code="apitoken.unknown")
        row = rows[subject]
        domain, domain_name = self._domain(uow)
        return TokenInfo(
            user_id_text(row.id), row.name, domain, domain_name,
            _methods(row.api_login_protection), row.created_at, row.expires_at,
        )  # fmt: skip

    def _domain(self, uow: UnitOfWork) -> tuple[str, str]:
        """The account as a domain (id, name); neither ever changes, so read once."""
        if self._domain_facts is None:
            account = self._ctx.account(uow)
            self._domain_facts = (domain_id(account), account.name)
        return self._domain_facts

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
    row = live_token(uow, token)
    if row is None:
        raise AuthenticationError(code="apitoken.unknown")
    return row


def _in_domain(account: Account, name: str | None, domain: str | None) -> bool:
    """Whether a Keystone domain (by name or id, or none given) is this account."""
    if name is not None and name.lower() != account.name.lower():
        return False
    return domain is None or domain == domain_id(account)


def _named_user(uow: UnitOfWork, name: str | None, user_id: str | None) -> User | None:
    """The user a Keystone user object names, by id or by name."""
    if user_id:
        number = parse_user_id(user_id)
        return uow.session.get(User, number) if number is not None else None
    if not name:
        return None
    return uow.session.scalars(select(User).where(User.name_key == name.strip().lower())).first()


def _methods(with_totp: bool) -> tuple[str, ...]:
    """The methods a token was issued for (TOTP under API login protection)."""
    if with_totp:
        return (AuthMethod.PASSWORD.value, AuthMethod.TOTP.value)
    return (AuthMethod.PASSWORD.value,)
