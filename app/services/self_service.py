"""A signed-in IAM user's own security settings (the portal): the desk's use cases, run with
the user's self permission (``Role.SELF``: their own record only), audited as ``user:NAME``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.domain.roles import Permission
from app.errors import PreconditionError
from app.security.tokens import hash_token
from app.services import Services
from app.services.common import detail, load_permitted
from app.services.mfa import device_of, status_of
from app.services.records import (
    Actor,
    MfaStatus,
    NewTemporaryCredential,
    SecurityKeyRecord,
    TotpEnrollment,
    UserDetail,
)
from app.services.security_keys import CONFIRM_WORD, _keys, _record
from app.services.temporary_credentials import assigned_sets
from app.store.models import PortalSession


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


class SelfService:
    """Args: services: the desk's services, whose use cases this one reuses.

    Every call acts as ``actor.on_own_record()``: whatever operator role the user holds,
    the portal reaches their own record only (the services check ``Role.SELF``).
    """

    def __init__(self, services: Services) -> None:
        self._services = services
        self._ctx = services.context

    def overview(self, actor: Actor) -> SelfOverview:
        me = actor.on_own_record()
        with self._ctx.uow(readonly=True) as uow:  # one read: the page shows one moment
            user = load_permitted(uow, me, me.name, Permission.VIEW_USERS)
            keys = tuple(_record(k) for k in _keys(uow, user))
            return SelfOverview(detail(user, uow), status_of(device_of(uow, user)), keys)

    # Virtual MFA ------------------------------------------------------------------------
    def bind_mfa(self, actor: Actor) -> TotpEnrollment:
        me = actor.on_own_record()
        return self._services.mfa.bind(me, me.name)

    def confirm_mfa(self, actor: Actor, code1: str, code2: str) -> MfaStatus:
        me = actor.on_own_record()
        return self._services.mfa.confirm(me, me.name, code1, code2)

    def unbind_mfa(self, actor: Actor) -> None:
        me = actor.on_own_record()
        self._services.mfa.unbind(me, me.name)

    # Security keys in the browser ---------------------------------------------------------
    def begin_key(self, actor: Actor, session_token: str, key_name: str) -> dict[str, Any]:
        """WebAuthn creation options for a new key; the state waits in the portal session."""
        me = actor.on_own_record()
        options, kept = self._services.security_keys.begin_browser_key(me, me.name, key_name)
        with self._ctx.uow() as uow:
            _session(uow, session_token).webauthn_state = kept
            uow.commit()
        return options

    def finish_key(
        self, actor: Actor, session_token: str, key_name: str, credential: dict[str, Any]
    ) -> SecurityKeyRecord:
        """Store the key the browser created (at most 8, names unique per user)."""
        me = actor.on_own_record()
        with self._ctx.uow() as uow:
            kept = _session(uow, session_token).webauthn_state
        record = self._services.security_keys.finish_browser_key(
            me, me.name, key_name, kept, credential
        )
        with self._ctx.uow() as uow:  # the options are spent once the key is stored
            _session(uow, session_token).webauthn_state = None
            uow.commit()
        return record

    def remove_key(self, actor: Actor, key_name: str) -> None:
        me = actor.on_own_record()
        self._services.security_keys.unbind(me, me.name, key_name, confirm=CONFIRM_WORD)

    # Temporary access credentials ---------------------------------------------------------
    def assigned_sets(self, actor: Actor) -> list[AssignedSet]:
        me = actor.on_own_record()
        with self._ctx.uow() as uow:
            user = load_permitted(uow, me, me.name, Permission.OBTAIN_TEMPORARY_CREDENTIALS)
            return [
                AssignedSet(s.name, s.description, s.session_seconds)
                for s in assigned_sets(uow, user)
            ]

    def obtain_credentials(self, actor: Actor, set_name: str) -> NewTemporaryCredential:
        """Temporary AK/SK and security token for a set the user is assigned to; they live
        exactly the set's session duration (as `iamctl tempcred` issues them)."""
        me = actor.on_own_record()
        return self._services.temporary_credentials.issue_to_self(me, set_name)


def _session(uow: Any, token: str) -> PortalSession:
    row = uow.session.scalars(
        select(PortalSession).where(PortalSession.token_hash == hash_token(token))
    ).first()
    if row is None:
        raise PreconditionError(code="portal.session_ended")
    return row
