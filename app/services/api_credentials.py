"""Signed calls with access keys: who signed, whether the key may sign, audit and throttling.

The signature arithmetic is in ``app.security.signatures``; this module finds the key (a
permanent access key, or temporary credentials with their security token), checks its state
and the clock, and records the call. A refusal is audited and counted; a secret never leaves
the vault's decrypt call.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import bindparam, select, update

from app.domain.vocabulary import AccessKeyStatus, UserStatus
from app.errors import AuthenticationError
from app.security.signatures import sdk_hmac, sigv4, sigv4_presigned
from app.security.signatures.common import (
    SignatureFormatError,
    SignedRequest,
    SigningTime,
    signing_time,
)
from app.security.tokens import hash_token, tokens_equal
from app.services import api_credentials_throttle as throttle
from app.services.access_keys import secret_aad
from app.services.api_credentials_batch import AuditEntry, GroupCommit
from app.services.context import ServiceContext
from app.services.temporary_credentials import temporary_secret_aad
from app.store.models import AccessKey, PermissionSet, TemporaryCredential, User, table_of
from app.store.uow import UnitOfWork

T = TypeVar("T")
# Built once, in Core: the hot path's lookups (building a select costs more than running
# it, and the ORM's handling of one costs more than the SQL).
_KEYS, _USERS = table_of(AccessKey), table_of(User)
_PERMANENT_KEY = (
    select(
        _KEYS.c.id,
        _KEYS.c.secret_encrypted,
        _KEYS.c.status,
        _KEYS.c.last_used_at,
        _USERS.c.id,
        _USERS.c.name,
        _USERS.c.status,
    )
    .join_from(_KEYS, _USERS, _USERS.c.id == _KEYS.c.user_id)
    .where(_KEYS.c.access_key_id == bindparam("key_id"))
)
_TEMPORARY_KEY = (
    select(TemporaryCredential, User.name, User.status, PermissionSet.name)
    .join(User, User.id == TemporaryCredential.user_id)
    .join(PermissionSet, PermissionSet.id == TemporaryCredential.permission_set_id)
    .where(TemporaryCredential.access_key_id == bindparam("key_id"))
)
_MAX_BLOCKED = 4096
_TOO_MANY_REFUSED = "apicall.throttled_failures"
# A key's "last used" moves at most once a minute (one write less for busy keys).
LAST_USED_PRECISION = timedelta(minutes=1)


class SignatureScheme(StrEnum):
    SDK_HMAC_SHA256 = "SDK-HMAC-SHA256"
    AWS_SIGV4 = "AWS4-HMAC-SHA256"


class Refusal(StrEnum):
    """Why a signed call was refused; front ends map these to their clients' error codes."""

    MALFORMED = "malformed"
    UNKNOWN_KEY = "unknown-key"
    SIGNATURE_MISMATCH = "signature-mismatch"
    SKEWED_CLOCK = "skewed-clock"
    KEY_DISABLED = "key-disabled"
    TOKEN_MISSING = "token-missing"  # noqa: S105 (a reason, not a secret)
    TOKEN_INVALID = "token-invalid"  # noqa: S105
    EXPIRED = "expired"
    SIGNATURE_EXPIRED = "signature-expired"  # a presigned URL past its X-Amz-Expires
    THROTTLED = "throttled"


class SignedCallRefused(AuthenticationError):
    """Args: refusal: the reason; code: the catalogue's sentence for the caller (never a
    secret, ``apicall.*``); params: the values it names."""

    def __init__(self, refusal: Refusal, code: str, **params: Any) -> None:
        super().__init__(code=code, **params)
        self.refusal = refusal


@dataclass(frozen=True)
class Caller:
    """Who signed a call: the user and the key they signed with."""

    user_id: int
    user_name: str
    account_name: str
    account_number: str  # 12 digits, for AWS-shaped answers
    access_key_id: str
    permission_set: str | None  # set for temporary credentials

    @property
    def temporary(self) -> bool:
        return self.permission_set is not None


@dataclass(frozen=True)
class _Parsed:
    access_key_id: str
    signed_at: datetime
    verify: Callable[[str], bool]  # secret -> does the request carry its signature
    token_name: str  # where temporary keys give their security token
    security_token: str | None
    token_signed: bool
    valid_for: timedelta | None = None  # a presigned URL's validity (None: signed headers)


def account_number(store_id: str) -> str:
    """A stable 12-digit number for the account (AWS tools expect one)."""
    return f"{int(hashlib.sha256(store_id.encode()).hexdigest(), 16) % 10**12:012d}"


