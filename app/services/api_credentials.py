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
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from app.domain.vocabulary import AccessKeyStatus, UserStatus
from app.errors import AuthenticationError
from app.security.signatures import sdk_hmac, sigv4
from app.security.signatures.common import SignatureFormatError, SignedRequest, within_skew
from app.security.tokens import hash_token, tokens_equal
from app.services import api_credentials_throttle as throttle
from app.services.access_keys import secret_aad
from app.services.context import ServiceContext
from app.services.temporary_credentials import temporary_secret_aad
from app.store.models import AccessKey, Account, PermissionSet, TemporaryCredential, User
from app.store.uow import UnitOfWork


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
    THROTTLED = "throttled"


class SignedCallRefused(AuthenticationError):
    """Args: refusal: the reason; message: one line for the caller (never a secret)."""

    def __init__(
        self,
        refusal: Refusal,
        message: str | None = None,
        *,
        code: str | None = None,
        **params: Any,
    ) -> None:
        super().__init__(message, code=code, **params)
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
    signed_headers: tuple[str, ...]
    token_header: str
    verify: Callable[[str], bool]  # secret -> does the request carry its signature


def account_number(store_id: str) -> str:
    """A stable 12-digit number for the account (AWS tools expect one)."""
    return f"{int(hashlib.sha256(store_id.encode()).hexdigest(), 16) % 10**12:012d}"


class SignedCallService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def authenticate(
        self, scheme: SignatureScheme, request: SignedRequest, *, action: str, address: str
    ) -> Caller:
        """Check a signed request and record it (one transaction); raises SignedCallRefused."""
        try:
            parsed = _parse(scheme, request)
        except SignatureFormatError as exc:
            raise SignedCallRefused(
                Refusal.MALFORMED, code="apicall.malformed", reason=str(exc)
            ) from exc
        key_id = parsed.access_key_id[:20]
        with self._ctx.uow() as uow:
            if throttle.exhausted(uow, throttle.failure_buckets(address, key_id)):
                raise SignedCallRefused(Refusal.THROTTLED, code="apicall.throttled_failures")
            try:
                caller = self._check(uow, request, parsed)
            except SignedCallRefused as refused:
                uow.session.rollback()
                throttle.count(uow, throttle.failure_buckets(address, key_id))
                uow.audit(
                    f"key:{key_id}",
                    "api.call",
                    key_id,
                    outcome="failure",
                    api_action=action,
                    reason=refused.refusal.value,
                    address=address,
                )
                uow.commit()
                raise
            if throttle.count(uow, throttle.call_buckets(address, key_id)):
                raise SignedCallRefused(Refusal.THROTTLED, code="apicall.throttled")
            uow.audit(
                f"user:{caller.user_name}",
                "api.call",
                caller.user_name,
                api_action=action,
                access_key_id=key_id,
                temporary=caller.temporary,
                address=address,
            )
            uow.commit()
            return caller

    def _check(self, uow: UnitOfWork, request: SignedRequest, parsed: _Parsed) -> Caller:
        if not within_skew(parsed.signed_at, uow.now):
            raise SignedCallRefused(Refusal.SKEWED_CLOCK, code="apicall.clock_skew")
        vault = self._ctx.vault(uow)
        account = uow.session.scalars(select(Account).limit(1)).one()
        key_id = parsed.access_key_id
        permanent = uow.session.scalars(
            select(AccessKey).where(AccessKey.access_key_id == key_id)
        ).first()
        permission_set: str | None = None
        if permanent is not None:
            secret = vault.decrypt_text(permanent.secret_encrypted, aad=secret_aad(key_id))
            user_id = permanent.user_id
        else:
            temporary = uow.session.scalars(
                select(TemporaryCredential).where(TemporaryCredential.access_key_id == key_id)
            ).first()
            if temporary is None:
                raise SignedCallRefused(Refusal.UNKNOWN_KEY, code="apicall.unknown_key")
            secret = vault.decrypt_text(
                temporary.secret_encrypted, aad=temporary_secret_aad(key_id)
            )
            user_id = temporary.user_id
            permission_set = uow.session.get(PermissionSet, temporary.permission_set_id).name  # type: ignore[union-attr]
        if not parsed.verify(secret):
            raise SignedCallRefused(Refusal.SIGNATURE_MISMATCH, code="apicall.signature_mismatch")
        # Key state is told only to a caller who proved they hold the secret.
        if permanent is not None:
            if permanent.status != AccessKeyStatus.ACTIVE:
                raise SignedCallRefused(Refusal.KEY_DISABLED, code="apicall.key_disabled")
            permanent.last_used_at = uow.now
        else:
            assert temporary is not None  # one of the two was found above
            _check_temporary(uow, temporary, request, parsed)
        user = uow.session.get(User, user_id)
        if user is None or user.status != UserStatus.ENABLED:
            raise SignedCallRefused(Refusal.KEY_DISABLED, code="apicall.user_disabled")
        return Caller(
            user.id,
            user.name,
            account.name,
            account_number(account.store_id),
            key_id,
            permission_set,
        )


def _check_temporary(
    uow: UnitOfWork, credential: TemporaryCredential, request: SignedRequest, parsed: _Parsed
) -> None:
    token = request.headers.get(parsed.token_header)
    if not token:
        raise SignedCallRefused(
            Refusal.TOKEN_MISSING, code="apicall.token_missing", header=parsed.token_header
        )
    if parsed.token_header not in parsed.signed_headers:
        raise SignedCallRefused(
            Refusal.TOKEN_MISSING, code="apicall.token_unsigned", header=parsed.token_header
        )
    if not tokens_equal(hash_token(token), credential.token_hash):
        raise SignedCallRefused(Refusal.TOKEN_INVALID, code="apicall.token_invalid")
    if credential.revoked_at is not None:
        raise SignedCallRefused(Refusal.EXPIRED, code="apicall.revoked")
    if credential.expires_at <= uow.now:
        raise SignedCallRefused(Refusal.EXPIRED, code="apicall.expired")


def _parse(scheme: SignatureScheme, request: SignedRequest) -> _Parsed:
    if scheme is SignatureScheme.AWS_SIGV4:
        aws = sigv4.parse_authorization(request.header("authorization"))
        signed_at = sigv4.request_time(request)
        if aws.date != request.header("x-amz-date")[:8]:
            raise SignatureFormatError("the credential scope's date is not the X-Amz-Date's")
        return _Parsed(
            aws.access_key_id,
            signed_at,
            aws.signed_headers,
            "x-amz-security-token",
            lambda secret: sigv4.verify(secret, request, aws),
        )
    sdk = sdk_hmac.parse_authorization(request.header("authorization"))
    return _Parsed(
        sdk.access_key_id,
        sdk_hmac.request_time(request),
        sdk.signed_headers,
        "x-security-token",
        lambda secret: sdk_hmac.verify(secret, request, sdk),
    )
