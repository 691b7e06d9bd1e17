"""The portal's one door to the sign-in service: switching to the shared sign-in core is a
change to this file alone.

When the store's services carry the sign-in core (``services.sign_in``, app/services/
sign_in.py) the portal uses it with purpose PORTAL; until then a stand-in service
(app/services/portal_sign_in.py) follows the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.services import Services
from app.services.portal_challenges import describe_challenge
from app.services.records import SecondFactorChallenge

__all__ = ["SecondFactorChallenge", "SignInFlow", "SignedIn"]


@dataclass(frozen=True)
class SignedIn:
    """The password (and second factor) were right."""

    user_id: int
    user_name: str
    password_change_required: bool


class SignInFlow:
    """Password, then the second factor; every step one service call (run off the loop)."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._core: Any = getattr(services, "sign_in", None)
        if self._core is None or not hasattr(self._core, "finish_key_assertion"):
            from app.services.portal_sign_in import PortalSignIn
            from app.services.second_factor import SecondFactor

            ctx = services.context
            self._core = None
            self._stand_in = PortalSignIn(
                ctx, SecondFactor(ctx, services.mfa), services.security_keys
            )

    def password(
        self, name: str, password: str, client: str | None = None
    ) -> SignedIn | SecondFactorChallenge:
        if self._core is None:
            mine = self._stand_in.password(name, password)
            return mine if isinstance(mine, SecondFactorChallenge) else _ours(mine)
        from app.domain.login_policy import SignInPurpose  # type: ignore[attr-defined]

        outcome = self._core.begin(name, password, purpose=SignInPurpose.PORTAL, client=client)
        return outcome if isinstance(outcome, SecondFactorChallenge) else _from_core(outcome)

    def code(self, challenge_id: str, code: str, client: str | None = None) -> SignedIn:
        if self._core is None:
            return _ours(self._stand_in.code(challenge_id, code))
        return _from_core(self._core.complete(challenge_id, code, client=client))

    def resend(self, challenge_id: str) -> SecondFactorChallenge:
        if self._core is None:
            return self._stand_in.resend(challenge_id)
        return self._core.resend(challenge_id)  # type: ignore[no-any-return]

    def describe(self, challenge_id: str) -> tuple[str, str, bool]:
        """(method, masked destination, has security keys) of a waiting challenge."""
        return describe_challenge(self._services.context, challenge_id)

    def key_options(self, challenge_id: str) -> dict[str, Any]:
        """The WebAuthn request options (the ``publicKey`` member, JSON form)."""
        if self._core is None:
            return self._stand_in.key_options(challenge_id)
        rp = self._relying_party()
        options = self._core.begin_key_assertion(challenge_id, rp_id=rp.id, origin=rp.origin)
        return options.get("publicKey", options)  # type: ignore[no-any-return]

    def key(
        self, challenge_id: str, credential: dict[str, Any], client: str | None = None
    ) -> SignedIn:
        if self._core is None:
            return _ours(self._stand_in.key(challenge_id, credential))
        origin = self._relying_party().origin
        return _from_core(
            self._core.finish_key_assertion(challenge_id, credential, origin, client=client)
        )

    def _relying_party(self) -> Any:
        ctx = self._services.context
        with ctx.uow() as uow:
            return ctx.account_settings(uow).relying_party


def _ours(done: Any) -> SignedIn:
    return SignedIn(done.user_id, done.user_name, done.password_change_required)


def _from_core(done: Any) -> SignedIn:
    actor = done.principal
    assert actor.user_id is not None, "the portal admits IAM users only"
    must = bool(done.password_change_required or getattr(done, "password_expired", False))
    return SignedIn(actor.user_id, actor.name, must)
