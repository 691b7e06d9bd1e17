"""`iamctl token`: an API token for an IAM user (password, plus TOTP when API login
protection is on). The token is printed once; only its hash is stored."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext
from app.cli.output import print_json, short_time


def token(ctx: CliContext, args: argparse.Namespace) -> int:
    # A refusal that needs the code (signin.token_needs_totp) gets its --code hint at the edge.
    issued = ctx.services.api_tokens.issue(args.name, ctx.read_password(), args.code)
    if args.json:
        print_json(ctx.stdout, {"name": issued.user_name, "token": issued.token,
                                "expires_at": issued.expires_at})  # fmt: skip
    else:
        ctx.say(issued.token)
        ctx.say(f"(valid until {short_time(issued.expires_at)}; shown once)")
    return 0
