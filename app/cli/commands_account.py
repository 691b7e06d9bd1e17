"""`iamctl init`, `login` and `logout`: the account and the operator session."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from app.cli import session
from app.cli.context import CliContext
from app.cli.output import print_json, short_time
from app.cli.replies import reply
from app.domain.login_policy import SignInPurpose
from app.domain.roles import Role
from app.domain.vocabulary import LoginProtection
from app.errors import AuthenticationError, IamDeskError
from app.services.records import SecondFactorChallenge, SignInResult

log = logging.getLogger(__name__)


def init(ctx: CliContext, args: argparse.Namespace) -> int:
    """Create the account, then sign its root operator in (a session like `login` makes)."""
    password = ctx.read_password()
    services = ctx.services
    made = services.account.init(args.account, password, email=args.email, mobile=args.mobile)
    signed_in = services.auth.sign_in(made.account, password, purpose=SignInPurpose.CLI)
    assert isinstance(signed_in, SignInResult)  # the root operator has no second factor yet
    _keep_session(ctx, signed_in)
    line = f"Account {made.account} created; signed in as {made.account} (root)."
    record = {"name": made.account, "role": Role.ROOT, "vault_ready": made.vault_ready}
    reply(ctx, args, line, record)
    if not made.vault_ready:
        ctx.warn(
            f"secrets cannot be stored until a wrapping key is available: {made.vault_message}"
        )
    return 0


# Refusals after which the same sign-in challenge takes another code.
RETRYABLE = ("signin.code_wrong", "signin.key_refused")


def login(ctx: CliContext, args: argparse.Namespace) -> int:
    """Sign in; a second factor is asked for as the operator's login protection says.

    MFA: give ``--code`` with the device's code. SMS or email: the first run sends a code and
    keeps the challenge in the data directory; run again with ``--code`` to finish it.
    """
    auth = ctx.services.auth
    pending_file = session.challenge_file(ctx.settings.session_file)
    pending = session.load_challenge(pending_file)
    signed_in: SignInResult | None
    if args.code and pending is not None and pending.name.lower() == args.name.strip().lower():
        # The password was checked when the code was sent; signing in again would send
        # another code and void this one.
        try:
            signed_in = auth.complete_sign_in(pending.challenge_id, args.code)
        except AuthenticationError as exc:
            if exc.code not in RETRYABLE:  # the challenge is over: start afresh
                session.remove_token(pending_file)
            raise
    else:
        outcome = auth.sign_in(args.name, ctx.read_password(), purpose=SignInPurpose.CLI)
        if isinstance(outcome, SignInResult):
            signed_in = outcome
        else:
            signed_in = _second_step(ctx, args, outcome, pending_file)
    session.remove_token(pending_file)
    _keep_session(ctx, signed_in)
    actor = signed_in.actor
    if args.json:
        record = {
            "name": actor.name,
            "role": actor.role,
            "expires_at": signed_in.expires_at,
            "password_change_required": signed_in.password_change_required,
        }
        print_json(ctx.stdout, record)
        return 0
    ctx.say(
        f"Signed in as {actor.name} ({actor.role.value}) until {short_time(signed_in.expires_at)}."
    )
    if signed_in.password_change_required:
        ctx.say(
            "Your password must be changed before anything else: run "
            "`iamctl password change --password-stdin` (current, then new password)."
        )
    return 0


def _second_step(
    ctx: CliContext, args: argparse.Namespace, challenge: SecondFactorChallenge, pending: Path
) -> SignInResult:
    if challenge.method == LoginProtection.MFA:
        if not args.code:
            raise AuthenticationError(
                code="signin.needs_code", field="code", name=challenge.principal
            )
        return ctx.services.auth.complete_sign_in(challenge.challenge_id, args.code)
    session.save_challenge(
        pending,
        session.PendingChallenge(challenge.principal, challenge.challenge_id, challenge.method),
    )
    raise AuthenticationError(
        code="signin.code_sent",
        field="code",
        method=challenge.method,
        sent_to=challenge.sent_to,
        minutes=_minutes_left(ctx, challenge),
        principal=challenge.principal,
    )


def _minutes_left(ctx: CliContext, challenge: SecondFactorChallenge) -> int:
    left = challenge.expires_at - ctx.services.context.clock.now()
    return max(1, round(left.total_seconds() / 60))


def logout(ctx: CliContext, args: argparse.Namespace) -> int:
    path = ctx.settings.session_file
    token = session.saved_token(path)
    if token is None:
        return reply(ctx, args, "You were not signed in.", {"signed_out": False})
    try:
        ctx.services.auth.sign_out(token)
    finally:
        session.remove_token(path)  # a local logout even when the store cannot be reached
    return reply(ctx, args, "Signed out.", {"signed_out": True})


def _keep_session(ctx: CliContext, signed_in: SignInResult) -> None:
    path = ctx.settings.session_file
    previous = session.saved_token(path)
    session.save_token(path, signed_in.token)
    if previous is not None and previous != signed_in.token:
        try:
            ctx.services.auth.sign_out(previous)  # one session per data directory
        except IamDeskError as exc:
            log.info("could not end the previous session: %s", exc)
