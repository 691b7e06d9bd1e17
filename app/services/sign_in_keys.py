"""The security-key answer to an "mfa" sign-in challenge: a touch over USB (the console,
python-fido2) or a browser's WebAuthn assertion (the portal). Both verify against the same
stored credential and sign counter (``SecurityKeyService``), and a wrong answer counts like a
wrong code. ``SignInService`` (app/services/sign_in.py) takes these steps in; they use its
challenge steps (open, wrong answer, finish), named by ``_ChallengeSteps``."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Protocol

from app.errors import AuthenticationError, IamDeskError
from app.services.context import ServiceContext
from app.services.records import Actor, SignedIn
from app.services.second_factor import Principal
from app.services.security_keys import SecurityKeyService
from app.store.models import SignInChallenge, User
from app.store.uow import UnitOfWork

if TYPE_CHECKING:
    from app.devices.fido import KeyDevice, KeyInteraction


class _ChallengeSteps(Protocol):
    """What the key steps use of the sign-in core."""

    _ctx: ServiceContext
    _keys: SecurityKeyService

    def _open(
        self, uow: UnitOfWork, challenge_id: str, *, keys: bool = False
    ) -> tuple[SignInChallenge, Principal, Actor]: ...

    def _wrong_answer(
        self,
        uow: UnitOfWork,
        challenge: SignInChallenge,
        row: Principal,
        actor: Actor,
        client: str | None,
        *,
        method: str | None = None,
        why: IamDeskError | None = None,
    ) -> None: ...

    def _finish(
        self, uow: UnitOfWork, challenge: SignInChallenge, row: Principal, actor: Actor,
        method: str,
    ) -> SignedIn: ...  # fmt: skip


class KeyAnswers:
    """The key steps of ``SignInService``."""

    def complete_with_key(
        self: _ChallengeSteps,
        challenge_id: str,
        device: KeyDevice | None,
        interaction: KeyInteraction,
        cancel: threading.Event,
        *,
        client: str | None = None,
    ) -> SignedIn:
        """Finish an "mfa" sign-in with a security-key touch over USB (blocks; run it off the
        GUI thread). No transaction is held while the key waits."""
        with self._ctx.uow() as uow:
            _, row, _ = self._open(uow, challenge_id, keys=True)
            assert isinstance(row, User)
            request = self._keys.begin_assertion(uow, row, device)
        response = self._keys.sign(request, device, interaction, cancel)
        with self._ctx.uow() as uow:
            challenge, row, actor = self._open(uow, challenge_id, keys=True)
            assert isinstance(row, User)
            try:
                if challenge.decoy:  # a wrong password during a lock: nothing passes it
                    raise AuthenticationError(code="key.signature_bad")
                self._keys.finish_assertion(uow, row, request, response)
            except AuthenticationError as exc:
                self._wrong_answer(uow, challenge, row, actor, client, method="key", why=exc)
            return self._finish(uow, challenge, row, actor, "key")

    def begin_key_assertion(
        self: _ChallengeSteps,
        challenge_id: str,
        *,
        rp_id: str | None = None,
        origin: str | None = None,
    ) -> dict[str, Any]:
        """WebAuthn request options for a browser (``navigator.credentials.get``); the RP id
        and origin default to the account's relying party (what the portal serves)."""
        with self._ctx.uow() as uow:
            challenge, row, _ = self._open(uow, challenge_id, keys=True)
            assert isinstance(row, User)
            party = self._ctx.account_settings(uow).relying_party
            rp_id, origin = rp_id or party.id, origin or party.origin
            options, kept = self._keys.begin_browser_assertion(uow, row, rp_id=rp_id, origin=origin)
            challenge.fido_state = kept
            uow.commit()
            return options

    def finish_key_assertion(
        self: _ChallengeSteps,
        challenge_id: str,
        response_json: Any,
        origin: str | None = None,
        *,
        client: str | None = None,
    ) -> SignedIn:
        """Finish an "mfa" sign-in with a browser's WebAuthn assertion (the origin defaults to
        the account's relying party's)."""
        with self._ctx.uow() as uow:
            challenge, row, actor = self._open(uow, challenge_id, keys=True)
            assert isinstance(row, User)
            origin = origin or self._ctx.account_settings(uow).relying_party.origin
            try:
                if challenge.fido_state is None:
                    raise AuthenticationError(code="signin.key_options_first")
                if challenge.decoy:  # a wrong password during a lock: nothing passes it
                    raise AuthenticationError(code="key.signature_bad")
                self._keys.finish_browser_assertion(
                    uow, row, challenge.fido_state, response_json, origin
                )
            except AuthenticationError as exc:
                self._wrong_answer(uow, challenge, row, actor, client, method="key", why=exc)
            challenge.fido_state = None
            return self._finish(uow, challenge, row, actor, "key")
