"""`iamctl smtp set|show|test`: the SMTP server the outbox sends email through."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext
from app.cli.output import jsonable, print_fields, print_json
from app.cli.replies import reply
from app.notify.channels import SmtpSettings


def set_smtp(ctx: CliContext, args: argparse.Namespace) -> int:
    """Store the settings; the password (from stdin) is kept encrypted by the vault."""
    password = ctx.read_password("SMTP password") if args.password_stdin else None
    smtp = SmtpSettings(
        host=args.host,
        port=args.port,
        security=args.security,
        username=args.username or None,
        password=password,
        sender=args.sender,
    )
    # The command line states the whole setting: no --password-stdin means no password.
    view = ctx.services.smtp.save(ctx.actor(), smtp, keep_password=False)
    login = f" as {smtp.username}" if smtp.username else ""
    line = f"SMTP set: {smtp.host}:{smtp.port} ({smtp.security}){login}, from {smtp.sender}."
    return reply(ctx, args, line, view)


def show(ctx: CliContext, args: argparse.Namespace) -> int:
    view = ctx.services.smtp.view(ctx.actor())
    public = None if view is None else jsonable(view)
    if args.json:
        print_json(ctx.stdout, public)
    elif public is None:
        ctx.say("SMTP is not configured; set it with `iamctl smtp set`.")
    else:
        print_fields(ctx.stdout, [(k.replace("_", " ").capitalize(), v) for k, v in public.items()])
    return 0


def test(ctx: CliContext, args: argparse.Namespace) -> int:
    """Connect (and log in) now; with ``--to``, also send a short test email directly."""
    result = ctx.services.smtp.test(ctx.actor(), args.to)
    if result.recipient:
        line = f"The SMTP server {result.where} accepted a test email for {result.recipient}."
    else:
        line = f"The SMTP server {result.where} accepted the connection."
    return reply(ctx, args, line, result)
