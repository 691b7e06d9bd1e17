"""Redeem the emailed set-password link: single use, expiry honoured, one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select

from app.domain.password_policy import PasswordPolicy
from app.errors import AuthenticationError
from app.security.tokens import hash_token
from app.services.common import load_user, touch
from app.services.context import ServiceContext
from app.services.passwords import PasswordService
from app.store.models import OneTimeToken, User
from app.store.uow import UnitOfWork

PURPOSE = "set-password"


class LinkState(StrEnum):
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # never issued, or voided by a newer link or a password change


@dataclass(frozen=True)
class LinkStatus:
    """What a set-password link is worth now (the user name only for a valid link)."""

    state: LinkState
    user_name: str | None = None
    expires_at: datetime | None = None


class LinkRefusedError(AuthenticationError):
    """The link cannot set a password; ``state`` says why."""

    def __init__(self, state: LinkState) -> None:
        super().__init__(_REFUSALS[state])
        self.state = state


_REFUSALS = {
    LinkState.USED: "this link has already been used: sign in with the password you set, "
    "or ask your administrator for a new link",
    LinkState.EXPIRED: "this link has expired: ask your administrator for a new one",
    LinkState.UNKNOWN: "this link is not valid (a newer link or a password change replaced "
    "it): ask your administrator for a new one",
}


class SetPasswordService:
    """Args: ctx: the shared service context; passwords: the password use cases."""

    def __init__(self, ctx: ServiceContext, passwords: PasswordService) -> None:
        self._ctx = ctx
        self._passwords = passwords

    def policy(self) -> PasswordPolicy:
        """The password policy a new password must meet (for the page's live feedback)."""
        with self._ctx.uow() as uow:
            return self._ctx.account_settings(uow).password_policy

    def status(self, token: str) -> LinkStatus:
        """Read-only: whether ``token`` still sets a password."""
        with self._ctx.uow() as uow:
            row, state = _find(uow, token, for_update=False)
            if state is not LinkState.VALID or row is None:
                return LinkStatus(state)
            user = uow.session.get(User, row.user_id)
            return LinkStatus(state, user.name if user else None, row.expires_at)

    def redeem(self, token: str, new_password: str) -> str:
        """Set the user's password from a valid link and spend the link; returns the user's
        name. Refusals (a spent link, a policy violation) change nothing."""
        with self._ctx.uow() as uow:
            row, state = _find(uow, token, for_update=True)
            if state is not LinkState.VALID or row is None or row.user_id is None:
                raise LinkRefusedError(state)
            user = uow.session.get(User, row.user_id)
            if user is None:
                raise LinkRefusedError(LinkState.UNKNOWN)
            user = load_user(uow, user.name, for_update=True)
            self._passwords._check(uow, user, new_password)  # noqa: SLF001 (same layer)
            row.used_at = uow.now
            uow.flush()  # the link is spent before storing voids the unspent ones
            self._passwords._store_password(  # noqa: SLF001
                uow, user, new_password, "set-by-user", must_change=False
            )
            touch(user, uow)
            uow.audit(f"user:{user.name}", "password.set_from_link", user.name)
            uow.commit()
            return user.name


def _find(
    uow: UnitOfWork, token: str, *, for_update: bool
) -> tuple[OneTimeToken | None, LinkState]:
    if not token or len(token) > 128:
        return None, LinkState.UNKNOWN
    query = select(OneTimeToken).where(
        OneTimeToken.token_hash == hash_token(token), OneTimeToken.purpose == PURPOSE
    )
    if for_update:
        query = query.with_for_update()
    row = uow.session.scalars(query).first()
    if row is None:
        return None, LinkState.UNKNOWN
    if row.used_at is not None:
        return row, LinkState.USED
    if row.expires_at <= uow.now:
        return row, LinkState.EXPIRED
    return row, LinkState.VALID
