"""The portal's one door to the sign-in service: switching to the shared sign-in core is a
change to this file alone."""

from __future__ import annotations

from typing import Any

from app.services import Services
from app.services.portal_sign_in import PortalSignIn, SignedIn
from app.services.records import SecondFactorChallenge
from app.services.second_factor import SecondFactor

__all__ = ["SecondFactorChallenge", "SignInFlow", "SignedIn"]


class SignInFlow:
    """Password, then the second factor; every step one service call (run off the loop)."""

    def __init__(self, services: Services) -> None:
        ctx = services.context
        self._core = PortalSignIn(ctx, SecondFactor(ctx, services.mfa), services.security_keys)

    def password(self, name: str, password: str) -> SignedIn | SecondFactorChallenge:
        return self._core.password(name, password)

    def code(self, challenge_id: str, code: str) -> SignedIn:
        return self._core.code(challenge_id, code)

    def resend(self, challenge_id: str) -> SecondFactorChallenge:
        return self._core.resend(challenge_id)

    def describe(self, challenge_id: str) -> tuple[str, str, bool]:
        """(method, masked destination, has security keys) of a waiting challenge."""
        return self._core.describe(challenge_id)

    def key_options(self, challenge_id: str) -> dict[str, Any]:
        return self._core.key_options(challenge_id)

    def key(self, challenge_id: str, credential: dict[str, Any]) -> SignedIn:
        return self._core.key(challenge_id, credential)
