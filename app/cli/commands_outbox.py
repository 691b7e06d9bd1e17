"""`iamctl outbox list|send`: email and SMS written with the changes that caused them."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext
from app.cli.output import print_json, print_table
from app.domain.vocabulary import OutboxStatus

_COLUMNS = (
    "id",
    "channel",
    "recipient",
    "purpose",
    "user",
    "status",
    "attempts",
    "next try",
    "last error",
)


def list_messages(ctx: CliContext, args: argparse.Namespace) -> int:
    messages = ctx.services.outbox.list(ctx.actor(), status=args.status, limit=args.limit)
    if args.json:
        print_json(ctx.stdout, messages)
        return 0
    rows = [
        (
            m.id,
            m.channel,
            m.recipient,
            m.purpose,
            m.user_name,
            m.status,
            m.attempts,
            m.next_attempt_at if m.status == OutboxStatus.QUEUED else None,
            m.last_error,
        )
        for m in messages
    ]
    print_table(ctx.stdout, _COLUMNS, rows)
    return 0


def send(ctx: CliContext, args: argparse.Namespace) -> int:
    """Deliver what is due now; undelivered messages stay queued and are retried later."""
    report = ctx.services.outbox.send_due(ctx.actor(), limit=args.limit)
    if args.json:
        print_json(ctx.stdout, report)
    else:
        ctx.say(
            f"sent {report.sent}, stored {report.stored}, failed {report.failed}, "
            f"remaining {report.remaining}"
        )
    if report.failed:
        ctx.warn(
            f"{report.failed} message(s) not delivered and kept for a retry; "
            "`iamctl outbox list` shows why"
        )
    return 0
