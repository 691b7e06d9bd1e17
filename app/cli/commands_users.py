"""`iamctl user ...`: create, list, show, update, enable, disable, delete, unlock, import."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import CliContext
from app.cli.output import print_fields, print_json, print_table
from app.cli.replies import reply
from app.services.records import UserDetail

_LIST_COLUMNS = (
    "name",
    "display name",
    "status",
    "role",
    "email",
    "mobile",
    "protection",
    "locked",
    "last login",
)


def create(ctx: CliContext, args: argparse.Namespace) -> int:
    user = ctx.services.users.create(
        ctx.actor(),
        args.name,
        email=args.email,
        mobile=args.mobile,
        display_name=args.display_name,
        description=args.description,
        role=args.role,
    )
    if args.json:
        print_json(ctx.stdout, user)
    else:
        ctx.say(f"User {user.name} created.")
    return 0


def list_users(ctx: CliContext, args: argparse.Namespace) -> int:
    page = ctx.services.users.list(
        ctx.actor(),
        search=args.search,
        sort=args.sort,
        descending=args.desc,
        offset=args.offset,
        limit=args.limit,
        status=args.status,
    )
    if args.json:
        if args.with_total:
            print_json(ctx.stdout, {"total": page.total, "total_exact": page.total_exact,
                                    "offset": page.offset, "users": list(page.rows)})  # fmt: skip
        else:
            print_json(ctx.stdout, list(page.rows))
        return 0
    rows = [
        (
            u.name,
            u.display_name,
            u.status,
            u.role,
            u.email,
            u.mobile,
            u.login_protection,
            u.locked,
            u.last_login_at,
        )
        for u in page.rows
    ]
    print_table(ctx.stdout, _LIST_COLUMNS, rows)
    shown_to = page.offset + len(page.rows)
    if page.total is not None and (page.offset or shown_to < page.total):
        first = page.offset + 1 if page.rows else page.offset
        ctx.say(f"Users {first}-{shown_to} of {page.total}.")
    return 0


def show(ctx: CliContext, args: argparse.Namespace) -> int:
    user = ctx.services.users.get(ctx.actor(), args.name)
    if args.json:
        print_json(ctx.stdout, user)
    else:
        print_user(ctx, user)
    return 0


def print_user(ctx: CliContext, user: UserDetail) -> None:
    print_fields(
        ctx.stdout,
        [
            ("Name", user.name),
            ("Display name", user.display_name),
            ("Description", user.description),
            ("Status", user.status),
            ("Role", user.role),
            ("Email", user.email),
            ("Mobile", user.mobile),
            ("Password", user.password_origin if user.has_password else "none"),
            ("Password set", user.password_set_at),
            ("Must change", user.must_change_password),
            ("Login protection", user.login_protection),
            ("API protection", user.api_login_protection),
            ("Locked until", user.locked_until if user.locked else None),
            ("Last login", user.last_login_at),
            ("Created", user.created_at),
            ("Updated", user.updated_at),
            ("Version", user.version),
        ],
    )


def update(ctx: CliContext, args: argparse.Namespace) -> int:
    user = ctx.services.users.update(
        ctx.actor(),
        args.name,
        expected_version=args.expected_version,
        display_name=args.display_name,
        description=args.description,
        role=args.role,
    )
    if args.json:
        print_json(ctx.stdout, user)
    else:
        ctx.say(f"User {user.name} saved (version {user.version}).")
    return 0


def enable(ctx: CliContext, args: argparse.Namespace) -> int:
    user = ctx.services.users.set_enabled(
        ctx.actor(), args.name, True, expected_version=args.expected_version
    )
    return reply(ctx, args, f"User {user.name} is enabled.", user)


def disable(ctx: CliContext, args: argparse.Namespace) -> int:
    user = ctx.services.users.set_enabled(
        ctx.actor(), args.name, False, expected_version=args.expected_version
    )
    return reply(ctx, args, f"User {user.name} is disabled.", user)


def delete(ctx: CliContext, args: argparse.Namespace) -> int:
    ctx.services.users.delete(ctx.actor(), args.name, expected_version=args.expected_version)
    return reply(ctx, args, f"User {args.name} deleted.", {"name": args.name, "deleted": True})


def unlock(ctx: CliContext, args: argparse.Namespace) -> int:
    user = ctx.services.users.unlock(ctx.actor(), args.name)
    return reply(ctx, args, f"User {user.name} is unlocked.", user)


def import_csv(ctx: CliContext, args: argparse.Namespace) -> int:
    """All or nothing: on bad rows, one summary line, then one line per bad row (exit 1)."""
    from app.services.user_import import read_csv_file
    from app.services.user_import_records import ImportRejectedError

    path = Path(args.file)
    try:
        result = read_csv_file(
            path, lambda lines: ctx.services.user_import.import_csv(ctx.actor(), lines,
                                                                    source=path.name)
        )  # fmt: skip
    except ImportRejectedError as exc:
        if args.json:
            print_json(ctx.stdout, {"created": 0, "errors": exc.errors,
                                    "bad_rows": exc.total_bad})  # fmt: skip
        else:
            for error in exc.errors:
                ctx.say(str(error))
        raise
    if args.json:
        print_json(ctx.stdout, {"created": result.created, "errors": [], "bad_rows": 0})
    else:
        ctx.say(f"{result.created} users imported.")
    return 0
