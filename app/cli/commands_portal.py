"""`iamctl portal set|show`: the portal's public URL and the WebAuthn relying-party id."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext
from app.cli.output import print_fields, print_json
from app.services.portal_settings import PortalSettings


def set_portal(ctx: CliContext, args: argparse.Namespace) -> int:
    change = ctx.services.portal_settings.set(ctx.actor(), args.url, args.rp_id)
    if change.stranded_keys:
        ctx.warn(
            f"the relying-party id changed from {change.previous_rp_id!r} to "
            f"{change.settings.rp_id!r}: the {change.stranded_keys} security key(s) enrolled "
            f"under the old one will not sign in; set --rp-id {change.previous_rp_id} to keep "
            "them working, or enrol them again"
        )
    if args.json:
        print_json(ctx.stdout, _public(change.settings))
    else:
        s = change.settings
        ctx.say(f"Portal set: {s.login_link} (relying party {s.rp_id}, origin {s.origin}).")
    return 0


def show(ctx: CliContext, args: argparse.Namespace) -> int:
    settings = ctx.services.portal_settings.show(ctx.actor())
    if args.json:
        print_json(ctx.stdout, _public(settings))
        return 0
    print_fields(
        ctx.stdout,
        [
            ("URL", settings.url),
            ("Login link", settings.login_link),
            ("Relying party id", settings.rp_id),
            ("Origin", settings.origin),
            ("Security keys", settings.security_keys),
        ],
    )
    return 0


def _public(settings: PortalSettings) -> dict[str, object]:
    return {
        "url": settings.url,
        "login_link": settings.login_link,
        "rp_id": settings.rp_id,
        "origin": settings.origin,
        "security_keys": settings.security_keys,
    }
