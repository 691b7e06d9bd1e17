"""The user list's quick filters as SQL conditions on ``users``, for the list's plain pages and
for every step of its search (app/store/user_search.py).

The search also walks SQLite's covering index through a textual FROM (``users INDEXED BY
…``), where ORM columns would add a second ``users`` to the query: ``raw_column`` names the
same columns as plain ``users.<name>`` text, typed, so a condition reads the same either way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, literal_column, select, true

from app.domain.user_filters import UserFilter, UserFlag
from app.domain.vocabulary import MfaState, UserStatus
from app.store.models import SecurityKey, User, VirtualMfaDevice

ColumnOf = Callable[[str], ColumnElement[Any]]
# The conditions for a column source: the list's and the search's one way to ask.
Conditions = Callable[[ColumnOf], list[ColumnElement[bool]]]


def orm_column(name: str) -> ColumnElement[Any]:
    """``users.<name>`` as the ORM maps it."""
    return getattr(User, name)


def raw_column(name: str) -> ColumnElement[Any]:
    """``users.<name>`` as text (no FROM of its own), with the column's type for binds."""
    return literal_column(f"users.{name}", User.__table__.c[name].type)


def conditions_for(user_filter: UserFilter | None, status: str | None,
                   now: datetime) -> Conditions:  # fmt: skip
    """The conditions of ``user_filter`` (and the older ``status`` argument) at ``now``."""

    def build(column: ColumnOf) -> list[ColumnElement[bool]]:
        terms: list[ColumnElement[bool]] = []
        if status:
            terms.append(column("status") == status)
        if user_filter is None:
            return terms
        flags = user_filter.flags
        if UserFlag.DISABLED in flags:
            terms.append(column("status") == UserStatus.DISABLED.value)
        if UserFlag.LOCKED in flags:
            # "IS NOT NULL" as the partial index ix_users_locked_name says it (migration 0011)
            terms += [column("locked_until").is_not(None), column("locked_until") > now]
        if UserFlag.MUST_CHANGE in flags:
            terms.append(column("must_change_password") == true())
        if UserFlag.NO_PASSWORD in flags:
            terms.append(column("password_hash").is_(None))
        if UserFlag.NO_MFA in flags:
            terms.append(~_has_mfa(column("id")))
        if user_filter.role is not None:
            terms.append(column("role") == user_filter.role.value)
        if user_filter.protection is not None:
            terms.append(column("login_protection") == user_filter.protection.value)
        return terms

    return build


def _has_mfa(user_id: ColumnElement[Any]) -> ColumnElement[bool]:
    """A confirmed virtual MFA device or a security key (each one index lookup per user)."""
    device = exists(
        select(VirtualMfaDevice.id).where(
            VirtualMfaDevice.user_id == user_id, VirtualMfaDevice.state == MfaState.ACTIVE.value
        )
    )
    key = exists(select(SecurityKey.id).where(SecurityKey.user_id == user_id))
    return device | key
