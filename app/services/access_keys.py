"""Use cases on access keys: create (secret shown once), enable/disable, delete."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from app.domain.roles import Permission, require
from app.domain.vocabulary import AccessKeyStatus
from app.errors import LimitExceededError, NotFoundError, PreconditionError
from app.security.tokens import new_access_key_id, new_secret_access_key
from app.services.common import load_for_change, load_user
from app.services.context import ServiceContext
from app.services.records import AccessKeyRecord, Actor, NewAccessKey
from app.store.models import AccessKey, table_of
from app.store.uow import UnitOfWork

MAX_ACCESS_KEYS = 2


def secret_aad(access_key_id: str) -> bytes:
    return f"access-key:{access_key_id}".encode()


class AccessKeyService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def list(self, actor: Actor, name: str) -> list[AccessKeyRecord]:
        require(actor.role, Permission.VIEW_USERS)
        with self._ctx.uow() as uow:
            user = load_user(uow, name)
            keys = uow.session.scalars(
                select(AccessKey)
                .where(AccessKey.user_id == user.id)
                .order_by(AccessKey.created_at, AccessKey.id)
            )
            return [_record(k) for k in keys]

    def create(self, actor: Actor, name: str) -> NewAccessKey:
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.MANAGE_CREDENTIALS)
            count = len(
                uow.session.scalars(select(AccessKey.id).where(AccessKey.user_id == user.id)).all()
            )
            if count >= MAX_ACCESS_KEYS:
                raise LimitExceededError(
                    code="accesskey.limit", name=user.name, max=MAX_ACCESS_KEYS
                )
            key_id, secret = new_access_key_id(), new_secret_access_key()
            uow.session.add(
                AccessKey(
                    user_id=user.id,
                    access_key_id=key_id,
                    status=AccessKeyStatus.ACTIVE,
                    created_at=uow.now,
                    secret_encrypted=self._ctx.vault(uow).encrypt(
                        secret.encode(), aad=secret_aad(key_id)
                    ),
                )
            )
            uow.audit(actor.label, "accesskey.create", user.name, access_key_id=key_id)
            uow.commit()
            return NewAccessKey(user.name, key_id, secret, uow.now)

    def set_status(
        self, actor: Actor, name: str, access_key_id: str, active: bool
    ) -> AccessKeyRecord:
        with self._ctx.uow() as uow:
            key = self._key(uow, actor, name, access_key_id)
            status = "active" if active else "inactive"
            if key.status != status:
                key.status = status
                uow.audit(
                    actor.label,
                    f"accesskey.{'enable' if active else 'disable'}",
                    name,
                    access_key_id=key.access_key_id,
                )
                uow.commit()
            return _record(key)

    def delete(
        self, actor: Actor, name: str, access_key_id: str, *, confirm: str | None = None
    ) -> None:
        """Delete a key; an active one only when its id is typed back as ``confirm``."""
        with self._ctx.uow() as uow:
            key = self._key(uow, actor, name, access_key_id)
            if key.status == AccessKeyStatus.ACTIVE and confirm != key.access_key_id:
                raise PreconditionError(
                    code="accesskey.confirm_active", field="confirm", key=key.access_key_id
                )
            uow.session.delete(key)
            uow.audit(actor.label, "accesskey.delete", name, access_key_id=key.access_key_id)
            uow.commit()

    def _key(self, uow: UnitOfWork, actor: Actor, name: str, access_key_id: str) -> AccessKey:
        user = load_for_change(uow, actor, name, Permission.MANAGE_CREDENTIALS)
        key = uow.session.scalars(
            select(AccessKey).where(
                AccessKey.user_id == user.id,
                AccessKey.access_key_id == access_key_id.strip().upper(),
            )
        ).first()
        if key is None:
            raise NotFoundError(code="accesskey.not_found", name=user.name, key=access_key_id)
        return key


# Built once, in Core: the identity API lists keys on every signed call.
_KEYS = table_of(AccessKey).c
_OWN_KEYS = (
    select(_KEYS.access_key_id, _KEYS.status, _KEYS.created_at, _KEYS.last_used_at)
    .where(_KEYS.user_id == bindparam("user_id"))
    .order_by(_KEYS.created_at, _KEYS.id)
)


def own_keys(uow: UnitOfWork, user_id: int) -> list[AccessKeyRecord]:
    """A user's own permanent keys, for the identity API (never a secret)."""
    return [AccessKeyRecord(*row) for row in uow.sql.execute(_OWN_KEYS, {"user_id": user_id})]


def own_key(uow: UnitOfWork, user_id: int, access_key_id: str) -> AccessKeyRecord | None:
    """One of a user's own permanent keys; None for another user's key or no key."""
    wanted = access_key_id.strip().upper()
    return next((k for k in own_keys(uow, user_id) if k.access_key_id == wanted), None)


def _record(key: AccessKey) -> AccessKeyRecord:
    return AccessKeyRecord(key.access_key_id, key.status, key.created_at, key.last_used_at)
