"""Permission sets and the temporary access credentials issued under them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from app.domain.names import validate_description, validate_key_name
from app.domain.roles import Permission, require
from app.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionError,
    ValidationError,
)
from app.security.tokens import hash_token, new_access_key_id, new_secret_access_key, new_token
from app.services.api_tokens import ApiTokenService
from app.services.common import load_permitted, load_user
from app.services.context import ServiceContext
from app.services.records import (
    Actor,
    NewTemporaryCredential,
    PermissionSetRecord,
    TemporaryCredentialRecord,
)
from app.store.models import PermissionSet, PermissionSetMember, TemporaryCredential, User
from app.store.uow import UnitOfWork

MIN_SESSION = timedelta(minutes=15)
MAX_SESSION = timedelta(hours=12)


def temporary_secret_aad(access_key_id: str) -> bytes:
    return f"temporary-key:{access_key_id}".encode()


class TemporaryCredentialService:
    """Args: ctx: the shared service context; tokens: resolves a signed-in user's token."""

    def __init__(self, ctx: ServiceContext, tokens: ApiTokenService) -> None:
        self._ctx = ctx
        self._tokens = tokens

    def create_set(
        self, actor: Actor, name: str, session_seconds: int, description: str = ""
    ) -> PermissionSetRecord:
        require(actor.role, Permission.MANAGE_CREDENTIALS)
        name = validate_key_name(name)
        description = validate_description(description)
        if not MIN_SESSION.total_seconds() <= session_seconds <= MAX_SESSION.total_seconds():
            raise ValidationError(code="tempcred.bad_duration", field="duration")
        with self._ctx.uow() as uow:
            if uow.session.scalars(select(PermissionSet).where(PermissionSet.name == name)).first():
                raise ConflictError(code="permission_set.exists", field="name", name=name)
            uow.session.add(
                PermissionSet(
                    name=name,
                    description=description,
                    session_seconds=session_seconds,
                    created_at=uow.now,
                )
            )
            uow.audit(actor.label, "permset.create", name, session_seconds=session_seconds)
            uow.commit()
            return PermissionSetRecord(name, description, session_seconds, ())

    def list_sets(self, actor: Actor) -> list[PermissionSetRecord]:
        require(actor.role, Permission.VIEW_USERS)
        with self._ctx.uow() as uow:
            return [
                self._set_record(uow, s)
                for s in uow.session.scalars(select(PermissionSet).order_by(PermissionSet.name))
            ]

    def assign(
        self, actor: Actor, set_name: str, user_name: str, *, member: bool = True
    ) -> PermissionSetRecord:
        require(actor.role, Permission.MANAGE_CREDENTIALS)
        with self._ctx.uow() as uow:
            permission_set = self._set(uow, set_name)
            user = load_user(uow, user_name)
            existing = uow.session.get(PermissionSetMember, (permission_set.id, user.id))
            if member and existing is None:
                uow.session.add(
                    PermissionSetMember(permission_set_id=permission_set.id, user_id=user.id)
                )
            elif not member and existing is not None:
                uow.session.delete(existing)
            else:
                return self._set_record(uow, permission_set)
            uow.audit(
                actor.label,
                "permset.assign" if member else "permset.unassign",
                user.name,
                permission_set=permission_set.name,
            )
            uow.commit()
            return self._set_record(uow, permission_set)

    def issue(
        self,
        api_token: str,
        set_name: str | None = None,
        *,
        duration_seconds: int | None = None,
        address: str | None = None,
    ) -> NewTemporaryCredential:
        """Issue temporary AK/SK and a security token to the user signed in with
        ``api_token``.

        They live as long as the permission set's session duration, or the shorter
        ``duration_seconds`` (at least 15 minutes); a longer one is refused. ``set_name`` may
        be left out when the user is assigned to exactly one set.
        """
        with self._ctx.uow() as uow:
            user = self._tokens.user_for_token(uow, api_token)
            permission_set = self._set_for(uow, user, set_name)
            seconds = _duration(permission_set, duration_seconds)
            details: dict[str, Any] = {} if address is None else {"address": address}
            return self._issue(uow, user, permission_set, seconds, **details)

    def issue_to_self(self, actor: Actor, set_name: str) -> NewTemporaryCredential:
        """The portal's "Obtain temporary access credentials": for the signed-in user (their
        self permission), a set they are assigned to, for the set's session duration."""
        with self._ctx.uow() as uow:
            user = load_permitted(uow, actor, actor.name, Permission.OBTAIN_TEMPORARY_CREDENTIALS)
            try:
                if not set_name:
                    raise NotFoundError(code="permission_set.not_found", name=set_name)
                permission_set = self._set_for(uow, user, set_name)
            except (NotFoundError, PermissionDeniedError):  # which sets exist is not told
                raise PermissionDeniedError(code="permission_set.not_yours", set=set_name) from None
            return self._issue(
                uow, user, permission_set, permission_set.session_seconds, front_end="portal"
            )

    def _issue(
        self,
        uow: UnitOfWork,
        user: User,
        permission_set: PermissionSet,
        seconds: int,
        **details: str,
    ) -> NewTemporaryCredential:
        """Store a new temporary key for ``user`` under ``permission_set`` and commit."""
        key_id, secret, token = new_access_key_id(), new_secret_access_key(), new_token()
        expires = uow.now + timedelta(seconds=seconds)
        uow.session.add(
            TemporaryCredential(
                user_id=user.id,
                permission_set_id=permission_set.id,
                access_key_id=key_id,
                secret_encrypted=self._ctx.vault(uow).encrypt(
                    secret.encode(), aad=temporary_secret_aad(key_id)
                ),
                token_hash=hash_token(token),
                created_at=uow.now,
                expires_at=expires,
            )
        )
        uow.audit(
            f"user:{user.name}",
            "tempcred.issue",
            user.name,
            access_key_id=key_id,
            permission_set=permission_set.name,
            duration_seconds=seconds,
            **details,
        )
        uow.commit()
        return NewTemporaryCredential(key_id, secret, token, expires)

    def _set_for(self, uow: UnitOfWork, user: User, set_name: str | None) -> PermissionSet:
        """The named set (the user must be assigned to it), or the user's only set."""
        if set_name:
            permission_set = self._set(uow, set_name)
            if uow.session.get(PermissionSetMember, (permission_set.id, user.id)) is None:
                raise PermissionDeniedError(
                    code="permission_set.not_assigned", name=user.name, set=permission_set.name
                )
            return permission_set
        assigned = assigned_sets(uow, user)
        if not assigned:
            raise PreconditionError(code="permission_set.none_assigned", name=user.name)
        if len(assigned) > 1:
            names = ", ".join(s.name for s in assigned)
            raise PreconditionError(
                code="permission_set.several", field="permission_set", name=user.name, names=names
            )
        return assigned[0]

    def list(
        self, actor: Actor, *, user_name: str | None = None, include_expired: bool = False
    ) -> list[TemporaryCredentialRecord]:
        require(actor.role, Permission.VIEW_USERS)
        with self._ctx.uow() as uow:
            query = (
                select(TemporaryCredential, User.name, PermissionSet.name)
                .join(User, User.id == TemporaryCredential.user_id)
                .join(PermissionSet, PermissionSet.id == TemporaryCredential.permission_set_id)
                .order_by(TemporaryCredential.id.desc())
            )
            if user_name:
                query = query.where(User.id == load_user(uow, user_name).id)
            if not include_expired:
                query = query.where(
                    TemporaryCredential.expires_at > uow.now,
                    TemporaryCredential.revoked_at.is_(None),
                )
            return [
                TemporaryCredentialRecord(
                    c.id, u, p, c.access_key_id, c.created_at, c.expires_at, c.revoked_at
                )
                for c, u, p in uow.session.execute(query)
            ]

    def revoke(self, actor: Actor, access_key_id: str) -> None:
        require(actor.role, Permission.MANAGE_CREDENTIALS)
        with self._ctx.uow() as uow:
            credential = uow.session.scalars(
                select(TemporaryCredential).where(
                    TemporaryCredential.access_key_id == access_key_id.strip().upper()
                )
            ).first()
            if credential is None:
                raise NotFoundError(code="tempcred.not_found", key=access_key_id)
            if credential.revoked_at is None:
                credential.revoked_at = uow.now
                user = uow.session.get(User, credential.user_id)
                uow.audit(
                    actor.label,
                    "tempcred.revoke",
                    user.name if user else "?",
                    access_key_id=credential.access_key_id,
                )
                uow.commit()

    @staticmethod
    def _set(uow: UnitOfWork, name: str) -> PermissionSet:
        found = uow.session.scalars(select(PermissionSet).where(PermissionSet.name == name)).first()
        if found is None:
            raise NotFoundError(code="permission_set.not_found", name=name)
        return found

    @staticmethod
    def _set_record(uow: UnitOfWork, permission_set: PermissionSet) -> PermissionSetRecord:
        members = uow.session.scalars(
            select(User.name)
            .join(PermissionSetMember, PermissionSetMember.user_id == User.id)
            .where(PermissionSetMember.permission_set_id == permission_set.id)
            .order_by(User.name_key)
        )
        return PermissionSetRecord(
            permission_set.name,
            permission_set.description,
            permission_set.session_seconds,
            tuple(members),
        )


def assigned_sets(uow: UnitOfWork, user: User) -> list[PermissionSet]:
    """The permission sets ``user`` is assigned to, by name."""
    return list(
        uow.session.scalars(
            select(PermissionSet)
            .join(PermissionSetMember, PermissionSetMember.permission_set_id == PermissionSet.id)
            .where(PermissionSetMember.user_id == user.id)
            .order_by(PermissionSet.name)
        )
    )


def _duration(permission_set: PermissionSet, requested: int | None) -> int:
    """The set's session duration, or a shorter requested one (never under 15 minutes)."""
    if requested is None:
        return permission_set.session_seconds
    if requested < MIN_SESSION.total_seconds():
        raise ValidationError(code="tempcred.too_short", field="duration_seconds")
    if requested > permission_set.session_seconds:
        raise ValidationError(
            code="tempcred.too_long",
            field="duration_seconds",
            requested=requested,
            set=permission_set.name,
            max=permission_set.session_seconds,
        )
    return requested
