"""The login policy: lockout after failed sign-ins, lock duration, session lifetimes, and
what each sign-in front end admits (``SignInPurpose``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from app.domain.roles import Role
from app.errors import ValidationError

_BOUNDS: dict[str, tuple[int, int]] = {
    "max_failures": (3, 20),
    "failure_window_minutes": (1, 1440),
    "lock_minutes": (1, 1440),
    "idle_lock_minutes": (1, 480),
    "cli_session_hours": (1, 24),
}


@dataclass(frozen=True)
class LoginPolicy:
    """Lock a user for ``lock_minutes`` after ``max_failures`` failed sign-ins within
    ``failure_window_minutes``. ``idle_lock_minutes`` locks an idle console;
    ``cli_session_hours`` is how long an `iamctl login` session lasts."""

    max_failures: int = 5
    failure_window_minutes: int = 15
    lock_minutes: int = 15
    idle_lock_minutes: int = 15
    cli_session_hours: int = 8

    def __post_init__(self) -> None:
        for name, (low, high) in _BOUNDS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValidationError(
                    code="policy.out_of_range",
                    field=name,
                    policy="login",
                    setting=name,
                    low=low,
                    high=high,
                    value=repr(value),
                )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoginPolicy:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValidationError(
                code="policy.unknown_setting",
                field=unknown[0],
                policy="login",
                setting=unknown[0],
                known=", ".join(sorted(known)),
            )
        return cls(**data)


class SignInPurpose(StrEnum):
    """The front end a sign-in is for; it decides who may sign in there."""

    CONSOLE = "console"  # the Qt console and its idle lock: root and operators
    CLI = "cli"  # `iamctl login`: root and operators
    PORTAL = "portal"  # the user portal in a browser: any enabled IAM user, never root
    API = "api"  # tokens (`iamctl token`, POST /v3/auth/tokens): IAM users, never root

    @property
    def admits_root(self) -> bool:
        return self in (SignInPurpose.CONSOLE, SignInPurpose.CLI)

    def admits(self, role: Role) -> bool:
        """Whether a principal of ``role`` may sign in here."""
        if role is Role.ROOT:
            return self.admits_root
        if self in (SignInPurpose.CONSOLE, SignInPurpose.CLI):
            return role is not Role.NONE
        return True


@dataclass(frozen=True)
class FailureState:
    """A principal's failed-attempt counter as stored.

    ``failed_attempts`` counts wrong passwords and wrong second-factor answers inside the
    window; ``factor_failures`` counts the wrong second-factor answers among them and
    survives a lock: a lock with no wrong second factor behind it can be passed by the
    right password plus the second factor (see app/services/sign_in_lockout.py).
    """

    failed_attempts: int
    first_failed_at: datetime | None
    locked_until: datetime | None
    factor_failures: int = 0


def is_locked(state: FailureState, now: datetime) -> bool:
    return state.locked_until is not None and state.locked_until > now


def lock_passable(state: FailureState) -> bool:
    """A lock made by wrong passwords only: the right password plus a second factor passes
    it. Once a wrong code was given (the attacker knows the password) it holds."""
    return state.factor_failures == 0


def after_failure(
    policy: LoginPolicy, state: FailureState, now: datetime, *, second_factor: bool = False
) -> FailureState:
    """Count one failed sign-in (a wrong password, or a wrong second-factor answer when
    ``second_factor``); lock when the window's count reaches the limit. A wrong second
    factor during a lock makes the lock hold and starts it again."""
    window = timedelta(minutes=policy.failure_window_minutes)
    locked = is_locked(state, now)
    factor = state.factor_failures if locked else 0
    first: datetime | None
    if state.first_failed_at is None or now - state.first_failed_at > window:
        count, first = 1, now
    else:
        count, first = state.failed_attempts + 1, state.first_failed_at
        factor = state.factor_failures
    if second_factor:
        factor += 1
    locked_until = state.locked_until
    if count >= policy.max_failures or (locked and second_factor):
        locked_until = now + timedelta(minutes=policy.lock_minutes)
        count, first = 0, None
    return FailureState(count, first, locked_until, factor)


CLEARED = FailureState(0, None, None, 0)
