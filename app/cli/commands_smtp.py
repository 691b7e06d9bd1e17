"""`iamctl smtp set|show|test`: the SMTP server the outbox sends email through."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext
from app.cli.output import print_fields, print_json
from app.errors import PreconditionError
from app.notify.channels import EmailMessage, SmtpSettings
from app.services.outbox import NO_SMTP


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
    ctx.services.account.set_smtp(ctx.actor(), smtp)
    login = f" as {smtp.username}" if smtp.username else ""
    ctx.say(f"SMTP set: {smtp.host}:{smtp.port} ({smtp.security}){login}, from {smtp.sender}.")
    return 0


def show(ctx: CliContext, args: argparse.Namespace) -> int:
    smtp = ctx.services.account.smtp_settings(ctx.actor())
    public = (
        None if smtp is None else {**smtp.to_public_dict(), "password_set": bool(smtp.password)}
    )
    if args.json:
        print_json(ctx.stdout, public)
    elif public is None:
        ctx.say("SMTP is not configured; set it with `iamctl smtp set`.")
    else:
        print_fields(ctx.stdout, [(k.replace("_", " ").capitalize(), v) for k, v in public.items()])
    return 0


def test(ctx: CliContext, args: argparse.Namespace) -> int:
    """Connect (and log in) now; with ``--to``, also send a short test email directly."""
    smtp = ctx.services.account.smtp_settings(ctx.actor())
    if smtp is None:
        raise PreconditionError(NO_SMTP)
    mailer = ctx.services.context.mailer_factory(smtp)
    where = f"{smtp.host}:{smtp.port}"
    if args.to:
        mailer.send(
            EmailMessage(
                args.to,
                "IAM Desk test email",
                "This is a test from IAM Desk: the SMTP settings work.\n",
            )
        )
        ctx.say(f"The SMTP server {where} accepted a test email for {args.to}.")
        return 0
    check = getattr(mailer, "test_connection", None)
    if check is None:
        raise PreconditionError(
            "this mailer cannot test a connection alone; give --to ADDR to send a test email"
        )
    check()
    ctx.say(f"The SMTP server {where} accepted the connection.")
    return 0
