"""A signed-in IAM user's own security settings (the portal): the desk's use cases, run on
the user's own record only, audited with the user as the actor.

The desk's services check an operator's role; here the user acts on themself, so the call
runs with a self-scoped actor whose name is always the record changed (``_as_self``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from app.domain.names import validate_key_name
from app.domain.roles import Role
from app.errors import ConflictError, DeviceError, PermissionDeniedError, PreconditionError
from app.security.tokens import (
    hash_token,
    new_access_key_id,
    new_secret_access_key,
    new_token,
)
from app.services import Services
from app.services.common import detail, load_user, touch
from app.services.records import (
    Actor,
    MfaStatus,
    NewTemporaryCredential,
    SecurityKeyRecord,
    TotpEnrollment,
    UserDetail,
)
from app.services.security_keys import CONFIRM_WORD, _keys, _record
from app.store.models import (
    PermissionSet,
    PermissionSetMember,
    PortalSession,
    SecurityKey,
    TemporaryCredential,
)


@dataclass(frozen=True)
class AssignedSet:
    """A permission set the user may obtain temporary credentials for."""

    name: str
    description: str
    session_seconds: int


@dataclass(frozen=True)
class SelfOverview:
    """Everything "My security settings" shows."""

    user: UserDetail
    mfa: MfaStatus
    keys: tuple[SecurityKeyRecord, ...]


def _as_self(actor: Actor) -> Actor:
    """The user acting on their own record (the audit names the user)."""
    if actor.user_id is None:
        raise PermissionDeniedError(code="portal.root_refused")
    return Actor(actor.name, Role.ADMINISTRATOR, actor.user_id)


class SelfService:
    """Args: services: the desk's services, whose use cases this one reuses."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._ctx = services.context

    def overview(self, actor: Actor) -> SelfOverview:
        with self._ctx.uow(readonly=True) as uow:
            user = load_user(uow, actor.name)
            keys = tuple(_record(k) for k in _keys(uow, user))
            record = detail(user, uow)
        mfa = self._services.mfa.status(_as_self(actor), actor.name)
        return SelfOverview(record, mfa, keys)

    # Virtual MFA ------------------------------------------------------------------------
    def bind_mfa(self, actor: Actor) -> TotpEnrollment:
        return self._services.mfa.bind(_as_self(actor), actor.name)

    def confirm_mfa(self, actor: Actor, code1: str, code2: str) -> MfaStatus:
        return self._services.mfa.confirm(_as_self(actor), actor.name, code1, code2)

    def unbind_mfa(self, actor: Actor) -> None:
        self._services.mfa.unbind(_as_self(actor), actor.name)

    # Security keys in the browser ---------------------------------------------------------
    def begin_key(self, actor: Actor, session_token: str, key_name: str) -> dict[str, Any]:
        """WebAuthn creation options for a new key; the state waits in the portal session."""
        from fido2.webauthn import (
            AttestedCredentialData,
            PublicKeyCredentialUserEntity,
            UserVerificationRequirement,
        )

        key_name = validate_key_name(key_name)
        keys = self._services.security_keys
        with self._ctx.uow() as uow:
            user = load_user(uow, actor.name, for_update=True)
            keys._check_room(uow, user, key_name)  # noqa: SLF001 (same layer)
            server = keys._server(uow)  # noqa: SLF001
            entity = PublicKeyCredentialUserEntity(
                id=keys._user_handle(uow, user),  # noqa: SLF001
                name=user.name,
                display_name=user.display_name or user.name,
            )
            existing = [AttestedCredentialData(k.credential_data) for k in _keys(uow, user)]
            options, state = server.register_begin(
                entity,
                existing,
                user_verification=UserVerificationRequirement.DISCOURAGED,
                authenticator_attachment=None,
            )
            session = _session(uow, session_token)
            session.webauthn_state = json.dumps({"state": state, "name": key_name})
            uow.commit()
            return dict(options.public_key)

    def finish_key(
        self, actor: Actor, session_token: str, key_name: str, credential: dict[str, Any]
    ) -> SecurityKeyRecord:
        """Store the key the browser created (at most 8, names unique per user)."""
        from fido2.webauthn import RegistrationResponse

        keys = self._services.security_keys
        with self._ctx.uow() as uow:
            session = _session(uow, session_token)
            pending = json.loads(session.webauthn_state or "null")
            if not pending or pending["name"] != key_name:
                raise PreconditionError(code="key.add_again", field="key_name")
            try:
                response = RegistrationResponse.from_dict(credential)
                auth_data = keys._server(uow).register_complete(pending["state"], response)  # noqa: SLF001
            except (KeyError, TypeError, ValueError) as exc:
                raise DeviceError(code="key.verify_failed", reason=str(exc)) from None
            data = auth_data.credential_data
            assert data is not None
            user = load_user(uow, actor.name, for_update=True)
            keys._check_room(uow, user, key_name)  # noqa: SLF001
            if uow.session.scalar(
                select(func.count()).where(SecurityKey.credential_id == data.credential_id)
            ):
                raise ConflictError(code="key.already_bound")
            key = SecurityKey(
                user_id=user.id,
                name=key_name,
                credential_id=data.credential_id,
                credential_data=bytes(data),
                aaguid=str(data.aaguid),
                sign_count=auth_data.counter,
                created_at=uow.now,
            )
            uow.session.add(key)
            session.webauthn_state = None
            touch(user, uow)
            uow.audit(f"user:{user.name}", "key.add", user.name, key_name=key_name,
                      aaguid=str(data.aaguid), front_end="portal")  # fmt: skip
            uow.commit()
            return _record(key)

    def remove_key(self, actor: Actor, key_name: str) -> None:
        self._services.security_keys.unbind(
            _as_self(actor), actor.name, key_name, confirm=CONFIRM_WORD
        )

    # Temporary access credentials ---------------------------------------------------------
    def assigned_sets(self, actor: Actor) -> list[AssignedSet]:
        with self._ctx.uow() as uow:
            user = load_user(uow, actor.name)
            rows = uow.session.scalars(
                select(PermissionSet)
                .join(
                    PermissionSetMember, PermissionSetMember.permission_set_id == PermissionSet.id
                )
                .where(PermissionSetMember.user_id == user.id)
                .order_by(PermissionSet.name)
            )
            return [AssignedSet(s.name, s.description, s.session_seconds) for s in rows]

    def obtain_credentials(self, actor: Actor, set_name: str) -> NewTemporaryCredential:
        """Temporary AK/SK and security token for a set the user is assigned to; they live
        exactly the set's session duration (as `iamctl tempcred` issues them)."""
        with self._ctx.uow() as uow:
            user = load_user(uow, actor.name)
            permission_set = uow.session.scalars(
                select(PermissionSet).where(PermissionSet.name == set_name)
            ).first()
            if (
                permission_set is None
                or uow.session.get(PermissionSetMember, (permission_set.id, user.id)) is None
            ):
                raise PermissionDeniedError(code="permission_set.not_yours", set=set_name)
            key_id, secret, token = new_access_key_id(), new_secret_access_key(), new_token()
            expires = uow.now + timedelta(seconds=permission_set.session_seconds)
            uow.session.add(
                TemporaryCredential(
                    user_id=user.id,
                    permission_set_id=permission_set.id,
                    access_key_id=key_id,
                    secret_encrypted=self._ctx.vault(uow).encrypt(
                        secret.encode(), aad=f"temporary-key:{key_id}".encode()
                    ),
                    token_hash=hash_token(token),
                    created_at=uow.now,
                    expires_at=expires,
                )
            )
            uow.audit(f"user:{user.name}", "tempcred.issue", user.name, access_key_id=key_id,
                      permission_set=permission_set.name, front_end="portal")  # fmt: skip
            uow.commit()
            return NewTemporaryCredential(key_id, secret, token, expires)


def _session(uow: Any, token: str) -> PortalSession:
    row = uow.session.scalars(
        select(PortalSession).where(PortalSession.token_hash == hash_token(token))
    ).first()
    if row is None:
        raise PreconditionError(code="portal.session_ended")
    return row
