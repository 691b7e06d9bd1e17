"""`iamctl password reset|delete`: a user's login password (the three reset modes)."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext
from app.cli.output import print_json, short_time
from app.cli.replies import reply, user_named
from app.domain.vocabulary import ResetMode
from app.errors import ValidationError


def reset(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.mode == ResetMode.AUTO and args.must_change is False:
        raise ValidationError(code="reset.auto_must_change", field="must_change")
    if args.email and args.mode != ResetMode.SET_NOW:
        raise ValidationError(code="reset.email_only_set_now", field="email", mode=args.mode)
    if args.password_stdin and args.mode != ResetMode.SET_NOW:
        raise ValidationError(code="reset.password_not_wanted", field="password", mode=args.mode)
    if args.mode == ResetMode.SET_NOW and not args.password_stdin:
        raise ValidationError(code="reset.needs_password", field="password")
    password = ctx.read_password("new password") if args.password_stdin else None
    result = ctx.services.passwords.reset(
        ctx.actor(),
        args.name,
        args.mode,
        new_password=password,
        must_change=True if args.must_change is None else args.must_change,
        send_email=args.email,
        expected_version=args.expected_version,
    )
    if args.json:
        shown = user_named(result)
        shown.pop("password", None)  # only the console asks for a password shown once
        print_json(ctx.stdout, shown)
        return 0
    change = " It must be changed at next sign-in." if result.must_change else ""
    if result.mode == ResetMode.SET_BY_USER:
        ctx.say(
            f"A set-password link for {result.user_name} is queued to {result.emailed_to} "
            f"(valid until {short_time(result.expires_at)}); deliver it with `iamctl outbox send`."
        )
    elif result.emailed_to:
        ctx.say(
            f"Password of {result.user_name} reset; it is queued to {result.emailed_to}.{change}"
        )
    else:
        ctx.say(f"Password of {result.user_name} set.{change}")
    return 0


def delete(ctx: CliContext, args: argparse.Namespace) -> int:
    ctx.services.passwords.delete(ctx.actor(), args.name, expected_version=args.expected_version)
    line = f"The login password of {args.name} is deleted."
    return reply(ctx, args, line, {"name": args.name, "has_password": False})


def change(ctx: CliContext, args: argparse.Namespace) -> int:
    actor = ctx.actor(changing_password=True)
    current = ctx.read_password("current password")
    new = ctx.read_password("new password")
    ctx.services.passwords.change_own(actor, current, new)
    record = {"name": actor.name, "changed": True}
    return reply(ctx, args, "Your password has been changed.", record)
