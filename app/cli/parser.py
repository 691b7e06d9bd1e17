"""The `iamctl` argument parser: sub-commands grouped by noun (ARCHITECTURE §4).

Each command names its handler as ``"module:function"`` under ``app.cli``, imported only when
it runs, so ``--help``, ``--version`` and usage errors never touch the store. Secrets are never
options: ``--password-stdin`` is a flag and the secret comes from standard input.
"""

from __future__ import annotations

import argparse
from typing import Any

from app import __version__
from app.cli.policy_flags import add_policy_flags
from app.domain.roles import USER_ROLES, Role
from app.domain.vocabulary import (
    ContactField,
    OutboxStatus,
    ResetMode,
    SmtpSecurity,
    UserStatus,
    values,
)

SORT_KEYS = ("name", "status", "email", "created", "last_login")
ROLES = values(USER_ROLES)
RESET_MODES = values(ResetMode)
SMTP_SECURITY = values(SmtpSecurity)
OUTBOX_STATUSES = values(OutboxStatus)
USER_STATUSES = values(UserStatus)


def _positive(text: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be 0 or more")
    return value


def _yes_no(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("yes", "no"):
        return lowered == "yes"
    raise argparse.ArgumentTypeError(f"use yes or no, not {text!r}")


def _nouns(parser: argparse.ArgumentParser, dest: str) -> Any:
    return parser.add_subparsers(dest=dest, required=True, metavar="COMMAND")


def _command(
    group: Any, name: str, handler: str, help_text: str, **kwargs: Any
) -> argparse.ArgumentParser:
    sub: argparse.ArgumentParser = group.add_parser(
        name, help=help_text, description=help_text, **kwargs
    )
    sub.set_defaults(handler=handler)
    sub.add_argument(
        "--json", action="store_true", help="print JSON for scripts (refusals too, on stderr)"
    )
    return sub


def _json(sub: argparse.ArgumentParser) -> None:
    """Every command takes ``--json`` (``_command`` adds it); kept for the callers' clarity."""


def _expected_version(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--expected-version",
        type=_positive,
        metavar="N",
        help="refuse if the user's version is no longer N (someone else changed it)",
    )


def _password_stdin(
    sub: argparse.ArgumentParser, help_text: str, *, required: bool = False
) -> None:
    sub.add_argument("--password-stdin", action="store_true", required=required, help=help_text)


def build_parser() -> argparse.ArgumentParser:
    """The whole `iamctl` command line."""
    parser = argparse.ArgumentParser(
        prog="iamctl",
        description="IAM Desk on the command line: manage IAM users and their security settings.",
        epilog="Environment: IAMDESK_HOME, IAMDESK_DATABASE_URL, IAMDESK_KEY_FILE.",
    )
    parser.add_argument("--version", action="version", version=f"iamctl {__version__}")
    nouns = _nouns(parser, "noun")
    _add_account(nouns)
    _add_user(nouns)
    _add_contact(nouns)
    _add_password(nouns)
    _add_policy(nouns)
    _add_smtp(nouns)
    _add_outbox(nouns)
    _add_audit(nouns)
    _add_db(nouns)
    from app.cli.parser_credentials import add_credential_commands

    add_credential_commands(nouns)
    from app.cli.parser_settings import add_settings_commands

    add_settings_commands(nouns)
    return parser


def _add_account(nouns: Any) -> None:
    init = _command(nouns, "init", "account:init", "create the account (the root operator)")
    init.add_argument("--account", required=True, metavar="NAME", help="the account's name")
    init.add_argument("--email", metavar="E", help="the account's email address")
    init.add_argument("--mobile", metavar="M", help="the account's mobile number (E.164)")
    _password_stdin(init, "read the root password from standard input", required=True)

    login = _command(nouns, "login", "account:login", "sign in as the account or an operator")
    login.add_argument("name", metavar="NAME", help="the account (root) or an operator's name")
    _password_stdin(login, "read the password from standard input", required=True)
    login.add_argument("--code", metavar="CODE", help="second-factor code (when protected)")

    _command(nouns, "logout", "account:logout", "end the operator session")


def _add_user(nouns: Any) -> None:
    user = nouns.add_parser("user", help="IAM users", description="IAM users")
    verbs = _nouns(user, "verb")

    create = _command(verbs, "create", "users:create", "create an IAM user")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--email", metavar="E")
    create.add_argument("--mobile", metavar="M", help="mobile number, E.164 (+8613800138000)")
    create.add_argument("--display-name", metavar="D", default="")
    create.add_argument("--description", metavar="TEXT", default="")
    create.add_argument("--role", choices=ROLES, default=Role.NONE.value, help="operator role")
    _json(create)

    listing = _command(verbs, "list", "users:list_users", "list IAM users")
    listing.add_argument("--search", metavar="TEXT", help="match name, display name, contacts")
    listing.add_argument("--limit", type=_positive, default=100, metavar="N")
    listing.add_argument("--offset", type=_non_negative, default=0, metavar="N")
    listing.add_argument("--sort", choices=SORT_KEYS, default="name")
    listing.add_argument("--desc", action="store_true", help="sort in descending order")
    listing.add_argument("--status", choices=USER_STATUSES)
    listing.add_argument(
        "--with-total",
        action="store_true",
        help="with --json: an object with total, offset and users instead of the bare array",
    )
    _json(listing)

    show = _command(verbs, "show", "users:show", "show one IAM user")
    show.add_argument("name", metavar="NAME")
    _json(show)

    update = _command(verbs, "update", "users:update", "change a user's basic information")
    update.add_argument("name", metavar="NAME")
    update.add_argument("--display-name", metavar="D")
    update.add_argument("--description", metavar="TEXT")
    update.add_argument("--role", choices=ROLES)
    _expected_version(update)
    _json(update)

    for verb, help_text in (("enable", "enable a user"), ("disable", "disable a user")):
        sub = _command(verbs, verb, f"users:{verb}", help_text)
        sub.add_argument("name", metavar="NAME")
        _expected_version(sub)

    delete = _command(verbs, "delete", "users:delete", "delete a user")
    delete.add_argument("name", metavar="NAME")
    _expected_version(delete)

    unlock = _command(verbs, "unlock", "users:unlock", "clear a sign-in lockout")
    unlock.add_argument("name", metavar="NAME")

    imp = _command(
        verbs, "import", "users:import_csv", "create users from a CSV file (all or nothing)"
    )
    imp.add_argument("file", metavar="FILE.csv", help="header: name,email,mobile,display_name")
    _json(imp)


def _add_contact(nouns: Any) -> None:
    contact = nouns.add_parser("contact", help="email and mobile", description="contact details")
    verbs = _nouns(contact, "verb")
    set_ = _command(verbs, "set", "contacts:set_contact", "change a user's email and/or mobile")
    set_.add_argument("name", metavar="NAME")
    set_.add_argument("--email", metavar="E")
    set_.add_argument("--mobile", metavar="M")
    _expected_version(set_)
    _json(set_)

    clear = _command(verbs, "clear", "contacts:clear_contact", "remove a user's email or mobile")
    clear.add_argument("name", metavar="NAME")
    which = clear.add_mutually_exclusive_group(required=True)
    for field in ContactField:
        which.add_argument(f"--{field}", dest="field", action="store_const", const=field.value)
    _expected_version(clear)


def _add_password(nouns: Any) -> None:
    password = nouns.add_parser("password", help="login passwords", description="login passwords")
    verbs = _nouns(password, "verb")
    reset = _command(verbs, "reset", "passwords:reset", "reset a user's login password")
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("--mode", required=True, choices=RESET_MODES)
    _password_stdin(reset, "set-now: read the new password from standard input")
    reset.add_argument(
        "--must-change",
        type=_yes_no,
        metavar="yes|no",
        help="set-now: must the user change it at next sign-in (default yes)",
    )
    reset.add_argument("--email", action="store_true", help="set-now: also email the password")
    _expected_version(reset)
    _json(reset)

    change = _command(
        verbs, "change", "passwords:change", "change your own password (signed-in operator)"
    )
    _password_stdin(change, "read the current, then the new password (two lines)", required=True)

    delete = _command(verbs, "delete", "passwords:delete", "remove a user's login password")
    delete.add_argument("name", metavar="NAME")
    _expected_version(delete)


def _add_policy(nouns: Any) -> None:
    policy = nouns.add_parser(
        "policy", help="password and login policy", description="password and login policy"
    )
    verbs = _nouns(policy, "verb")
    show = _command(verbs, "show", "policy:show", "show the password and login policy")
    _json(show)
    set_ = _command(verbs, "set", "policy:set_policy", "change some policy settings")
    add_policy_flags(set_)
    _json(set_)


def _add_smtp(nouns: Any) -> None:
    smtp = nouns.add_parser("smtp", help="outgoing email", description="outgoing email (SMTP)")
    verbs = _nouns(smtp, "verb")
    set_ = _command(verbs, "set", "smtp:set_smtp", "store the SMTP server settings")
    set_.add_argument("--host", required=True, metavar="H")
    set_.add_argument("--port", required=True, type=_positive, metavar="P")
    set_.add_argument("--security", choices=SMTP_SECURITY, default=SmtpSecurity.STARTTLS.value)
    set_.add_argument("--username", metavar="U")
    _password_stdin(set_, "read the SMTP password from standard input (with --username)")
    set_.add_argument("--sender", required=True, metavar="ADDR", help="the From address")
    show = _command(verbs, "show", "smtp:show", "show the SMTP settings (never the password)")
    _json(show)
    test = _command(verbs, "test", "smtp:test", "send a test email now, not through the outbox")
    test.add_argument("--to", metavar="ADDR", help="recipient (default: the account's email)")


def _add_outbox(nouns: Any) -> None:
    outbox = nouns.add_parser("outbox", help="queued email and SMS", description="the outbox")
    verbs = _nouns(outbox, "verb")
    listing = _command(verbs, "list", "outbox:list_messages", "list outbox messages, newest first")
    listing.add_argument("--status", choices=OUTBOX_STATUSES)
    listing.add_argument("--limit", type=_positive, default=200, metavar="N")
    _json(listing)
    send = _command(verbs, "send", "outbox:send", "deliver the messages that are due now")
    send.add_argument("--limit", type=_positive, default=50, metavar="N")
    _json(send)


def _add_audit(nouns: Any) -> None:
    audit = nouns.add_parser("audit", help="the audit log", description="the audit log")
    verbs = _nouns(audit, "verb")
    listing = _command(verbs, "list", "audit:list_events", "list audit events, newest first")
    listing.add_argument("--limit", type=_positive, default=200, metavar="N")
    listing.add_argument("--before-id", type=_positive, metavar="ID", help="page further back")
    listing.add_argument("--target", metavar="NAME", help="only events about this target")
    _json(listing)
    verify = _command(verbs, "verify", "audit:verify", "check the audit log's hash chain")
    _json(verify)
    export = _command(verbs, "export", "audit:export", "export the audit log")
    export.add_argument("--csv", required=True, metavar="FILE", help="write CSV here ('-': stdout)")
    export.add_argument(
        "--force", action="store_true", help="replace FILE when it exists (never the store)"
    )


def _add_db(nouns: Any) -> None:
    database = nouns.add_parser("db", help="the store's schema", description="the store's schema")
    verbs = _nouns(database, "verb")
    _command(verbs, "upgrade", "database:upgrade", "upgrade the schema to this version's")
    status = _command(verbs, "status", "database:status", "show the store and its schema version")
    _json(status)
