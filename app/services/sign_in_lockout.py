"""The one place that writes a principal's lockout state, and the sign-in audit records.

Private to the sign-in core (app/services/sign_in.py): these helpers join the caller's
transaction. ``clear_lockout`` is also what an operator's unlock uses.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from app.domain.login_policy import CLEARED, FailureState, LoginPolicy, after_failure
from app.store.models import Account, User
from app.store.uow import UnitOfWork

Principal = Account | User

ANONYMOUS = "anonymous"
_TARGET_LENGTH = 128


def state_of(principal: Principal) -> FailureState:
    return FailureState(
        principal.failed_attempts or 0,
        principal.first_failed_at,
        principal.locked_until,
        principal.factor_failures or 0,
    )


def _store(principal: Principal, state: FailureState) -> None:
    principal.failed_attempts = state.failed_attempts
    principal.first_failed_at = state.first_failed_at
    principal.locked_until = state.locked_until
    principal.factor_failures = state.factor_failures


def count_failure(
    uow: UnitOfWork, policy: LoginPolicy, principal: Principal, *, second_factor: bool
) -> FailureState:
    """Count a wrong password or a wrong second-factor answer (TOTP, SMS/email code, key
    assertion) towards the principal's one lockout (NIST SP 800-63B-4 §3.2.2)."""
    state = after_failure(policy, state_of(principal), uow.now, second_factor=second_factor)
    _store(principal, state)
    return state


def clear_lockout(principal: Principal) -> bool:
    """Forget the failures and any lock (a finished sign-in, an operator's unlock); True when
    there was something to forget."""
    had = state_of(principal) != CLEARED
    _store(principal, CLEARED)
    return had


def printable(text: str, limit: int = _TARGET_LENGTH) -> str:
    """``text`` as typed, with control and format characters escaped (``\\x1b``,
    ``\\u202e``), cut to ``limit`` characters: safe to show in an audit list or CSV."""
    out = []
    for char in text:
        if unicodedata.category(char)[0] == "C":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)[:limit]


def audit_failure(
    uow: UnitOfWork,
    *,
    client: str | None,
    action: str,
    target: str,
    **details: object,
) -> None:
    """A refused sign-in step: the actor is neutral (the caller's address, else
    "anonymous"), never the attacked principal; the target is the name as typed."""
    actor = printable(client, 80) if client else ANONYMOUS
    uow.audit(actor, action, printable(target), outcome="failure", **details)


def locked_minutes(until: datetime | None, now: datetime) -> int:
    """Whole minutes a lock still holds (at least 1), for the ``signin.locked_for`` refusal."""
    return 1 if until is None else max(1, round((until - now).total_seconds() / 60))
