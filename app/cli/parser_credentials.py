"""The credential nouns of the `iamctl` command line: mfa, key, protection, accesskey, token,
permset, tempcred (handlers named ``"module:function"`` under ``app.cli.commands_*``)."""

from __future__ import annotations

import argparse
import re
from typing import Any

from app.cli.parser import _command, _json, _nouns, _password_stdin
from app.domain.vocabulary import CONFIRM_WORD, LoginProtection, Switch, values

_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?$")


def _duration(text: str) -> int:
    """``90m``, ``1h``, ``1h30m`` or plain minutes → seconds."""
    cleaned = text.strip().lower()
    if cleaned.isdigit():
        return int(cleaned) * 60
    match = _DURATION.match(cleaned)
    if not cleaned or match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration: use e.g. 15m, 1h, 1h30m")
    hours, minutes = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60


def _on_off(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in values(Switch):
        return lowered == Switch.ON
    raise argparse.ArgumentTypeError(f"use {Switch.ON} or {Switch.OFF}, not {text!r}")


def add_credential_commands(nouns: Any) -> None:
    _add_mfa(nouns)
    _add_key(nouns)
    _add_protection(nouns)
    _add_accesskey(nouns)
    _add_token(nouns)
    _add_permset(nouns)
    _add_tempcred(nouns)


def _user(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("name", metavar="NAME", help="the IAM user")


def _add_mfa(nouns: Any) -> None:
    mfa = nouns.add_parser("mfa", help="virtual MFA devices", description="virtual MFA (TOTP)")
    verbs = _nouns(mfa, "verb")
    show = _command(verbs, "show", "mfa:show", "the user's virtual MFA device")
    _user(show)
    _json(show)
    bind = _command(verbs, "bind", "mfa:bind", "bind a device: prints its QR code, URI, secret")
    _user(bind)
    bind.add_argument("--device-name", help="the device's name: letters, digits, - and _")
    _json(bind)
    reset = _command(verbs, "reset", "mfa:reset", "replace the device with a new pending one")
    _user(reset)
    _json(reset)
    confirm = _command(verbs, "confirm", "mfa:confirm", "activate with two consecutive codes")
    _user(confirm)
    confirm.add_argument("code1", metavar="CODE1")
    confirm.add_argument("code2", metavar="CODE2")
    unbind = _command(verbs, "unbind", "mfa:unbind", "remove the user's virtual MFA device")
    _user(unbind)


def _add_key(nouns: Any) -> None:
    key = nouns.add_parser("key", help="security keys (FIDO2)", description="security keys")
    verbs = _nouns(key, "verb")
    devices = _command(verbs, "devices", "keys:devices", "security keys plugged in here (USB)")
    _json(devices)
    add = _command(verbs, "add", "keys:add", "enrol a key over USB (touch it when asked)")
    _user(add)
    add.add_argument("--name", dest="name_of_key", required=True, metavar="KEYNAME",
                     help="letters, digits, - and _")  # fmt: skip
    add.add_argument("--device", metavar="ID", help="which key, from `key devices` (if several)")
    add.add_argument("--pin-stdin", action="store_true", help="read the key's PIN from stdin")
    _json(add)
    listing = _command(verbs, "list", "keys:list_keys", "the user's security keys")
    _user(listing)
    _json(listing)
    unbind = _command(verbs, "unbind", "keys:unbind", "remove a security key")
    _user(unbind)
    unbind.add_argument("key_name", metavar="KEYNAME")
    unbind.add_argument("--confirm", required=True, metavar=CONFIRM_WORD,
                        help=f"type {CONFIRM_WORD} to confirm")  # fmt: skip


def _add_protection(nouns: Any) -> None:
    protection = nouns.add_parser(
        "protection", help="login protection", description="login protection (second factor)"
    )
    verbs = _nouns(protection, "verb")
    set_ = _command(verbs, "set", "protection:set_protection", "set the user's login protection")
    _user(set_)
    methods = values(LoginProtection)
    set_.add_argument("--method", choices=methods, metavar="METHOD",
                      help=", ".join(methods))  # fmt: skip
    set_.add_argument("--api", type=_on_off, metavar="on|off", help="API login protection")
    _json(set_)


def _add_accesskey(nouns: Any) -> None:
    accesskey = nouns.add_parser("accesskey", help="access keys", description="access keys")
    verbs = _nouns(accesskey, "verb")
    create = _command(verbs, "create", "accesskeys:create", "create an access key (shown once)")
    _user(create)
    create.add_argument("--csv", metavar="FILE", help="also write the credentials CSV file")
    _json(create)
    listing = _command(verbs, "list", "accesskeys:list_keys", "the user's access keys")
    _user(listing)
    _json(listing)
    for verb, text in (("disable", "make a key inactive"), ("enable", "make a key active")):
        sub = _command(verbs, verb, f"accesskeys:{verb}", text)
        _user(sub)
        sub.add_argument("access_key_id", metavar="AKID")
    delete = _command(verbs, "delete", "accesskeys:delete", "delete an access key")
    _user(delete)
    delete.add_argument("access_key_id", metavar="AKID")
    delete.add_argument("--confirm", metavar="AKID", help="an active key: type its id again")


def _add_token(nouns: Any) -> None:
    token = _command(nouns, "token", "tokens:token", "get an API token for a user (24 h)")
    _user(token)
    _password_stdin(token, "read the user's password from standard input", required=True)
    token.add_argument("--code", metavar="CODE", help="MFA code (API login protection)")
    _json(token)


def _add_permset(nouns: Any) -> None:
    permset = nouns.add_parser(
        "permset", help="permission sets", description="permission sets for temporary access"
    )
    verbs = _nouns(permset, "verb")
    create = _command(verbs, "create", "tempcreds:create_set", "create a permission set")
    create.add_argument("set_name", metavar="SET")
    create.add_argument("--duration", type=_duration, required=True, metavar="D",
                        help="session duration, 15m to 12h (e.g. 1h30m)")  # fmt: skip
    create.add_argument("--description", default="", metavar="TEXT")
    _json(create)
    listing = _command(verbs, "list", "tempcreds:list_sets", "the permission sets")
    _json(listing)
    for verb, text in (("assign", "let a user use the set"), ("unassign", "take it back")):
        sub = _command(verbs, verb, f"tempcreds:{verb}", text)
        sub.add_argument("set_name", metavar="SET")
        sub.add_argument("name", metavar="USER")


def _add_tempcred(nouns: Any) -> None:
    tempcred = nouns.add_parser(
        "tempcred", help="temporary access credentials", description="temporary credentials"
    )
    verbs = _nouns(tempcred, "verb")
    issue = _command(verbs, "issue", "tempcreds:issue", "issue credentials to a signed-in user")
    issue.add_argument("set_name", metavar="SET")
    issue.add_argument("--token-stdin", action="store_true", required=True,
                       help="read the user's API token (`iamctl token`) from stdin")  # fmt: skip
    _json(issue)
    listing = _command(verbs, "list", "tempcreds:list_credentials", "issued credentials")
    listing.add_argument("--user", metavar="USER", help="only this user's")
    listing.add_argument("--all", action="store_true", help="include expired ones")
    _json(listing)
    revoke = _command(verbs, "revoke", "tempcreds:revoke", "revoke temporary credentials")
    revoke.add_argument("access_key_id", metavar="AKID")