class SignedCallService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._group = GroupCommit(ctx)
        self._account_facts: tuple[str, str] | None = None
        # (address, key) -> end of the window the store said is full of refusals: a cache of
        # the store's answer, so a flood costs no transaction (the store stays the authority).
        self._blocked: dict[tuple[str, str], datetime] = {}

    async def authenticate(
        self, scheme: SignatureScheme, request: SignedRequest, *, action: str, address: str
    ) -> Caller:
        """Check a signed request and record it (one transaction, on a worker thread);
        raises SignedCallRefused."""
        return (await self.call(scheme, request, action=action, address=address, then=_nothing))[0]

    async def call(
        self,
        scheme: SignatureScheme,
        request: SignedRequest,
        *,
        action: str,
        address: str,
        then: Callable[[UnitOfWork, Caller], T],
    ) -> tuple[Caller, T]:
        """Check and record a signed request, and run ``then`` (the call's own reads) in the
        same transaction, on a worker thread; concurrent calls are committed together.
        Raises SignedCallRefused."""
        try:
            parsed = _parse(scheme, request)
        except SignatureFormatError as exc:
            raise SignedCallRefused(
                Refusal.MALFORMED, "apicall.malformed", reason=str(exc)
            ) from exc
        # A refused burst is turned away here, without the store, until its window ends.
        until = self._blocked.get((address, parsed.access_key_id[:20]))
        if until is not None:
            if until > self._ctx.clock.now():
                raise SignedCallRefused(Refusal.THROTTLED, _TOO_MANY_REFUSED)
            self._blocked.pop((address, parsed.access_key_id[:20]), None)
        return await self._group.run(
            lambda uow, entries: self._record(
                uow, entries, request, parsed, action=action, address=address, then=then
            )
        )

    def _record(
        self,
        uow: UnitOfWork,
        entries: list[AuditEntry],
        request: SignedRequest,
        parsed: _Parsed,
        *,
        action: str,
        address: str,
        then: Callable[[UnitOfWork, Caller], T],
    ) -> tuple[Caller, T]:
        """One signed call inside a (shared) transaction: reads and checks first, then
        writes (last use, counters) and its audit entry."""
        key_id = parsed.access_key_id[:20]
        until = throttle.blocked_until(uow, throttle.failure_buckets(address, key_id))
        if until is not None:
            if len(self._blocked) >= _MAX_BLOCKED:  # a flood of many addresses: stay small
                self._blocked = {k: v for k, v in self._blocked.items() if v > uow.now}
            self._blocked[(address, key_id)] = until
            raise SignedCallRefused(Refusal.THROTTLED, _TOO_MANY_REFUSED)

        def refused(refusal: Refusal) -> AuditEntry:
            return AuditEntry(f"key:{key_id}", "api.call", key_id, "failure",
                              {"api_action": action, "reason": refusal.value,
                               "address": address})  # fmt: skip

        try:
            caller, stale_key_row = self._check(uow, request, parsed)
            result = then(uow, caller)
        except SignedCallRefused as refusal:
            over = throttle.count(uow, throttle.failure_buckets(address, key_id))
            entries.append(refused(refusal.refusal))
            if over:  # counted past the window's limit by a concurrent burst: throttled
                raise SignedCallRefused(Refusal.THROTTLED, _TOO_MANY_REFUSED) from refusal
            raise
        if stale_key_row is not None:
            uow.sql.execute(
                update(_KEYS).where(_KEYS.c.id == stale_key_row).values(last_used_at=uow.now)
            )
        if throttle.count(uow, throttle.call_buckets(address, key_id)):
            entries.append(refused(Refusal.THROTTLED))
            raise SignedCallRefused(Refusal.THROTTLED, "apicall.throttled")
        entries.append(
            AuditEntry(
                f"user:{caller.user_name}",
                "api.call",
                caller.user_name,
                "success",
                {
                    "api_action": action,
                    "access_key_id": key_id,
                    "temporary": caller.temporary,
                    "address": address,
                },
            )  # fmt: skip
        )
        return caller, result

    def _account(self, uow: UnitOfWork) -> tuple[str, str]:
        """The account's (name, 12-digit number); neither ever changes, so read once."""
        if self._account_facts is None:
            account = self._ctx.account(uow)
            self._account_facts = (account.name, account_number(account.store_id))
        return self._account_facts

    def _check(
        self, uow: UnitOfWork, request: SignedRequest, parsed: _Parsed
    ) -> tuple[Caller, int | None]:
        """Who signed (reads only); and the permanent key's row id when its last use is due
        an update."""
        when = signing_time(parsed.signed_at, uow.now, parsed.valid_for)
        if when is SigningTime.SKEWED:
            raise SignedCallRefused(Refusal.SKEWED_CLOCK, "apicall.clock_skew")
        if when is SigningTime.EXPIRED:
            raise SignedCallRefused(Refusal.SIGNATURE_EXPIRED, "apicall.url_expired")
        vault = self._ctx.vault(uow)
        key_id = parsed.access_key_id
        permanent = uow.sql.execute(_PERMANENT_KEY, {"key_id": key_id}).first()
        temporary, stale_key_row = None, None
        if permanent is not None:
            row_id, sealed, key_status, last_used, user_id, user_name, user_status = permanent
            secret = vault.decrypt_text(sealed, aad=secret_aad(key_id))
            permission_set = None
        else:
            temporary = uow.session.execute(_TEMPORARY_KEY, {"key_id": key_id}).first()
            if temporary is None:
                raise SignedCallRefused(Refusal.UNKNOWN_KEY, "apicall.unknown_key")
            credential, user_name, user_status, permission_set = temporary
            user_id = credential.user_id
            secret = vault.decrypt_text(
                credential.secret_encrypted, aad=temporary_secret_aad(key_id)
            )
        if not parsed.verify(secret):
            raise SignedCallRefused(Refusal.SIGNATURE_MISMATCH, "apicall.signature_mismatch")
        # Key state is told only to a caller who proved they hold the secret.
        if temporary is None:
            if key_status != AccessKeyStatus.ACTIVE:
                raise SignedCallRefused(Refusal.KEY_DISABLED, "apicall.key_disabled")
            if last_used is None or uow.now - last_used >= LAST_USED_PRECISION:
                stale_key_row = row_id
        else:
            _check_temporary(uow, temporary[0], parsed)
        if user_status != UserStatus.ENABLED:
            raise SignedCallRefused(Refusal.KEY_DISABLED, "apicall.user_disabled")
        account_name, number = self._account(uow)
        caller = Caller(user_id, user_name, account_name, number, key_id, permission_set)
        return caller, stale_key_row


