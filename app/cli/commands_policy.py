"""`iamctl policy show|set`: the account's password policy and login policy."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext
from app.cli.output import print_fields, print_json
from app.cli.policy_flags import policy_changes
from app.errors import ValidationError


def show(ctx: CliContext, args: argparse.Namespace) -> int:
    settings = ctx.services.account.settings(ctx.actor())
    _print(ctx, args, settings.password_policy.to_dict(), settings.login_policy.to_dict())
    return 0


def set_policy(ctx: CliContext, args: argparse.Namespace) -> int:
    """Change the knobs given; each policy that changes is one audited transaction."""
    changes = policy_changes(args)
    if not any(changes.values()):
        raise ValidationError(code="policy.nothing")
    actor = ctx.actor()
    account = ctx.services.account
    if changes["password_policy"] and changes["login_policy"]:
        # Check both before changing either, so a bad login knob leaves the password policy
        # as it was too.
        current = account.settings(actor)
        type(current.password_policy).from_dict(
            {**current.password_policy.to_dict(), **changes["password_policy"]}
        )
        type(current.login_policy).from_dict(
            {**current.login_policy.to_dict(), **changes["login_policy"]}
        )
    if changes["password_policy"]:
        account.set_password_policy(actor, changes["password_policy"])
    if changes["login_policy"]:
        account.set_login_policy(actor, changes["login_policy"])
    settings = account.settings(actor)
    _print(ctx, args, settings.password_policy.to_dict(), settings.login_policy.to_dict())
    return 0


def _print(
    ctx: CliContext, args: argparse.Namespace, password: dict[str, Any], login: dict[str, Any]
) -> None:
    if args.json:
        print_json(ctx.stdout, {"password_policy": password, "login_policy": login})
        return
    pairs = [(f"password {k.replace('_', ' ')}", v) for k, v in password.items()]
    pairs += [(f"login {k.replace('_', ' ')}", v) for k, v in login.items()]
    print_fields(ctx.stdout, pairs)
