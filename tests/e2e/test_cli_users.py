"""`iamctl` end to end: init, login, and the user commands' JSON and human shapes."""

from __future__ import annotations

import re
import stat
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from app import __version__
from tests.conftest import ROOT_PASSWORD
from tests.e2e.conftest import Iamctl
from tests.support.mail_server import running_mail_server

SUMMARY_KEYS = {
    "name",
    "display_name",
    "status",
    "role",
    "email",
    "mobile",
    "login_protection",
    "has_password",
    "locked",
    "last_login_at",
    "created_at",
}
CREDENTIAL_ORDER = ("virtual_mfa", "security_keys", "access_keys")
CREDENTIAL_KEYS = set(CREDENTIAL_ORDER)
DETAIL_KEYS = SUMMARY_KEYS | {
    "description",
    "password_origin",
    "password_set_at",
    "must_change_password",
    "api_login_protection",
    "locked_until",
    "updated_at",
    "version",
}


def _utc(text: str) -> datetime:
    assert text.endswith("Z"), text
    moment = datetime.fromisoformat(text)
    assert moment.utcoffset() is not None and moment.utcoffset().total_seconds() == 0
    return moment


def test_version_and_help_need_no_store(tmp_path: Path) -> None:
    # A store URL nothing listens on: neither --version nor a usage error may touch it.
    cli = Iamctl(tmp_path / "home", "postgresql://nobody@127.0.0.1:9/none", tmp_path / "k")
    version = cli.ok("--version")
    assert version.out.strip() == f"iamctl {__version__}"
    usage = cli.run("user", "frobnicate")
    assert usage.code == 2 and "invalid choice" in usage.err
    assert not (tmp_path / "home").exists()


def test_init_without_a_wrapping_key_warns_in_one_line(tmp_path: Path, database_url: str) -> None:
    cli = Iamctl(tmp_path / "home", database_url, None)
    made = cli.run("init", "--account", "acme", "--password-stdin", stdin=ROOT_PASSWORD + "\n")
    assert made.code == 0 and made.out == "Account acme created; signed in as acme (root).\n"
    assert len(made.err_lines) == 1 and made.err.startswith("iamctl: warning: ")
    assert "IAMDESK_KEY_FILE" in made.err
    assert (tmp_path / "home" / "iamctl-session").exists()


def test_init_signs_in_and_users_round_trip(root_cli: Iamctl, tmp_path: Path) -> None:
    session_file = root_cli.home / "iamctl-session"
    assert stat.S_IMODE(session_file.stat().st_mode) == 0o600
    assert root_cli.key_file.exists()

    created = root_cli.json(
        "user",
        "create",
        "alice",
        "--email",
        "Alice@Example.com",
        "--mobile",
        "+86 138 0013 8000",
        "--display-name",
        "Alice Liddell",
    )
    assert created["name"] == "alice" and created["mobile"] == "+8613800138000"
    root_cli.ok("user", "create", "bob", "--role", "helpdesk")

    listed = root_cli.json("user", "list")
    assert [u["name"] for u in listed] == ["alice", "bob"]
    for row in listed:
        assert SUMMARY_KEYS <= set(row)
        _utc(row["created_at"])
        assert row["last_login_at"] is None and row["status"] == "enabled"
    assert listed[1]["role"] == "helpdesk" and listed[1]["email"] is None

    shown = root_cli.json("user", "show", "ALICE")  # names are case-insensitive
    assert DETAIL_KEYS <= set(shown)
    assert (shown["name"], shown["email"].lower(), shown["mobile"], shown["status"]) == (
        "alice",
        "alice@example.com",
        "+8613800138000",
        "enabled",
    )
    assert shown["has_password"] is False and shown["display_name"] == "Alice Liddell"
    assert _utc(shown["updated_at"]) >= _utc(shown["created_at"])

    searched = root_cli.json("user", "list", "--search", "liddell", "--limit", "5")
    assert [u["name"] for u in searched] == ["alice"]
    paged = root_cli.json("user", "list", "--sort", "name", "--desc", "--limit", "1")
    assert [u["name"] for u in paged] == ["bob"]

    human = root_cli.ok("user", "list").out.splitlines()
    assert human[0].split()[:2] == ["NAME", "DISPLAY"]
    assert human[1].startswith("alice ") and "+8613800138000" in human[1]
    # Columns line up: every row's status starts where the header's STATUS does.
    column = human[0].index("STATUS")
    assert all(line[column:].startswith("enabled") for line in human[1:])


