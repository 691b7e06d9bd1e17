"""The portal-facing settings nouns of `iamctl`: sms (the SMS gateway) and portal (its URL)."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.parser import _command, _json, _nouns
from app.config import SmsGatewayKind


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 1 <= value <= 60:
        raise argparse.ArgumentTypeError(f"{text!r}: give 1 to 60 seconds")
    return value


def add_settings_commands(nouns: Any) -> None:
    _add_sms(nouns)
    _add_portal(nouns)


def _add_sms(nouns: Any) -> None:
    sms = nouns.add_parser("sms", help="the SMS gateway", description="the SMS gateway")
    verbs = _nouns(sms, "verb")
    set_ = _command(verbs, "set", "sms:set_sms", "choose the SMS gateway (stored or http)")
    set_.add_argument("--gateway", required=True, choices=[k.value for k in SmsGatewayKind],
                      help="stored: kept in the outbox; http: POSTed to --url")  # fmt: skip
    set_.add_argument("--url", metavar="URL", help='http: where to POST {"to", "text"}')
    set_.add_argument("--token-stdin", action="store_true",
                      help="http: read the bearer token from standard input")  # fmt: skip
    set_.add_argument("--timeout", type=_seconds, metavar="SECONDS", help="http: 1-60 (10)")
    _json(set_)
    show = _command(verbs, "show", "sms:show", "show the SMS gateway (never the token)")
    _json(show)
    test = _command(verbs, "test", "sms:test", "send a test SMS now, not through the outbox")
    test.add_argument("--to", required=True, metavar="MOBILE", help="E.164, e.g. +8613800138000")


def _add_portal(nouns: Any) -> None:
    about = "the user portal's public URL and WebAuthn relying party"
    portal = nouns.add_parser("portal", help="the user portal's address", description=about)
    verbs = _nouns(portal, "verb")
    set_ = _command(verbs, "set", "portal:set_portal", "set the portal's public URL")
    set_.add_argument("--url", required=True, metavar="URL", help="e.g. https://iam.example.com")
    set_.add_argument("--rp-id", metavar="ID",
                      help="WebAuthn relying-party id (default: the URL's host)")  # fmt: skip
    _json(set_)
    show = _command(verbs, "show", "portal:show", "show the portal URL and relying party")
    _json(show)
