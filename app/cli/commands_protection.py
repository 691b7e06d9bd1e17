"""`iamctl protection set`: the second factor a user's sign-in asks for."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext
from app.cli.output import print_json
from app.domain.vocabulary import Switch
from app.errors import ValidationError


def set_protection(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.method is None and args.api is None:
        raise ValidationError(code="protection.nothing", field="method")
    user = ctx.services.protection.set(ctx.actor(), args.name, method=args.method, api=args.api)
    if args.json:
        print_json(ctx.stdout, user)
    else:
        api = Switch.ON if user.api_login_protection else Switch.OFF
        ctx.say(f"Login protection of {user.name}: {user.login_protection}; API: {api}.")
    return 0