def _nothing(uow: UnitOfWork, caller: Caller) -> None:
    return None


def _check_temporary(uow: UnitOfWork, credential: TemporaryCredential, parsed: _Parsed) -> None:
    token = parsed.security_token
    if not token:
        raise SignedCallRefused(
            Refusal.TOKEN_MISSING, "apicall.token_missing", where=parsed.token_name
        )
    if not parsed.token_signed:
        raise SignedCallRefused(
            Refusal.TOKEN_MISSING, "apicall.token_unsigned", where=parsed.token_name
        )
    if not tokens_equal(hash_token(token), credential.token_hash):
        raise SignedCallRefused(Refusal.TOKEN_INVALID, "apicall.token_invalid")
    if credential.revoked_at is not None:
        raise SignedCallRefused(Refusal.EXPIRED, "apicall.revoked")
    if credential.expires_at <= uow.now:
        raise SignedCallRefused(Refusal.EXPIRED, "apicall.expired")


def _signed_header_token(
    request: SignedRequest, name: str, signed_headers: tuple[str, ...]
) -> tuple[str, str | None, bool]:
    """(where, the security token, whether it is signed) for a token given in a header."""
    return f"the {name.title()} header", request.headers.get(name), name in signed_headers


def _parse(scheme: SignatureScheme, request: SignedRequest) -> _Parsed:
    if scheme is SignatureScheme.AWS_SIGV4 and sigv4_presigned.is_presigned(request):
        url = sigv4_presigned.parse_presigned(request)
        request.check_signed_headers(url.authorization.signed_headers)
        return _Parsed(
            url.authorization.access_key_id,
            url.signed_at,
            lambda secret: sigv4_presigned.verify(secret, url),
            f"the {sigv4_presigned.SECURITY_TOKEN_PARAM} query parameter",
            url.security_token,
            True,  # every query parameter but the signature is signed
            url.valid_for,
        )
    if scheme is SignatureScheme.AWS_SIGV4:
        aws = sigv4.parse_authorization(request.header("authorization"))
        request.check_signed_headers(aws.signed_headers)
        signed_at = sigv4.request_time(request)
        if aws.date != request.header("x-amz-date")[:8]:
            raise SignatureFormatError("the credential scope's date is not the X-Amz-Date's")
        return _Parsed(
            aws.access_key_id,
            signed_at,
            lambda secret: sigv4.verify(secret, request, aws),
            *_signed_header_token(request, "x-amz-security-token", aws.signed_headers),
        )
    sdk = sdk_hmac.parse_authorization(request.header("authorization"))
    request.check_signed_headers(sdk.signed_headers)
    return _Parsed(
        sdk.access_key_id,
        sdk_hmac.request_time(request),
        lambda secret: sdk_hmac.verify(secret, request, sdk),
        *_signed_header_token(request, "x-security-token", sdk.signed_headers),
    )
