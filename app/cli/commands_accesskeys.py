"""`iamctl accesskey create|list|disable|enable|delete`: a user's permanent access keys."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO

from app.cli.context import CliContext
from app.cli.output import print_json, print_table
from app.cli.replies import reply
from app.domain.vocabulary import AccessKeyStatus
from app.errors import ValidationError
from app.services.credentials_csv import write_credentials_csv


def create(ctx: CliContext, args: argparse.Namespace) -> int:
    # Open the credentials file first: once the key exists its secret cannot be shown again.
    handle = _open_private(Path(args.csv)) if args.csv else None
    try:
        new = ctx.services.access_keys.create(ctx.actor(), args.name)
    except BaseException:
        if handle is not None:
            handle.close()
            Path(args.csv).unlink(missing_ok=True)
        raise
    if handle is not None:
        with handle:
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


def _open_private(path: Path) -> TextIO:
    """A new file only this OS user can read; an existing file is never overwritten."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ValidationError(code="file.exists", field="csv", path=str(path)) from None
    except OSError as exc:
        raise ValidationError(
            code="file.unwritable", field="csv", path=str(path), reason=exc.strerror
        ) from None
    return os.fdopen(fd, "w", encoding="utf-8", newline="")
