"""`iamctl accesskey create|list|disable|enable|delete`: a user's permanent access keys."""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from pathlib import Path

from app.cli.context import CliContext
from app.cli.output import print_json, print_table
from app.cli.replies import reply
from app.domain.vocabulary import AccessKeyStatus
from app.security.output_files import open_new_file, protected_files
from app.services.credentials_csv import write_credentials_csv


def create(ctx: CliContext, args: argparse.Namespace) -> int:
    # Open the credentials file first: once the key exists its secret cannot be shown again.
    # When the key is not created, the new file is removed again.
    with ExitStack() as stack:
        handle = None
        if args.csv:
            protected = protected_files(ctx.settings)
            handle = stack.enter_context(open_new_file(Path(args.csv), protected=protected))
        new = ctx.services.access_keys.create(ctx.actor(), args.name)
        if handle is not None:
            write_credentials_csv(handle, new)
    if args.json:
        print_json(ctx.stdout, {"name": new.user_name, "access_key_id": new.access_key_id,
                                "secret_access_key": new.secret_access_key,
                                "created_at": new.created_at})  # fmt: skip
    else:
        ctx.say(f"Access key id:     {new.access_key_id}")
        ctx.say(f"Secret access key: {new.secret_access_key}")
        where = f" (also in {args.csv})" if args.csv else ""
        ctx.say(f"Keep the secret now{where}: it is never shown again.")
    return 0


def list_keys(ctx: CliContext, args: argparse.Namespace) -> int:
    keys = ctx.services.access_keys.list(ctx.actor(), args.name)
    if args.json:
        print_json(ctx.stdout, keys)
    else:
        print_table(ctx.stdout, ("access key id", "status", "created", "last used"),
                    [(k.access_key_id, k.status, k.created_at, k.last_used_at)
                     for k in keys])  # fmt: skip
    return 0


def disable(ctx: CliContext, args: argparse.Namespace) -> int:
    ctx.services.access_keys.set_status(ctx.actor(), args.name, args.access_key_id, False)
    line = f"Access key {args.access_key_id} is inactive."
    status = AccessKeyStatus.INACTIVE
    return reply(ctx, args, line, {"name": args.name, "access_key_id": args.access_key_id,
                                   "status": status})  # fmt: skip


def enable(ctx: CliContext, args: argparse.Namespace) -> int:
    ctx.services.access_keys.set_status(ctx.actor(), args.name, args.access_key_id, True)
    line = f"Access key {args.access_key_id} is active."
    status = AccessKeyStatus.ACTIVE
    return reply(ctx, args, line, {"name": args.name, "access_key_id": args.access_key_id,
                                   "status": status})  # fmt: skip


def delete(ctx: CliContext, args: argparse.Namespace) -> int:
    ctx.services.access_keys.delete(
        ctx.actor(), args.name, args.access_key_id, confirm=args.confirm
    )
    line = f"Access key {args.access_key_id} deleted."
    return reply(ctx, args, line, {"name": args.name, "access_key_id": args.access_key_id,
                                   "deleted": True})  # fmt: skip
