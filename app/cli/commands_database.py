"""`iamctl db upgrade|status`: the store's schema version."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext
from app.cli.output import print_fields, print_json
from app.store import db


def upgrade(ctx: CliContext, args: argparse.Namespace) -> int:
    engine = ctx.open_store().engine
    before, head = db.current_revision(engine), db.head_revision(engine)
    if before == head:
        ctx.say(f"The schema of {ctx.settings.describe_store()} is up to date ({head}).")
        return 0
    db.upgrade(engine)
    ctx.say(f"Upgraded {ctx.settings.describe_store()} from {before or 'empty'} to {head}.")
    return 0


def status(ctx: CliContext, args: argparse.Namespace) -> int:
    engine = ctx.open_store().engine
    current, head = db.current_revision(engine), db.head_revision(engine)
    state = {
        "store": ctx.settings.describe_store(),
        "revision": current,
        "head": head,
        "up_to_date": current == head,
        "initialised": db.is_initialised(engine) if current else False,
    }
    if args.json:
        print_json(ctx.stdout, state)
    else:
        print_fields(
            ctx.stdout,
            [
                ("Store", state["store"]),
                ("Schema", current or "empty"),
                ("Latest", head),
                ("Up to date", state["up_to_date"]),
                ("Account", state["initialised"]),
            ],
        )
    return 0
