"""The sign-in core: the one password, lockout and second-factor path every front end calls.

API (each public method opens its own unit of work and writes its audit records):

- ``begin(name, password, purpose=SignInPurpose.X, client=addr)`` → ``SignedIn`` (done) or a
  ``SecondFactorChallenge`` (sms, email or mfa). CONSOLE and CLI admit root and operators,
  PORTAL and API any enabled IAM user (never root). ``begin_then(..., then=make_session)``
  also makes what ``then`` makes (the portal's session) in the sign-in's own transaction.
- ``complete(challenge_id, code)``, ``resend(challenge_id)``; security keys (their steps are
  app/services/sign_in_keys.py): ``complete_with_key(challenge_id, device, interaction,
  cancel)`` (USB) and, for a browser, ``begin_key_assertion(challenge_id, rp_id=, origin=)`` →
  WebAuthn request options (JSON) and ``finish_key_assertion(challenge_id, response_json,
  origin)``; both verify against the same stored credential and sign counter.
- ``check_api_password(name, password, totp_code, then=make_token)`` → the token ``then``
  makes in the sign-in's own transaction (API login protection needs the TOTP; must-change
  or expired passwords get no token).

``SignedIn`` carries the principal (an ``Actor``), the factor used, and
``password_change_required`` / ``password_expired``; the front end turns it into its own
session (OperatorSession, the CLI's session file, a portal cookie) or token.

Every sign-in path costs one argon2 verification (a dummy hash for unknown names, disabled
users and principals the front end does not admit), answers them with the same refusal,
re-hashes outdated hashes on success, and audits a failure with a neutral actor (the
caller's address, else "anonymous") and the name as typed (control characters escaped).
That password part (which principal a name admits, the check before the write transaction,
the dummy hash) is app/services/sign_in_password.py.

The lockout, and why an attacker cannot use it to keep anyone out (root included), is
described in app/services/sign_in_lockout.py, the one module that writes it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from app.domain.login_policy import SignInPurpose, is_locked, lock_passable
from app.domain.vocabulary import LoginProtection
from app.errors import (
    AccountLockedError,
    AuthenticationError,
    IamDeskError,
)
from app.security.passwords import verify_password
from app.services.common import touch
from app.services.context import ServiceContext
from app.services.mfa import MfaService
from app.services.passwords import password_state
from app.services.records import Actor, ChallengeView, SecondFactorChallenge, SignedIn
from app.services.second_factor import MAX_ATTEMPTS, Principal, SecondFactor, mask
from app.services.security_keys import SecurityKeyService, key_count
from app.services.sign_in_factors import factor_for, holds_wrapping_key
from app.services.sign_in_keys import KeyAnswers
from app.services.sign_in_lockout import (
    audit_failure,
    clear_lockout,
    count_failure,
    locked_minutes,
    state_of,
)
from app.services.sign_in_password import PasswordCheck, admitted, check_password
from app.store.models import SignInChallenge, User
from app.store.uow import UnitOfWork

log = logging.getLogger(__name__)
T = TypeVar("T")

SignInOutcome = SignedIn | SecondFactorChallenge

SIGN_IN = "auth.sign_in"
SECOND_FACTOR = "auth.second_factor"


class SignInService(KeyAnswers):
    """Args: ctx: the shared service context; second_factor, mfa, keys: the factors."""

    def __init__(
        self,
        ctx: ServiceContext,
        second_factor: SecondFactor,
        mfa: MfaService,
        keys: SecurityKeyService,
    ) -> None:
        self._ctx = ctx
        self._factor = second_factor
        self._mfa = mfa
        self._keys = keys

    # --- the password step ---------------------------------------------------------------

    def begin(
        self, name: str, password: str, *, purpose: SignInPurpose, client: str | None = None
    ) -> SignInOutcome:
        """Check ``name``'s password for ``purpose``; a finished sign-in, or the challenge
        of the second factor that comes next."""
        outcome, _ = self.begin_then(name, password, purpose=purpose, client=client,
                                     then=_nothing)  # fmt: skip
        return outcome

    def begin_then(
        self,
        name: str,
        password: str,
        *,
        purpose: SignInPurpose,
        client: str | None = None,
        then: Callable[[UnitOfWork, SignInOutcome], T],
    ) -> tuple[SignInOutcome, T]:
        """``begin``, and ``then(uow, outcome)`` (the front end's session) in the sign-in's
        own transaction: one commit, and no sign-in recorded without its session."""
        checked = check_password(self._ctx, name, password, purpose)
        with self._ctx.uow() as uow:
            row, actor, right = self._password(uow, name, password, purpose, client, checked)
            policy = self._ctx.account_settings(uow).login_policy
            state = state_of(row)
            locked = is_locked(state, uow.now)
            method = factor_for(self._ctx, uow, row, purpose, locked=locked)
            via_key = False
            if locked:
                if holds_wrapping_key(self._ctx, uow, actor) and right:
                    via_key = True  # root at a workstation of this store (docstring, 4.)
                elif lock_passable(state) and method is not None:
                    if not right:  # the same answer as a right password: no oracle
                        audit_failure(uow, client=client, action=SIGN_IN, target=actor.name,
                                      purpose=purpose.value, locked=True)  # fmt: skip
                    outcome = self._factor.start(uow, row, actor, method, purpose, decoy=not right)
                    if right:
                        self._audit_challenge(uow, actor, method, purpose, lock=True)
                    return _committed(uow, outcome, then)
                else:
                    audit_failure(uow, client=client, action=SIGN_IN, target=actor.name,
                                  purpose=purpose.value, locked=True)  # fmt: skip
                    uow.commit()
                    raise AccountLockedError(
                        code="signin.locked_for",
                        minutes=locked_minutes(state.locked_until, uow.now),
                    )
            if not right:
                state = count_failure(uow, policy, row, second_factor=False)
                now_locked = is_locked(state, uow.now)
                audit_failure(uow, client=client, action=SIGN_IN, target=actor.name,
                              purpose=purpose.value, locked=now_locked)  # fmt: skip
                uow.commit()
                if now_locked:
                    raise AccountLockedError(
                        code="signin.locked_for",
                        minutes=locked_minutes(state.locked_until, uow.now),
                    )
                raise AuthenticationError(code="signin.bad_credentials")
            if via_key:
                method = factor_for(self._ctx, uow, row, purpose, locked=False)
                clear_lockout(row)
                uow.audit(actor.label, "auth.unlock", actor.name, by="wrapping-key")
            if method is not None:
                challenge = self._factor.start(uow, row, actor, method, purpose)
                self._audit_challenge(uow, actor, method, purpose, lock=False)
                return _committed(uow, challenge, then)
            return _committed(uow, self._signed_in(uow, row, actor, purpose, None), then)

    def check_api_password(
        self,
        name: str,
        password: str,
        totp_code: str | None = None,
        *,
        client: str | None = None,
        then: Callable[[UnitOfWork, Actor], T],
    ) -> T:
        """Check the password, plus the TOTP code when the user's API login protection is on
        (a password-only request is refused, saying so); then ``then(uow, principal)`` makes
        the token in the same transaction as the sign-in's audit (one commit)."""
        purpose = SignInPurpose.API
        checked = check_password(self._ctx, name, password, purpose)
        with self._ctx.uow() as uow:
            row, actor, right = self._password(uow, name, password, purpose, client, checked)
            assert isinstance(row, User)
            state = state_of(row)
            locked = is_locked(state, uow.now)
            protected = row.api_login_protection
            if locked and not (lock_passable(state) and protected and right and totp_code):
                audit_failure(uow, client=client, action=SIGN_IN, target=actor.name,
                              purpose=purpose.value, locked=True)  # fmt: skip
                uow.commit()
                raise AccountLockedError(
                    code="signin.locked_for", minutes=locked_minutes(state.locked_until, uow.now)
                )
            if not right:
                self._refuse(uow, row, actor, purpose, client, second_factor=False)
            if protected and not totp_code:
                uow.commit()  # a re-hash, if any
                raise AuthenticationError(code="signin.token_needs_totp", field="code")
            if protected and not self._mfa.verify(uow, row, (totp_code or "").replace(" ", "")):
                self._refuse(
                    uow, row, actor, purpose, client, second_factor=True, method=LoginProtection.MFA
                )
            signed = self._signed_in(
                uow, row, actor, purpose, LoginProtection.MFA if protected else None
            )
            if signed.password_change_required:
                uow.commit()
                raise AuthenticationError(code="signin.token_change_first")
            made = then(uow, signed.principal)
            uow.commit()
            return made

    # --- the second step -----------------------------------------------------------------

    def complete(self, challenge_id: str, code: str, *, client: str | None = None) -> SignedIn:
        """Finish a sign-in with the code of its second factor (TOTP, SMS or email)."""
        with self._ctx.uow() as uow:
            challenge, row, actor = self._open(uow, challenge_id)
            if not self._factor.code_matches(uow, challenge, row, code):
                self._wrong_answer(uow, challenge, row, actor, client)
            return self._finish(uow, challenge, row, actor, challenge.method)

    def resend(self, challenge_id: str) -> SecondFactorChallenge:
        """A new SMS/email code for the same challenge (its failure count carries on)."""
        with self._ctx.uow() as uow:
            self._open(uow, challenge_id)
            challenge = self._factor.resend(uow, challenge_id)
            uow.commit()
            return challenge

    def describe(self, challenge_id: str) -> ChallengeView:
        """A waiting challenge as a front end shows it again (a reloaded page): its method,
        the masked destination of a sent code, and whether the user has security keys."""
        with self._ctx.uow() as uow:
            challenge, row, _ = self._open(uow, challenge_id)
            destination = {"sms": row.mobile, "email": row.email}.get(challenge.method)
            keys = (
                challenge.method == LoginProtection.MFA
                and isinstance(row, User)
                and key_count(uow, row, rp_id=self._ctx.account_settings(uow).relying_party.id) > 0
            )
            return ChallengeView(challenge.method, mask(destination) if destination else "", keys)

    # --- private: joined to the caller's transaction -------------------------------------

    def _password(
        self,
        uow: UnitOfWork,
        name: str,
        password: str,
        purpose: SignInPurpose,
        client: str | None,
        checked: PasswordCheck,
    ) -> tuple[Principal, Actor, bool]:
        """The principal (row-locked), its actor, and whether the password is right, from the
        argon2 work ``checked`` did before this transaction; the one refusal for every name
        that cannot sign in here."""
        row, actor = admitted(self._ctx, uow, name, purpose, lock=True)
        if row is None or actor is None:
            self._refuse_unknown(uow, name, purpose, client)
        assert row.password_hash is not None
        if row.password_hash != checked.stored_hash:  # changed since the check: rare
            return row, actor, verify_password(row.password_hash, password)
        if checked.rehashed is not None:
            row.password_hash = checked.rehashed
        return row, actor, checked.right

    @staticmethod
    def _refuse_unknown(
        uow: UnitOfWork, name: str, purpose: SignInPurpose, client: str | None
    ) -> NoReturn:
        audit_failure(uow, client=client, action=SIGN_IN, target=name, purpose=purpose.value)
        uow.commit()
        raise AuthenticationError(code="signin.bad_credentials")

    def _open(
        self, uow: UnitOfWork, challenge_id: str, *, keys: bool = False
    ) -> tuple[SignInChallenge, Principal, Actor]:
        """The live challenge and its principal; a hard lock ends it."""
        challenge, row, actor = self._factor.open(uow, challenge_id)
        if keys and (challenge.method != LoginProtection.MFA or not isinstance(row, User)):
            raise AuthenticationError(code="signin.no_key_step")
        state = state_of(row)
        if is_locked(state, uow.now) and not (
            lock_passable(state) or holds_wrapping_key(self._ctx, uow, actor)
        ):
            raise AccountLockedError(
                code="signin.locked_for", minutes=locked_minutes(state.locked_until, uow.now)
            )
        return challenge, row, actor

    def _wrong_answer(
        self,
        uow: UnitOfWork,
        challenge: SignInChallenge,
        row: Principal,
        actor: Actor,
        client: str | None,
        *,
        method: str | None = None,
        why: IamDeskError | None = None,
    ) -> None:
        challenge.attempts += 1
        left = _attempts_left(challenge)
        purpose = SignInPurpose(challenge.purpose)
        if left <= 0:
            refusal = AuthenticationError(code="signin.too_many_codes")
        elif why is None:
            refusal = AuthenticationError(code="signin.code_wrong", field="code", left=left)
        else:
            refusal = AuthenticationError(code="signin.key_refused", reason=why.message, left=left)
        # A decoy's answers (a wrong password during a lock) count as the wrong password
        # they are: were they wrong second factors, an attacker without the password could
        # turn a passable lock into a hard one and keep the owner out.
        self._refuse(uow, row, actor, purpose, client, second_factor=True,
                     factor_failure=not challenge.decoy,
                     method=method or challenge.method, refusal=refusal)  # fmt: skip

    def _refuse(
        self,
        uow: UnitOfWork,
        row: Principal,
        actor: Actor,
        purpose: SignInPurpose,
        client: str | None,
        *,
        second_factor: bool,
        factor_failure: bool | None = None,
        method: str | None = None,
        refusal: AuthenticationError | None = None,
    ) -> None:
        """Count a wrong answer, audit it, commit, and raise the refusal. ``factor_failure``
        (default: ``second_factor``) says whether it counts as a wrong second factor."""
        policy = self._ctx.account_settings(uow).login_policy
        if factor_failure is None:
            factor_failure = second_factor
        state = count_failure(uow, policy, row, second_factor=factor_failure)
        locked = is_locked(state, uow.now)
        details: dict[str, Any] = {"purpose": purpose.value, "locked": locked}
        if method is not None:
            details["method"] = method
        audit_failure(uow, client=client, action=SECOND_FACTOR if second_factor else SIGN_IN,
                      target=actor.name, **details)  # fmt: skip
        uow.commit()
        if locked:
            raise AccountLockedError(
                code="signin.locked_for", minutes=locked_minutes(state.locked_until, uow.now)
            )
        if refusal is None:
            code = "signin.wrong_code" if second_factor else "signin.bad_credentials"
            refusal = AuthenticationError(code=code)
        raise refusal

    def _finish(
        self,
        uow: UnitOfWork,
        challenge: SignInChallenge,
        row: Principal,
        actor: Actor,
        method: str,
    ) -> SignedIn:
        self._factor.finish(uow, challenge)
        signed = self._signed_in(uow, row, actor, SignInPurpose(challenge.purpose), method)
        uow.commit()
        return signed

    def _signed_in(
        self,
        uow: UnitOfWork,
        row: Principal,
        actor: Actor,
        purpose: SignInPurpose,
        method: str | None,
    ) -> SignedIn:
        clear_lockout(row)
        row.last_login_at = uow.now
        if isinstance(row, User):
            touch(row, uow)
        must_change, expired = password_state(uow, self._ctx, row)
        actor = Actor(actor.name, actor.role, actor.user_id, must_change or expired)
        details: dict[str, Any] = {"purpose": purpose.value}
        if method is not None:
            details["method"] = method
        uow.audit(actor.label, SIGN_IN, actor.name, **details)
        return SignedIn(actor, purpose, method, must_change or expired, expired)

    @staticmethod
    def _audit_challenge(
        uow: UnitOfWork, actor: Actor, method: str, purpose: SignInPurpose, *, lock: bool
    ) -> None:
        details: dict[str, Any] = {"method": method, "purpose": purpose.value}
        if lock:
            details["passing_lock"] = True
        uow.audit(actor.label, "auth.challenge", actor.name, **details)


def _nothing(_uow: UnitOfWork, _outcome: SignInOutcome) -> None:
    return None


def _committed(
    uow: UnitOfWork, outcome: SignInOutcome, then: Callable[[UnitOfWork, SignInOutcome], T]
) -> tuple[SignInOutcome, T]:
    """``then``'s part joined to the sign-in, committed with it."""
    made = then(uow, outcome)
    uow.commit()
    return outcome, made


def _attempts_left(challenge: SignInChallenge) -> int:
    return MAX_ATTEMPTS - challenge.attempts
