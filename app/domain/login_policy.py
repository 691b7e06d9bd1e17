"""The login policy: lockout after failed sign-ins, lock duration, session lifetimes."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from typing import Any

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
                    f"login policy {name} must be a whole number from {low} to {high}; "
                    f"got {value!r}",
                    field=name,
                )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoginPolicy:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValidationError(
                f"unknown login policy setting {unknown[0]!r}; known: {', '.join(sorted(known))}",
                field=unknown[0],
            )
        return cls(**data)


@dataclass(frozen=True)
class FailureState:
    """A principal's failed-attempt counter as stored."""

    failed_attempts: int
    first_failed_at: datetime | None
    locked_until: datetime | None


def is_locked(state: FailureState, now: datetime) -> bool:
    return state.locked_until is not None and state.locked_until > now


def after_failure(policy: LoginPolicy, state: FailureState, now: datetime) -> FailureState:
    """Count one failed sign-in; lock when the window's count reaches the limit."""
    window = timedelta(minutes=policy.failure_window_minutes)
    if state.first_failed_at is None or now - state.first_failed_at > window:
        count, first = 1, now
    else:
        count, first = state.failed_attempts + 1, state.first_failed_at
    locked_until = state.locked_until
    if count >= policy.max_failures:
        locked_until = now + timedelta(minutes=policy.lock_minutes)
        count, first = 0, None
    return FailureState(count, first, locked_until)


CLEARED = FailureState(0, None, None)
