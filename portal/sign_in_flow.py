"""The portal's door to the sign-in core (app/services/sign_in.py): the PORTAL purpose, the
caller's address for the audit record, the session the password step leads to (made in the
sign-in's own transaction), and the small record the pages turn into a session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain.login_policy import SignInPurpose
from app.services import Services
from app.services.portal_sessions import PortalSessionRecord, PortalSessionService, Stage
from app.services.records import SecondFactorChallenge
from app.services.records import SignedIn as CoreSignedIn
from app.store.uow import UnitOfWork

__all__ = ["SecondFactorChallenge", "SignInFlow", "SignedIn"]


@dataclass(frozen=True)
class SignedIn:
    """The password (and second factor) were right: who, and whether a change comes first."""

    user_id: int
    user_name: str
    password_change_required: bool

    @property
    def stage(self) -> Stage:
        """Where the new session starts: the password change first, when one is due."""
        return Stage.MUST_CHANGE if self.password_change_required else Stage.ACTIVE


class SignInFlow:
    """Password, then the second factor; every step one service call (run off the loop)."""

    def __init__(self, services: Services, sessions: PortalSessionService) -> None:
        self._core = services.sign_in
        self._sessions = sessions

    def password(
        self, name: str, password: str, client: str | None = None, *, replaces: str = ""
    ) -> tuple[SignedIn | SecondFactorChallenge, PortalSessionRecord]:
        """The password step and the session it leads to (a new id; ``replaces`` ends the
        browser's old one), committed together."""

        def session(
            uow: UnitOfWork, outcome: CoreSignedIn | SecondFactorChallenge
        ) -> tuple[SignedIn | SecondFactorChallenge, PortalSessionRecord]:
            if isinstance(outcome, SecondFactorChallenge):
                waiting = self._sessions.open(uow, outcome.principal, Stage.SECOND_FACTOR,
                                              outcome.challenge_id, replaces=replaces)  # fmt: skip
                return outcome, waiting
            signed = _signed_in(outcome)
            return signed, self._sessions.open(uow, signed.user_id, signed.stage, replaces=replaces)

        _, (outcome, started) = self._core.begin_then(
            name, password, purpose=SignInPurpose.PORTAL, client=client, then=session
        )
        return outcome, started

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
