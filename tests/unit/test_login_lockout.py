"""The lockout rule in app/domain/login_policy.py: one count for passwords and second
factors; a lock made by passwords alone is passable, one with a wrong code holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.domain.login_policy import (
    CLEARED,
    FailureState,
    LoginPolicy,
    SignInPurpose,
    after_failure,
    is_locked,
    lock_passable,
)
from app.domain.roles import Role

POLICY = LoginPolicy(max_failures=3, failure_window_minutes=15, lock_minutes=15)
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _fail(
    times: int, *, second_factor: bool = False, start: FailureState = CLEARED
) -> FailureState:
    state = start
    for i in range(times):
        state = after_failure(POLICY, state, T0 + timedelta(seconds=i), second_factor=second_factor)
    return state


def test_passwords_and_codes_share_one_count() -> None:
    state = _fail(2)
    assert not is_locked(state, T0)
    state = after_failure(POLICY, state, T0 + timedelta(seconds=5), second_factor=True)
    assert is_locked(state, T0 + timedelta(seconds=5)) and not lock_passable(state)


def test_a_password_lock_is_passable_and_a_wrong_code_during_it_makes_it_hold() -> None:
    state = _fail(3)
    assert is_locked(state, T0) and lock_passable(state)
    later = T0 + timedelta(minutes=10)
    state = after_failure(POLICY, state, later, second_factor=True)
    assert not lock_passable(state) and state.locked_until == later + timedelta(minutes=15)


def test_the_window_and_the_lock_run_out() -> None:
    state = _fail(2, second_factor=True)
    state = after_failure(POLICY, state, T0 + timedelta(minutes=20))
    assert (state.failed_attempts, state.factor_failures) == (1, 0)
    locked = _fail(3)
    assert not is_locked(locked, T0 + timedelta(minutes=16))


def test_purposes_admit_whom_they_should() -> None:
    assert SignInPurpose.CONSOLE.admits(Role.ROOT) and SignInPurpose.CLI.admits(Role.HELPDESK)
    assert not SignInPurpose.CONSOLE.admits(Role.NONE)
    assert SignInPurpose.PORTAL.admits(Role.NONE) and not SignInPurpose.PORTAL.admits(Role.ROOT)
    assert SignInPurpose.API.admits(Role.ADMINISTRATOR) and not SignInPurpose.API.admits(Role.ROOT)
