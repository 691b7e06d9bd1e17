"""What a changing `iamctl` command prints: one sentence for people, one JSON object for
scripts (``--json``). Every object about one user names that user ``name``."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext
from app.cli.output import jsonable, print_json


def reply(ctx: CliContext, args: argparse.Namespace, line: str, record: Any) -> int:
    """Print ``record`` as JSON under ``--json``, else ``line``; returns exit status 0."""
    if getattr(args, "json", False):
        print_json(ctx.stdout, user_named(record))
    else:
        ctx.say(line)
    return 0


def user_named(record: Any) -> Any:
    """``record`` as JSON values, its ``user_name`` (or ``user``) key called ``name`` when the
    object has no ``name`` of its own."""
    value = jsonable(record)
    if isinstance(value, dict) and "name" not in value:
        for key in ("user_name", "user"):
            if key in value:
                return {"name": value[key], **{k: v for k, v in value.items() if k != key}}
    return value
