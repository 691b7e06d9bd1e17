"""The portal's door to the sign-in core (app/services/sign_in.py): the PORTAL purpose, the
caller's address for the audit record, and the small record the pages turn into a session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain.login_policy import SignInPurpose
from app.services import Services
from app.services.records import SecondFactorChallenge
from app.services.records import SignedIn as CoreSignedIn

__all__ = ["SecondFactorChallenge", "SignInFlow", "SignedIn"]


@dataclass(frozen=True)
class SignedIn:
    """The password (and second factor) were right: who, and whether a change comes first."""

    user_id: int
    user_name: str
    password_change_required: bool


class SignInFlow:
    """Password, then the second factor; every step one service call (run off the loop)."""

    def __init__(self, services: Services) -> None:
        self._core = services.sign_in

    def password(
        self, name: str, password: str, client: str | None = None
    ) -> SignedIn | SecondFactorChallenge:
        outcome = self._core.begin(name, password, purpose=SignInPurpose.PORTAL, client=client)
        return outcome if isinstance(outcome, SecondFactorChallenge) else _signed_in(outcome)

    def code(self, challenge_id: str, code: str, client: str | None = None) -> SignedIn:
        return _signed_in(self._core.complete(challenge_id, code, client=client))

    def resend(self, challenge_id: str) -> SecondFactorChallenge:
        return self._core.resend(challenge_id)

    def describe(self, challenge_id: str) -> tuple[str, str, bool]:
        """(method, masked destination, has security keys) of a waiting challenge."""
        view = self._core.describe(challenge_id)
        return view.method, view.sent_to, view.has_security_keys

    def key_options(self, challenge_id: str) -> dict[str, Any]:
        options: dict[str, Any] = self._core.begin_key_assertion(challenge_id)["publicKey"]
        return options

    def key(
        self, challenge_id: str, credential: dict[str, Any], client: str | None = None
    ) -> SignedIn:
        return _signed_in(self._core.finish_key_assertion(challenge_id, credential, client=client))


def _signed_in(outcome: CoreSignedIn) -> SignedIn:
    principal = outcome.principal
    assert principal.user_id is not None  # the PORTAL purpose never admits root
    return SignedIn(
        principal.user_id,
        principal.name,
        outcome.password_change_required or outcome.password_expired,
    )
