"""The Security Settings of one user, read in one service call and one transaction."""

from __future__ import annotations

from sqlalchemy import func, select

from app.domain.roles import Permission, require
from app.domain.vocabulary import MfaState
from app.services.common import detail, load_user
from app.services.context import ServiceContext
from app.services.records import (
    AccessKeyRecord,
    Actor,
    MfaStatus,
    SecurityKeyRecord,
    SecuritySettings,
    TemporaryCredentialRecord,
)
from app.services.sign_in import SECOND_FACTOR, SIGN_IN
from app.store.models import (
    AccessKey,
    AuditEvent,
    PermissionSet,
    SecurityKey,
    TemporaryCredential,
    VirtualMfaDevice,
)


class SecuritySettingsService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def read(self, actor: Actor, name: str) -> SecuritySettings:
        """The user, their virtual MFA device, security keys, access keys, current temporary
        credentials, the password policy and the account's name, as one snapshot."""
        require(actor.role, Permission.VIEW_USERS)
        with self._ctx.uow() as uow:
            user = load_user(uow, name)
            session = uow.session
            device = session.scalars(
                select(VirtualMfaDevice).where(VirtualMfaDevice.user_id == user.id)
            ).first()
            mfa = (
                MfaStatus(MfaState.NONE, None, None)
                if device is None
                else MfaStatus(device.state, device.created_at, device.activated_at, device.name)
            )
            keys = tuple(
                SecurityKeyRecord(k.name, k.aaguid, k.created_at, k.last_used_at, k.sign_count)
                for k in session.scalars(
                    select(SecurityKey)
                    .where(SecurityKey.user_id == user.id)
                    .order_by(SecurityKey.created_at, SecurityKey.id)
                )
            )
            access_keys = tuple(
                AccessKeyRecord(k.access_key_id, k.status, k.created_at, k.last_used_at)
                for k in session.scalars(
                    select(AccessKey)
                    .where(AccessKey.user_id == user.id)
                    .order_by(AccessKey.created_at, AccessKey.id)
                )
            )
            temporary = tuple(
                TemporaryCredentialRecord(
                    c.id,
                    user.name,
                    set_name,
                    c.access_key_id,
                    c.created_at,
                    c.expires_at,
                    c.revoked_at,
                )  # fmt: skip
                for c, set_name in session.execute(
                    select(TemporaryCredential, PermissionSet.name)
                    .join(PermissionSet, PermissionSet.id == TemporaryCredential.permission_set_id)
                    .where(
                        TemporaryCredential.user_id == user.id,
                        TemporaryCredential.expires_at > uow.now,
                        TemporaryCredential.revoked_at.is_(None),
                    )
                    .order_by(TemporaryCredential.id.desc())
                )
            )
            return SecuritySettings(
                detail(user, uow),
                mfa,
                keys,
                access_keys,
                temporary,
                self._ctx.account_settings(uow).password_policy,
                self._ctx.account(uow).name,
                user.failed_attempts or 0,
                session.scalar(
                    select(func.max(AuditEvent.at)).where(
                        # refused steps name a neutral actor and the name as typed
                        AuditEvent.action.in_((SIGN_IN, SECOND_FACTOR)),
                        AuditEvent.target == user.name,
                        AuditEvent.outcome == "failure",
                    )
                ),
                smtp_ready=bool(self._ctx.account_settings(uow).smtp),
            )
