"""`iamctl contact set|clear`: a user's email and mobile number."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext
from app.cli.output import print_json
from app.cli.replies import reply


def set_contact(ctx: CliContext, args: argparse.Namespace) -> int:
    user = ctx.services.contacts.set(
        ctx.actor(),
        args.name,
        email=args.email,
        mobile=args.mobile,
        expected_version=args.expected_version,
    )
    if args.json:
        print_json(ctx.stdout, user)
    else:
        ctx.say(f"Contacts of {user.name}: email {user.email or '-'}, mobile {user.mobile or '-'}.")
    return 0


def clear_contact(ctx: CliContext, args: argparse.Namespace) -> int:
    user = ctx.services.contacts.clear(
        ctx.actor(), args.name, args.field, expected_version=args.expected_version
    )
    return reply(ctx, args, f"The {args.field} of {user.name} is removed.", user)
