"""The audit log and the outbox through `iamctl`: a series of changes, verify, export, list."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.e2e.conftest import Iamctl

CHANGES: list[tuple[tuple[str, ...], str | None]] = [
    (("user", "create", "alice", "--email", "alice@example.com", "--display-name", "Al"), None),
    (("user", "create", "bob", "--mobile", "+14155550123", "--role", "helpdesk"), None),
    (("user", "update", "alice", "--display-name", "Alice", "--description", "finance"), None),
    (("contact", "set", "bob", "--email", "bob@example.com"), None),
    (("contact", "clear", "bob", "--mobile"), None),
    (("password", "reset", "alice", "--mode", "auto"), None),
    (("password", "reset", "bob", "--mode", "set-now", "--password-stdin"), "Velvet-Canyon-88\n"),
    (("password", "reset", "alice", "--mode", "set-by-user"), None),
    (("user", "disable", "bob"), None),
    (("user", "enable", "bob", "--expected-version", "{version}"), None),
    (("password", "delete", "bob"), None),
    (("user", "unlock", "alice"), None),
    (("policy", "set", "--min-length", "10", "--history", "3", "--max-failures", "5"), None),
    (("user", "delete", "bob"), None),
]
EXPECTED_ACTIONS = [
    "account.init",
    "auth.sign_in",
    "user.create",
    "user.create",
    "user.update",
    "contact.set",
    "contact.clear",
    "password.reset",
    "password.reset",
    "password.reset",
    "user.disable",
    "user.enable",
    "password.delete",
    "policy.password",
    "policy.login",
    "user.delete",
]


def test_a_series_of_changes_is_audited_and_verifies(root_cli: Iamctl, tmp_path: Path) -> None:
    for args, stdin in CHANGES:
        if "{version}" in args:  # the version the user has now, as a console would hold it
            version = str(root_cli.json("user", "show", args[2])["version"])
            args = tuple(version if a == "{version}" else a for a in args)
        root_cli.ok(*args, stdin=stdin)
    events = root_cli.json("audit", "list")
    assert [e["action"] for e in reversed(events)] == EXPECTED_ACTIONS
    assert all(e["at"].endswith("Z") and e["outcome"] == "success" for e in events)
    assert events[0]["target"] == "bob" and events[0]["actor"] == "root:acme"

    verified = root_cli.ok("audit", "verify")
    assert verified.out.strip() == f"audit log intact: {len(EXPECTED_ACTIONS)} events"

    exported = tmp_path / "audit.csv"
    root_cli.ok("audit", "export", "--csv", str(exported))
    with exported.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["action"] for r in rows] == EXPECTED_ACTIONS
    assert all(r["prev_hash"] == p["hash"] for p, r in zip(rows, rows[1:], strict=False))

    policy = root_cli.json("policy", "show")
    assert policy["password_policy"]["min_length"] == 10
    assert policy["password_policy"]["history"] == 3
    assert policy["login_policy"]["max_failures"] == 5

    # Two emails for alice wait in the outbox (the auto password and the link), both secret.
    queued = root_cli.json("outbox", "list")
    assert [(m["recipient"], m["status"], m["carries_secret"]) for m in queued] == [
        ("alice@example.com", "queued", True)
    ] * 2
    assert "body" not in json.dumps(queued)


def test_verify_names_the_first_event_that_does_not_fit(root_cli: Iamctl) -> None:
    root_cli.ok("user", "create", "alice")
    root_cli.ok("user", "create", "bob")
    engine = create_engine(root_cli.database_url)
    with engine.begin() as connection:
        last = connection.execute(text("SELECT * FROM audit_events ORDER BY id DESC")).first()
        assert last is not None
        # A forged event appended with a plausible link but a made-up hash.
        connection.execute(
            text(
                "INSERT INTO audit_events (at, actor, action, target, outcome, details, "
                "prev_hash, hash) VALUES (:at, 'root:acme', 'user.delete', 'alice', "
                "'success', '{}', :prev, :hash)"
            ),
            {"at": last.at, "prev": last.hash, "hash": "f" * 64},
        )
        forged = connection.execute(text("SELECT max(id) FROM audit_events")).scalar_one()
    engine.dispose()
    outcome = root_cli.run("audit", "verify")
    assert outcome.code == 1
    assert f"event {forged}" in outcome.out
    assert len(outcome.err_lines) == 1 and f"event {forged}" in outcome.err


def test_outbox_send_without_smtp_keeps_messages_queued(root_cli: Iamctl) -> None:
    root_cli.ok("user", "create", "alice", "--email", "alice@example.com")
    root_cli.ok("password", "reset", "alice", "--mode", "auto")
    sent = root_cli.run("outbox", "send")
    assert sent.code == 0
    assert sent.out.strip() == "sent 0, stored 0, failed 1, remaining 1"
    assert len(sent.err_lines) == 1 and "warning" in sent.err
    (message,) = root_cli.json("outbox", "list")
    assert message["status"] == "queued" and message["attempts"] == 1
    assert "SMTP is not configured" in message["last_error"]
