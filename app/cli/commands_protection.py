"""`iamctl protection set`: the second factor a user's sign-in asks for."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext
from app.cli.output import print_json
from app.errors import ValidationError


def set_protection(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.method is None and args.api is None:
        raise ValidationError("give --method off|sms|email|mfa, --api on|off, or both")
    user = ctx.services.protection.set(ctx.actor(), args.name, method=args.method, api=args.api)
    if args.json:
        print_json(ctx.stdout, user)
    else:
        api = "on" if user.api_login_protection else "off"
        ctx.say(f"Login protection of {user.name}: {user.login_protection}; API: {api}.")
    return 0
