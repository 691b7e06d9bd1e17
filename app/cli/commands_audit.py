"""`iamctl audit list|verify|export`: the hash-chained audit log."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.context import CliContext
from app.cli.output import print_json, print_table
from app.cli.replies import reply
from app.security.output_files import open_new_file, protected_files

_COLUMNS = ("id", "time", "actor", "action", "target", "outcome", "details")


def list_events(ctx: CliContext, args: argparse.Namespace) -> int:
    events = ctx.services.audit.list(
        ctx.actor(), limit=args.limit, before_id=args.before_id, target=args.target
    )
    if args.json:
        print_json(ctx.stdout, events)
        return 0
    rows = [
        (
            e.id,
            e.at,
            e.actor,
            e.action,
            e.target,
            e.outcome,
            " ".join(f"{k}={_detail(v)}" for k, v in e.details.items()),
        )
        for e in events
    ]
    print_table(ctx.stdout, _COLUMNS, rows)
    return 0


def _detail(value: object) -> str:
    if isinstance(value, str) and value and not any(c.isspace() or c == '"' for c in value):
        return value
    return json.dumps(value, ensure_ascii=False)


def verify(ctx: CliContext, args: argparse.Namespace) -> int:
    """Exit 0 when the chain is intact; otherwise name the first event that does not fit."""
    result = ctx.services.audit.verify(ctx.actor())
    if args.json:
        print_json(ctx.stdout, result)
    elif result.ok:
        ctx.say(f"audit log intact: {result.events} events")
    else:
        ctx.say(f"audit log broken at event {result.first_bad_id}: {result.reason}")
    if result.ok:
        return 0
    ctx.stderr.write(
        f"iamctl: the audit log is broken at event {result.first_bad_id}; keep a copy of the "
        "store and investigate who changed it\n"
    )
    return 1


def export(ctx: CliContext, args: argparse.Namespace) -> int:
    actor = ctx.actor()
    if args.csv == "-":
        ctx.services.audit.export_csv(actor, ctx.stdout)
        return 0
    path = Path(args.csv)
    protected = protected_files(ctx.settings)
    with open_new_file(path, force=args.force, protected=protected) as out:
        count = ctx.services.audit.export_csv(actor, out)
    line = f"Exported {count} audit events to {path}."
    return reply(ctx, args, line, {"exported": count, "path": str(path)})
