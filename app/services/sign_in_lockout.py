"""The one place that writes a principal's lockout state, and the sign-in audit records.

Private to the sign-in core (app/services/sign_in.py): these helpers join the caller's
transaction. ``clear_lockout`` is also what an operator's unlock uses.

The lockout (NIST SP 800-63B-4 §3.2.2), and why an attacker cannot use it as a weapon:

1. Wrong passwords and wrong second-factor answers (TOTP, SMS/email code, key assertion)
   count towards one counter; ``max_failures`` inside the window locks for ``lock_minutes``.
   A challenge still ends after 5 wrong answers, but starting again resets nothing.
2. A lock made by wrong passwords alone cannot be used to keep the owner out: the right
   password plus the second factor passes it. The factor is the principal's login
   protection; without one, a code sent to the principal's own email or mobile. While such
   a lock holds, a wrong password gets a decoy challenge that looks the same and that no
   answer passes (counted as a wrong second factor), so the lock is no password oracle.
3. Once a wrong second factor was given (the attacker knows the password), the lock holds
   against everyone until it runs out or an operator unlocks; each wrong answer during a
   lock starts it again. At 5 answers per lock a 6-digit code takes years to guess.
4. Root has no operator above it. Root signs in only at a workstation (console, `iamctl`),
   and every workstation of the store holds the vault's wrapping key (key file or OS
   keyring): root's right password in a process that opens the store's vault passes any
   lock (then root's own MFA, if bound). An attacker without the wrapping key cannot keep
   root out; one with it can read the store anyway.
5. Principals with no second factor and no contact stay locked until the lock runs out or
   an operator unlocks them. (Growing delays were not chosen: a per-principal delay that an
   attacker keeps renewing is the same weapon as a lock.)
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from app.domain.login_policy import CLEARED, FailureState, LoginPolicy, after_failure, is_locked
from app.store.models import Account, User
from app.store.uow import UnitOfWork

Principal = Account | User

ANONYMOUS = "anonymous"
LOCK_ACTION = "auth.lock"  # a lock began (or a wrong second factor started it again)
LOCK_ACTOR = "system"
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
    assertion) towards the principal's one lockout (NIST SP 800-63B-4 §3.2.2). A lock that
    begins, or starts again, is audited as itself (actor ``system``, the principal as
    target), beside the refused sign-in that caused it."""
    before = state_of(principal)
    state = after_failure(policy, before, uow.now, second_factor=second_factor)
    _store(principal, state)
    if state.locked_until is not None and state.locked_until != before.locked_until:
        uow.audit(LOCK_ACTOR, LOCK_ACTION, printable(principal.name), until=state.locked_until,
                  minutes=policy.lock_minutes, second_factor=second_factor,
                  renewed=is_locked(before, uow.now))  # fmt: skip
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
