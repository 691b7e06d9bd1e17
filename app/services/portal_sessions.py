"""The user portal's browser sessions, kept in the store (several workers share them).

A session ends at the login policy's idle or absolute timeout, when the user is disabled,
and when an operator resets or removes the password after it began.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import bindparam, delete, func, select

from app.domain.vocabulary import UserStatus
from app.security.tokens import hash_token, new_token
from app.services.common import load_user
from app.services.context import ServiceContext
from app.store.models import OneTimeToken, PortalSession, User
from app.store.uow import UnitOfWork

# last_seen_at is written at most this often: a page view is then usually read-only.
TOUCH_EVERY = timedelta(seconds=30)
# Built once (a page view's one query): the session, its user, and whether a set-password
# link was made for the user after the session began.
_NEWER_LINK = (
    select(OneTimeToken.id)
    .where(
        OneTimeToken.user_id == PortalSession.user_id,
        OneTimeToken.purpose == "set-password",
        OneTimeToken.created_at > PortalSession.created_at,
    )
    .exists()
)
_SESSION_WITH_USER = (
    select(PortalSession, User, _NEWER_LINK)
    .outerjoin(User, User.id == PortalSession.user_id)
    .where(PortalSession.token_hash == bindparam("digest"))
)


class Stage(StrEnum):
    """How far a portal sign-in got."""

    SECOND_FACTOR = "second-factor"
    MUST_CHANGE = "must-change"
    ACTIVE = "active"


@dataclass(frozen=True)
class PortalSessionRecord:
    """A live portal session as the pages see it."""

    token: str
    user_id: int
    user_name: str
    display_name: str
    role: str
    stage: Stage
    challenge_id: str | None
    code_sent_at: datetime | None
    created_at: datetime
    expires_at: datetime


class PortalSessionService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def start(
        self, user: int | str, stage: Stage, challenge_id: str | None = None, *, replaces: str = ""
    ) -> PortalSessionRecord:
        """A new session (a new id) for ``user`` (id or name); ``replaces`` names one it
        ends."""
        with self._ctx.uow() as uow:
            record = self.open(uow, user, stage, challenge_id, replaces=replaces)
            uow.commit()
            return record

    def open(
        self,
        uow: UnitOfWork,
        user: int | str,
        stage: Stage,
        challenge_id: str | None = None,
        *,
        replaces: str = "",
    ) -> PortalSessionRecord:
        """``start``, in the caller's transaction (a sign-in's: SignInService.begin_then)."""
        if replaces:
            _delete(uow, replaces)
        uow.session.execute(delete(PortalSession).where(PortalSession.expires_at <= uow.now))
        policy = self._ctx.account_settings(uow).login_policy
        row_user = uow.session.get(User, user) if isinstance(user, int) else load_user(uow, user)
        assert row_user is not None
        token = new_token()
        row = PortalSession(
            token_hash=hash_token(token),
            user_id=row_user.id,
            stage=stage.value,
            challenge_id=challenge_id,
            code_sent_at=uow.now if challenge_id else None,
            created_at=uow.now,
            last_seen_at=uow.now,
            expires_at=uow.now + timedelta(hours=policy.cli_session_hours),
        )
        uow.session.add(row)
        return _record(token, row, row_user)

    def current(self, token: str) -> PortalSessionRecord | None:
        """The live session of ``token``, or None (an ended one is removed). A page view
        only reads (no write lock) unless the session ended or its last use is due."""
        if not token:
            return None
        digest = hash_token(token)
        with self._ctx.uow(readonly=True) as uow:
            found = self._find(uow, digest)
            if found is None:
                return None
            row, user = found
            if user is not None and uow.now - row.last_seen_at < TOUCH_EVERY:
                return _record(token, row, user)
        with self._ctx.uow() as uow:  # end it, or move its last use on
            found = self._find(uow, digest)
            if found is None:
                return None
            row, user = found
            if user is None:
                uow.session.delete(row)
                uow.commit()
                return None
            if uow.now - row.last_seen_at >= TOUCH_EVERY:
                row.last_seen_at = uow.now
                uow.commit()
            return _record(token, row, user)

    def _find(self, uow: UnitOfWork, digest: str) -> tuple[PortalSession, User | None] | None:
        """The session row of ``digest`` (None: there is none) and its user (None: the
        session has ended: idle or absolute timeout, user gone, disabled or reset); the
        session, its user and a newer set-password link in one query."""
        found = uow.session.execute(_SESSION_WITH_USER, {"digest": digest}).first()
        if found is None:
            return None
        row, user, newer_link = found
        idle = timedelta(minutes=self._ctx.account_settings(uow).login_policy.idle_lock_minutes)
        if (
            user is None
            or row.expires_at <= uow.now
            or row.last_seen_at + idle <= uow.now
            or _ended_by_operator(user, row, bool(newer_link))
        ):
            return row, None
        return row, user

    def code_sent(self, token: str) -> None:
        """Remember when a code was last sent (the resend cool-down)."""
        with self._ctx.uow() as uow:
            row = _row(uow, token)
            if row is not None:
                row.code_sent_at = uow.now
                uow.commit()

    def end(self, token: str) -> None:
        with self._ctx.uow() as uow:
            _delete(uow, token)
            uow.commit()

    def count_for(self, user_name: str) -> int:
        """How many sessions a user holds (for operators and tests)."""
        with self._ctx.uow() as uow:
            return int(
                uow.session.scalar(
                    select(func.count())
                    .select_from(PortalSession)
                    .join(User, User.id == PortalSession.user_id)
                    .where(User.name_key == user_name.lower())
                )
                or 0
            )


def _ended_by_operator(user: User, row: PortalSession, newer_link: bool) -> bool:
    """Disabled, or the password reset or removed since the session began (a set-password
    link made after it began is a reset)."""
    if user.status != UserStatus.ENABLED or user.password_hash is None:
        return True
    if user.password_set_at is not None and user.password_set_at > row.created_at:
        return True
    return newer_link


def _row(uow: UnitOfWork, token: str) -> PortalSession | None:
    return uow.session.scalars(
        select(PortalSession).where(PortalSession.token_hash == hash_token(token))
    ).first()


def _delete(uow: UnitOfWork, token: str) -> None:
    uow.session.execute(delete(PortalSession).where(PortalSession.token_hash == hash_token(token)))


def _record(token: str, row: PortalSession, user: User) -> PortalSessionRecord:
    return PortalSessionRecord(
        token=token,
        user_id=user.id,
        user_name=user.name,
        display_name=user.display_name,
        role=user.role,
        stage=Stage(row.stage),
        challenge_id=row.challenge_id,
        code_sent_at=row.code_sent_at,
        created_at=row.created_at,
        expires_at=row.expires_at,
    )
