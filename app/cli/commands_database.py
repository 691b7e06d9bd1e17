"""`iamctl db upgrade|status`: the store's schema version."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext
from app.cli.output import print_fields, print_json
from app.cli.replies import reply
from app.store import db


def upgrade(ctx: CliContext, args: argparse.Namespace) -> int:
    engine = ctx.open_store().engine
    before, head = db.current_revision(engine), db.head_revision(engine)
    store = ctx.settings.describe_store()
    record = {"store": store, "from": before, "revision": head, "upgraded": before != head}
    if before == head:
        return reply(ctx, args, f"The schema of {store} is up to date ({head}).", record)
    db.upgrade(engine)
    return reply(ctx, args, f"Upgraded {store} from {before or 'empty'} to {head}.", record)


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
