"""`iamctl mfa show|bind|reset|confirm|unbind`: a user's virtual MFA device (TOTP)."""

from __future__ import annotations

import argparse
import io

import qrcode

from app.cli.context import CliContext
from app.cli.output import jsonable, print_fields, print_json
from app.cli.replies import reply
from app.domain.vocabulary import MfaState
from app.services.records import TotpEnrollment


def show(ctx: CliContext, args: argparse.Namespace) -> int:
    status = ctx.services.mfa.status(ctx.actor(), args.name)
    if args.json:
        print_json(ctx.stdout, {"name": args.name, **jsonable(status)})
    else:
        print_fields(ctx.stdout, [("state", status.state), ("created", status.created_at),
                                  ("activated", status.activated_at)])  # fmt: skip
    return 0


def bind(ctx: CliContext, args: argparse.Namespace) -> int:
    new = ctx.services.mfa.bind(ctx.actor(), args.name, args.device_name)
    _show_enrollment(ctx, args, new)
    return 0


def reset(ctx: CliContext, args: argparse.Namespace) -> int:
    _show_enrollment(ctx, args, ctx.services.mfa.reset(ctx.actor(), args.name))
    return 0


def confirm(ctx: CliContext, args: argparse.Namespace) -> int:
    status = ctx.services.mfa.confirm(ctx.actor(), args.name, args.code1, args.code2)
    line = f"The virtual MFA device of {args.name} is active."
    return reply(ctx, args, line, {"name": args.name, **jsonable(status)})


def unbind(ctx: CliContext, args: argparse.Namespace) -> int:
    ctx.services.mfa.unbind(ctx.actor(), args.name)
    line = f"The virtual MFA device of {args.name} is unbound."
    return reply(ctx, args, line, {"name": args.name, "state": MfaState.NONE})


def terminal_qr(uri: str) -> str:
    """The QR code of ``uri`` drawn with block characters (qrcode's text output)."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(uri)
    code.make(fit=True)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()


def _show_enrollment(ctx: CliContext, args: argparse.Namespace, new: TotpEnrollment) -> None:
    """Shown once: the secret is not kept anywhere readable after this."""
    if args.json:
        print_json(ctx.stdout, {"name": new.user_name, "secret": new.secret,
                                "grouped_secret": new.grouped_secret, "uri": new.uri})  # fmt: skip
        return
    ctx.stdout.write(terminal_qr(new.uri))
    ctx.say(f"URI:    {new.uri}")
    ctx.say(f"Secret: {new.grouped_secret}")
    ctx.say(
        f"Scan it with an authenticator app, then run `iamctl mfa confirm {new.user_name} "
        "CODE1 CODE2` with two consecutive codes."
    )
