"""`iamctl permset ...` and `iamctl tempcred issue|list|revoke`: temporary access credentials."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext
from app.cli.output import print_json, print_table
from app.cli.replies import reply
from app.cli.session import read_secret


def create_set(ctx: CliContext, args: argparse.Namespace) -> int:
    made = ctx.services.temporary_credentials.create_set(
        ctx.actor(), args.set_name, args.duration, args.description
    )
    if args.json:
        print_json(ctx.stdout, made)
    else:
        ctx.say(f"Permission set {made.name} created ({_span(made.session_seconds)} sessions).")
    return 0


def list_sets(ctx: CliContext, args: argparse.Namespace) -> int:
    sets = ctx.services.temporary_credentials.list_sets(ctx.actor())
    if args.json:
        print_json(ctx.stdout, sets)
    else:
        print_table(ctx.stdout, ("name", "session", "members", "description"),
                    [(s.name, _span(s.session_seconds), ", ".join(s.members), s.description)
                     for s in sets])  # fmt: skip
    return 0


def assign(ctx: CliContext, args: argparse.Namespace) -> int:
    ctx.services.temporary_credentials.assign(ctx.actor(), args.set_name, args.name)
    line = f"{args.name} may now use permission set {args.set_name}."
    return reply(ctx, args, line, {"name": args.name, "permission_set": args.set_name,
                                   "member": True})  # fmt: skip


def unassign(ctx: CliContext, args: argparse.Namespace) -> int:
    ctx.services.temporary_credentials.assign(ctx.actor(), args.set_name, args.name, member=False)
    line = f"{args.name} may no longer use permission set {args.set_name}."
    return reply(ctx, args, line, {"name": args.name, "permission_set": args.set_name,
                                   "member": False})  # fmt: skip


def issue(ctx: CliContext, args: argparse.Namespace) -> int:
    api_token = read_secret(ctx.stdin, what="API token")
    new = ctx.services.temporary_credentials.issue(api_token, args.set_name)
    if args.json:
        print_json(ctx.stdout, new)
    else:
        ctx.say(f"Access key id:     {new.access_key_id}")
        ctx.say(f"Secret access key: {new.secret_access_key}")
        ctx.say(f"Security token:    {new.security_token}")
        ctx.say(f"Expires:           {new.expires_at.isoformat()} (shown once)")
    return 0


def list_credentials(ctx: CliContext, args: argparse.Namespace) -> int:
    creds = ctx.services.temporary_credentials.list(
        ctx.actor(), user_name=args.user, include_expired=args.all
    )
    if args.json:
        print_json(ctx.stdout, creds)
    else:
        print_table(ctx.stdout, ("access key id", "user", "set", "issued", "expires", "revoked"),
                    [(c.access_key_id, c.user_name, c.permission_set, c.created_at,
                      c.expires_at, c.revoked_at) for c in creds])  # fmt: skip
    return 0


def revoke(ctx: CliContext, args: argparse.Namespace) -> int:
    ctx.services.temporary_credentials.revoke(ctx.actor(), args.access_key_id)
    line = f"Temporary credentials {args.access_key_id} revoked."
    return reply(ctx, args, line, {"access_key_id": args.access_key_id, "revoked": True})


def _span(seconds: int) -> str:
    hours, minutes = divmod(seconds // 60, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m"
