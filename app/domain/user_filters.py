"""The user list's quick filters: which users a filter keeps (the store turns it into SQL)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.domain.roles import Role, parse_user_role
from app.domain.vocabulary import LoginProtection, values
from app.errors import ValidationError


class UserFlag(StrEnum):
    """A yes/no quick filter of the user list (several combine: all must hold)."""

    LOCKED = "locked"  # failed sign-ins locked the user, and the lock still holds
    DISABLED = "disabled"
    NO_MFA = "no-mfa"  # neither a confirmed virtual MFA device nor a security key
    MUST_CHANGE = "must-change"  # the password must be changed at the next sign-in
    NO_PASSWORD = "no-password"  # noqa: S105 (a filter's name, not a secret)


@dataclass(frozen=True)
class UserFilter:
    """The quick filters in force: every flag must hold, and the role and the login
    protection must match when given."""

    flags: frozenset[UserFlag] = frozenset()
    role: Role | None = None
    protection: LoginProtection | None = None

    @property
    def empty(self) -> bool:
        return not self.flags and self.role is None and self.protection is None

    @classmethod
    def parse(cls, flags: Iterable[str] = (), role: str | None = None,
              protection: str | None = None) -> UserFilter:  # fmt: skip
        """A filter from words (as the command line or a saved setting spells them)."""
        parsed = set()
        for flag in flags:
            try:
                parsed.add(UserFlag(flag))
            except ValueError:
                raise ValidationError(
                    code="list.bad_filter", field="filter", filter=flag,
                    choices=", ".join(values(UserFlag)),
                ) from None  # fmt: skip
        method = None
        if protection:
            try:
                method = LoginProtection(protection)
            except ValueError:
                raise ValidationError(
                    code="protection.unknown", field="protection", method=protection,
                    choices=", ".join(values(LoginProtection)),
                ) from None  # fmt: skip
        return cls(frozenset(parsed), parse_user_role(role) if role else None, method)