def test_user_list_json_carries_credential_counts(root_cli: Iamctl) -> None:
    """The list's MFA and key columns come with each row; the older fields stay as they were."""
    root_cli.ok("user", "create", "alice", "--email", "alice@example.com")
    root_cli.ok("user", "create", "bob")
    root_cli.json("accesskey", "create", "alice")
    root_cli.json("mfa", "bind", "bob")  # pending until confirmed
    listed = {u["name"]: u for u in root_cli.json("user", "list")}
    assert SUMMARY_KEYS | CREDENTIAL_KEYS <= set(listed["alice"])
    got = {name: tuple(row[k] for k in CREDENTIAL_ORDER) for name, row in listed.items()}
    assert got == {"alice": ("none", 0, 1), "bob": ("pending", 0, 0)}
    searched = root_cli.json("user", "list", "--search", "ALICE@")
    assert [(u["name"], u["access_keys"]) for u in searched] == [("alice", 1)]
    shown = root_cli.json("user", "show", "alice")
    assert tuple(shown[k] for k in CREDENTIAL_ORDER) == ("none", 0, 1)


def test_login_logout_and_a_second_operator(root_cli: Iamctl, tmp_path: Path) -> None:
    root_cli.ok("user", "create", "helen", "--role", "administrator", "--email", "h@acme.example")
    root_cli.ok(
        "password",
        "reset",
        "helen",
        "--mode",
        "set-now",
        "--must-change",
        "no",
        "--password-stdin",
        stdin="Quartz-Lantern-Ripple-42\n",
    )
    other = tmp_path / "home2"
    signed = root_cli.ok("login", "HELEN", "--password-stdin", stdin="Quartz-Lantern-Ripple-42\n")
    assert "Signed in as helen (administrator)" in signed.out
    # ...in the first home: root's session was replaced by helen's, and the old one ended.
    made = root_cli.json("user", "create", "ivan")
    assert made["name"] == "ivan"
    events = root_cli.json("audit", "list", "--limit", "3")
    assert (events[0]["action"], events[0]["actor"]) == ("user.create", "user:helen")

    root_cli.ok("login", "acme", "--password-stdin", "--code", "123456", stdin=ROOT_PASSWORD)
    assert root_cli.ok("logout").out.strip() == "Signed out."
    refused = root_cli.run("user", "list", "--json")
    assert refused.code == 1 and refused.err_lines == [refused.err_lines[0]]
    assert "not signed in" in refused.err
    assert not (root_cli.home / "iamctl-session").exists()
    assert root_cli.run("user", "list", home=other).code == 1  # never signed in there


def test_login_with_an_emailed_code(root_cli: Iamctl, tmp_path: Path) -> None:
    """Email login protection: the first run sends a code, the second finishes with it."""
    helen = ("login", "helen", "--password-stdin")
    with running_mail_server() as server:
        root_cli.ok(
            "user", "create", "helen", "--role", "administrator", "--email", "h@acme.example"
        )
        root_cli.ok(
            "password", "reset", "helen", "--mode", "set-now", "--must-change", "no",
            "--password-stdin", stdin="Quartz-Lantern-Ripple-42\n",
        )  # fmt: skip
        root_cli.ok(
            "smtp", "set", "--host", server.host, "--port", str(server.port),
            "--security", "none", "--sender", "iamdesk@acme.example",
        )  # fmt: skip
        engine = create_engine(root_cli.database_url)
        with engine.begin() as connection:  # what `protection set helen --method email` stores
            connection.execute(
                text("UPDATE users SET login_protection = 'email' WHERE name = 'helen'")
            )
        engine.dispose()

        desk = tmp_path / "helen-home"
        first = root_cli.run(*helen, stdin="Quartz-Lantern-Ripple-42\n", home=desk)
        assert first.code == 1 and len(first.err_lines) == 1, first.err
        assert "h***@acme.example" in first.err and "--code" in first.err
        assert not (desk / "iamctl-session").exists()
        assert root_cli.ok("outbox", "send").out.startswith("sent 1,")
    (code,) = re.findall(r"\b(\d{6})\b", server.messages[-1].get_content())

    wrong = "000000" if code != "000000" else "111111"
    refused = root_cli.run(*helen, "--code", wrong, stdin="\n", home=desk)
    assert refused.code == 1 and "attempt(s) left" in refused.err
    signed = root_cli.ok(*helen, "--code", code, stdin="\n", home=desk)
    assert "Signed in as helen (administrator)" in signed.out
    assert not (desk / "iamctl-challenge").exists()
    assert root_cli.json("user", "show", "helen", home=desk)["last_login_at"].endswith("Z")
