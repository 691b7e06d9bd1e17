"""Use cases on security keys: enrol over USB, list, unbind (typed YES), assert at sign-in."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from app.domain.names import validate_key_name
from app.domain.roles import Permission
from app.domain.vocabulary import LoginProtection, MfaState
from app.errors import (
    AuthenticationError,
    ConflictError,
    DeviceError,
    LimitExceededError,
    NotFoundError,
    PreconditionError,
)
from app.services.common import load_for_change, load_permitted, touch
from app.services.context import ServiceContext
from app.services.records import Actor, SecurityKeyRecord
from app.store.models import SecurityKey, User, VirtualMfaDevice
from app.store.uow import UnitOfWork

if TYPE_CHECKING:
    from fido2.server import Fido2Server
    from fido2.webauthn import AttestedCredentialData

    from app.devices.fido import KeyDevice, KeyInteraction

# python-fido2 (and app.devices.fido over it) loads on first use of a key, not with the service
# layer: it costs the console's start-up about 40 ms (benchmarks/gui_users.py).

log = logging.getLogger(__name__)

MAX_SECURITY_KEYS = 8
CONFIRM_WORD = "YES"


def key_count(uow: UnitOfWork, user: User, *, rp_id: str | None = None) -> int:
    """How many keys ``user`` has (with ``rp_id``: enrolled under it, the ones that answer)."""
    query = select(func.count()).where(SecurityKey.user_id == user.id)
    if rp_id is not None:
        query = query.where(SecurityKey.rp_id == rp_id)
    return uow.session.scalar(query) or 0


def has_active_totp(uow: UnitOfWork, user: User) -> bool:
    return bool(
        uow.session.scalar(
            select(func.count()).where(
                VirtualMfaDevice.user_id == user.id, VirtualMfaDevice.state == MfaState.ACTIVE
            )
        )
    )


@dataclass(frozen=True)
class KeyAssertion:
    """A pending sign-in assertion: what the key must sign, and what checks its answer."""

    server: Fido2Server
    options: Any
    state: Any
    credentials: list[AttestedCredentialData]
    origin: str


class SecurityKeyService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def list(self, actor: Actor, name: str) -> list[SecurityKeyRecord]:
        with self._ctx.uow() as uow:
            user = load_permitted(uow, actor, name, Permission.VIEW_USERS)
            return [_record(k) for k in _keys(uow, user)]

    def add(
        self,
        actor: Actor,
        name: str,
        key_name: str,
        device: KeyDevice | None,
        interaction: KeyInteraction,
        cancel: threading.Event,
    ) -> SecurityKeyRecord:
        """Enrol the key in ``device`` for user ``name``. Blocks while the key waits for a
        touch (run it off the GUI thread); ``cancel`` stops the wait."""
        from app.devices.fido import client_for, explain, user_verification_for

        key_name = validate_key_name(key_name)
        server, options, state = self._begin(actor, name, key_name, user_verification_for(device))
        client = client_for(device, self._origin(), interaction)
        try:
            response = client.make_credential(options.public_key, event=cancel)
        except Exception as exc:  # python-fido2 raises ClientError, CtapError, OSError
            raise explain(exc, cancel) from None
        return self._finish(actor, name, key_name, server, state, response)

    def begin_browser_key(
        self, actor: Actor, name: str, key_name: str
    ) -> tuple[dict[str, Any], str]:
        """WebAuthn creation options for a key added in a browser (JSON-able,
        ``navigator.credentials.create``) and the state to keep until its answer."""
        from fido2.webauthn import UserVerificationRequirement

        key_name = validate_key_name(key_name)
        discouraged = UserVerificationRequirement.DISCOURAGED
        _, options, state = self._begin(actor, name, key_name, discouraged)
        return dict(options.public_key), json.dumps({"state": state, "name": key_name})

    def finish_browser_key(
        self, actor: Actor, name: str, key_name: str, kept: str | None, credential: Any
    ) -> SecurityKeyRecord:
        """Store the key a browser created (``PublicKeyCredential.toJSON()``) for the
        options ``begin_browser_key`` gave, with the same checks as over USB."""
        from fido2.webauthn import RegistrationResponse

        pending = json.loads(kept or "null")
        if not pending or pending["name"] != key_name:
            raise PreconditionError(code="key.add_again", field="key_name")
        try:
            response = RegistrationResponse.from_dict(credential)
        except (KeyError, TypeError, ValueError) as exc:
            raise DeviceError(code="key.verify_failed", reason=str(exc)) from None
        with self._ctx.uow() as uow:
            server = self._server(uow)
        return self._finish(actor, name, key_name, server, pending["state"], response,
                            front_end="portal")  # fmt: skip

    def _finish(
        self,
        actor: Actor,
        name: str,
        key_name: str,
        server: Fido2Server,
        state: Any,
        response: Any,
        **details: str,
    ) -> SecurityKeyRecord:
        """Verify a new key's answer and store it (at most 8, names and keys unique)."""
        try:
            auth_data = server.register_complete(state, response)
        except (KeyError, TypeError, ValueError) as exc:
            raise DeviceError(code="key.verify_failed", reason=str(exc)) from None
        credential = auth_data.credential_data
        assert credential is not None
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.MANAGE_FACTORS)
            self._check_room(uow, user, key_name)
            if uow.session.scalar(
                select(func.count()).where(SecurityKey.credential_id == credential.credential_id)
            ):
                raise ConflictError(code="key.already_bound")
            key = SecurityKey(
                user_id=user.id,
                name=key_name,
                credential_id=credential.credential_id,
                credential_data=bytes(credential),
                aaguid=str(credential.aaguid),
                rp_id=server.rp.id,
                sign_count=auth_data.counter,
                created_at=uow.now,
            )
            uow.session.add(key)
            touch(user, uow)
            uow.audit(actor.label, "key.add", user.name, key_name=key_name,
                      aaguid=str(credential.aaguid), **details)  # fmt: skip
            uow.commit()
            return _record(key)

    def unbind(self, actor: Actor, name: str, key_name: str, *, confirm: str) -> None:
        if confirm != CONFIRM_WORD:
            raise PreconditionError(code="key.confirm_word", field="confirm", word=CONFIRM_WORD)
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.MANAGE_FACTORS)
            key = uow.session.scalars(
                select(SecurityKey).where(
                    SecurityKey.user_id == user.id, SecurityKey.name == key_name
                )
            ).first()
            if key is None:
                raise NotFoundError(code="key.not_found", name=user.name, key=key_name)
            if (
                user.login_protection == LoginProtection.MFA
                and key_count(uow, user) == 1
                and not has_active_totp(uow, user)
            ):
                raise PreconditionError(code="key.needed_by_protection", name=user.name)
            uow.session.delete(key)
            touch(user, uow)
            uow.audit(actor.label, "key.unbind", user.name, key_name=key_name)
            uow.commit()

    def begin_assertion(
        self, uow: UnitOfWork, user: User, device: KeyDevice | None
    ) -> KeyAssertion:
        """Options for a sign-in assertion by one of the user's keys."""
        from fido2.webauthn import AttestedCredentialData, UserVerificationRequirement

        from app.devices.fido import user_verification_for

        server = self._server(uow)
        keys = _keys(uow, user, rp_id=server.rp.id)
        if not keys:
            raise AuthenticationError(code="key.none_for_signin", name=user.name)
        credentials = [AttestedCredentialData(k.credential_data) for k in keys]
        options, state = server.authenticate_begin(
            credentials,
            user_verification=UserVerificationRequirement(user_verification_for(device)),
        )
        return KeyAssertion(server, options, state, credentials, self._origin(uow))

    @staticmethod
    def sign(
        request: KeyAssertion,
        device: KeyDevice | None,
        interaction: KeyInteraction,
        cancel: threading.Event,
    ) -> Any:
        """Ask the key to sign (blocks for the touch; hold no transaction meanwhile)."""
        from app.devices.fido import client_for, explain

        client = client_for(device, request.origin, interaction)
        try:
            return client.get_assertion(request.options.public_key, event=cancel).get_response(0)
        except Exception as exc:  # python-fido2 raises ClientError, CtapError, OSError
            raise explain(exc, cancel) from None

    def finish_assertion(
        self, uow: UnitOfWork, user: User, request: KeyAssertion, response: Any
    ) -> str:
        """Verify the signature and the sign counter of a USB assertion; returns the key's
        name. Raises AuthenticationError (the caller counts it and commits)."""
        try:
            used = request.server.authenticate_complete(
                request.state, request.credentials, response
            )
        except ValueError:
            raise AuthenticationError(code="key.signature_bad") from None
        counter = response.response.authenticator_data.counter
        return self._count_use(uow, user, used.credential_id, counter)

    def begin_browser_assertion(
        self, uow: UnitOfWork, user: User, *, rp_id: str, origin: str
    ) -> tuple[dict[str, Any], str]:
        """WebAuthn request options for a browser (JSON-able, ``navigator.credentials.get``)
        and the state to keep until its answer."""
        from fido2.webauthn import AttestedCredentialData, UserVerificationRequirement

        keys = _keys(uow, user, rp_id=rp_id)
        if not keys:
            raise AuthenticationError(code="key.none_for_signin", name=user.name)
        server = self._server(uow, rp_id=rp_id, origin=origin)
        credentials = [AttestedCredentialData(k.credential_data) for k in keys]
        options, state = server.authenticate_begin(
            credentials, user_verification=UserVerificationRequirement.DISCOURAGED
        )
        kept = json.dumps({"state": state, "rp_id": rp_id, "origin": origin})
        return dict(options), kept

    def finish_browser_assertion(
        self, uow: UnitOfWork, user: User, kept: str, response_json: Any, origin: str
    ) -> str:
        """Verify a browser's assertion (``PublicKeyCredential.toJSON()``) against the same
        stored credentials and sign counters as the USB path; returns the key's name."""
        from fido2.webauthn import AttestedCredentialData, AuthenticationResponse

        saved = json.loads(kept)
        if origin != saved["origin"]:
            raise AuthenticationError(code="key.wrong_origin")
        server = self._server(uow, rp_id=saved["rp_id"], origin=origin)
        keys = _keys(uow, user, rp_id=saved["rp_id"])
        credentials = [AttestedCredentialData(k.credential_data) for k in keys]
        try:
            if isinstance(response_json, str | bytes):
                response_json = json.loads(response_json)
            response = AuthenticationResponse.from_dict(response_json)
            used = server.authenticate_complete(saved["state"], credentials, response)
        except (ValueError, KeyError, TypeError):
            raise AuthenticationError(code="key.signature_bad") from None
        counter = response.response.authenticator_data.counter
        return self._count_use(uow, user, used.credential_id, counter)

    def _count_use(self, uow: UnitOfWork, user: User, credential_id: bytes, counter: int) -> str:
        """Move the key's sign counter forward. A counter that does not move forward means a
        cloned key: refused and flagged in the audit."""
        key = next(k for k in _keys(uow, user) if k.credential_id == credential_id)
        if (counter or key.sign_count) and counter <= key.sign_count:
            uow.audit(
                f"user:{user.name}",
                "key.counter_regressed",
                user.name,
                outcome="failure",
                key_name=key.name,
                stored=key.sign_count,
                presented=counter,
            )
            raise AuthenticationError(code="key.cloned", key=key.name)
        key.sign_count, key.last_used_at = counter, uow.now
        return key.name

    def _begin(
        self, actor: Actor, name: str, key_name: str, user_verification: str
    ) -> tuple[Fido2Server, Any, Any]:
        from fido2.webauthn import (
            AttestedCredentialData,
            PublicKeyCredentialUserEntity,
            UserVerificationRequirement,
        )

        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.MANAGE_FACTORS)
            self._check_room(uow, user, key_name)
            server = self._server(uow)
            entity = PublicKeyCredentialUserEntity(
                id=self._user_handle(uow, user),
                name=user.name,
                display_name=user.display_name or user.name,
            )
            existing = [AttestedCredentialData(k.credential_data) for k in _keys(uow, user)]
            options, state = server.register_begin(
                entity,
                existing,
                user_verification=UserVerificationRequirement(user_verification),
            )
            return server, options, state

    def _check_room(self, uow: UnitOfWork, user: User, key_name: str) -> None:
        if key_count(uow, user) >= MAX_SECURITY_KEYS:
            raise LimitExceededError(code="key.limit", name=user.name, max=MAX_SECURITY_KEYS)
        if uow.session.scalar(
            select(func.count()).where(SecurityKey.user_id == user.id, SecurityKey.name == key_name)
        ):
            raise ConflictError(
                code="key.name_taken", field="key_name", name=user.name, key=key_name
            )
        if uow.session.scalar(
            select(func.count()).where(
                VirtualMfaDevice.user_id == user.id, VirtualMfaDevice.name == key_name
            )
        ):
            raise ConflictError(
                code="mfa.device_name_taken", field="key_name", name=user.name, device=key_name
            )

    def _server(
        self, uow: UnitOfWork, *, rp_id: str | None = None, origin: str | None = None
    ) -> Fido2Server:
        from fido2.server import Fido2Server
        from fido2.webauthn import AttestationConveyancePreference, PublicKeyCredentialRpEntity

        rp = self._ctx.account_settings(uow).relying_party
        entity = PublicKeyCredentialRpEntity(name=rp.name, id=rp_id or rp.id)
        none = AttestationConveyancePreference.NONE
        if origin is None:
            return Fido2Server(entity, attestation=none)
        return Fido2Server(entity, attestation=none, verify_origin=lambda o: o == origin)

    def _origin(self, uow: UnitOfWork | None = None) -> str:
        if uow is not None:
            return self._ctx.account_settings(uow).relying_party.origin
        with self._ctx.uow() as fresh:
            return self._ctx.account_settings(fresh).relying_party.origin

    def _user_handle(self, uow: UnitOfWork, user: User) -> bytes:
        """An opaque, stable WebAuthn user handle (no name or e-mail inside)."""
        store_id = self._ctx.account(uow).store_id
        return hashlib.sha256(f"{store_id}:{user.id}".encode()).digest()[:16]


def _keys(uow: UnitOfWork, user: User, *, rp_id: str | None = None) -> list[SecurityKey]:
    """The user's keys, oldest first; with ``rp_id``, only those enrolled under it (a key
    answers for the relying party it was made for, no other)."""
    query = select(SecurityKey).where(SecurityKey.user_id == user.id)
    if rp_id is not None:
        query = query.where(SecurityKey.rp_id == rp_id)
    return list(uow.session.scalars(query.order_by(SecurityKey.created_at, SecurityKey.id)))


def keys_under(uow: UnitOfWork, rp_id: str) -> int:
    """How many keys in the store were enrolled under ``rp_id``."""
    return uow.session.scalar(select(func.count()).where(SecurityKey.rp_id == rp_id)) or 0


def _record(key: SecurityKey) -> SecurityKeyRecord:
    return SecurityKeyRecord(key.name, key.aaguid, key.created_at, key.last_used_at, key.sign_count)
