"""`iamctl sms set|show|test`: the gateway SMS codes leave through (the token from stdin)."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext
from app.cli.output import print_fields, print_json
from app.cli.replies import reply
from app.config import SmsGatewayKind
from app.domain.vocabulary import OutboxStatus
from app.services.sms_settings import SmsGatewayView


def set_sms(ctx: CliContext, args: argparse.Namespace) -> int:
    """Choose the gateway; for http the bearer token is read from standard input."""
    token = ctx.read_password("SMS gateway token") if args.token_stdin else None
    view = ctx.services.sms_settings.set(
        ctx.actor(), args.gateway, url=args.url, token=token, timeout=args.timeout
    )
    if args.json:
        print_json(ctx.stdout, view)
    else:
        ctx.say(_summary(view))
    return 0


def show(ctx: CliContext, args: argparse.Namespace) -> int:
    view = ctx.services.sms_settings.show(ctx.actor())
    if args.json:
        print_json(ctx.stdout, view)
        return 0
    print_fields(
        ctx.stdout,
        [
            ("Gateway", view.gateway.value),
            ("URL", view.url),
            ("Timeout (s)", view.timeout),
            ("Token set", view.token_set),
        ],
    )
    return 0


def test(ctx: CliContext, args: argparse.Namespace) -> int:
    """Send one short SMS now through the chosen gateway, not through the outbox."""
    status = ctx.services.sms_settings.send_test(ctx.actor(), args.to)
    if status == OutboxStatus.STORED:
        line = "The built-in gateway stores messages only: nothing was sent."
    else:
        line = f"The SMS gateway accepted a test message for {args.to}."
    return reply(ctx, args, line, {"recipient": args.to, "status": status})


def _summary(view: SmsGatewayView) -> str:
    if view.gateway is SmsGatewayKind.STORED:
        return "SMS gateway: built-in (messages stay in the outbox for an operator to read out)."
    return f"SMS gateway: HTTP POST to {view.url} (timeout {view.timeout:g} s, token stored)."
