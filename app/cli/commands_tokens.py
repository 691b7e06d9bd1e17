"""`iamctl token`: an API token for an IAM user (password, plus TOTP when API login
protection is on). The token is printed once; only its hash is stored."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext
from app.cli.output import print_json, short_time
from app.errors import AuthenticationError
from app.services.sign_in import NEEDS_TOTP


def token(ctx: CliContext, args: argparse.Namespace) -> int:
    try:
        issued = ctx.services.api_tokens.issue(args.name, ctx.read_password(), args.code)
    except AuthenticationError as exc:
        if exc.message == NEEDS_TOTP and not args.code:
            raise AuthenticationError(f"{NEEDS_TOTP}: give it with --code") from None
        raise
    if args.json:
        print_json(ctx.stdout, {"user": issued.user_name, "token": issued.token,
                                "expires_at": issued.expires_at})  # fmt: skip
    else:
        ctx.say(issued.token)
        ctx.say(f"(valid until {short_time(issued.expires_at)}; shown once)")
    return 0
