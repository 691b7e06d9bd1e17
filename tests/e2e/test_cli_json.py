"""`--json` on every command: results as JSON objects that name a user ``name``, refusals as
``{"error": {"code", "message", "field"}}`` on stderr with exit status 1."""

from __future__ import annotations

import json

from app.cli.parser import build_parser
from app.messages import CATALOGUE
from tests.e2e.conftest import Iamctl


def _leaf_parsers() -> list[tuple[str, object]]:
    import argparse

    found = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            found.append((path, parser))
        for action in subs:
            for name, child in action.choices.items():
                walk(child, f"{path} {name}".strip())

    walk(build_parser(), "")
    return found


def test_every_command_takes_json() -> None:
    leaves = _leaf_parsers()
    assert len(leaves) > 50
    missing = [
        path
        for path, parser in leaves
        if not any("--json" in a.option_strings for a in parser._actions)  # type: ignore[attr-defined]
    ]
    assert not missing, missing


def test_refusals_under_json_are_json_with_a_code(root_cli: Iamctl) -> None:
    outcome = root_cli.run("user", "show", "nobody", "--json")
    assert outcome.code == 1 and outcome.out == ""
    error = json.loads(outcome.err)["error"]
    assert error["code"] == "user.not_found" and error["code"] in CATALOGUE
    assert error["message"] == "there is no user named 'nobody'"
    assert error["field"] == "name"
    assert error["hint"] == "check the name with `iamctl user list`"
    plain = root_cli.run("user", "show", "nobody")
    assert plain.code == 1
    assert plain.err.startswith("iamctl: there is no user named 'nobody'")
    assert "iamctl user list" in plain.err

    root_cli.ok("user", "create", "alice")
    needs = root_cli.run("protection", "set", "alice", "--method", "sms", "--json")
    assert needs.code == 1
    assert json.loads(needs.err)["error"] == {
        "code": "protection.needs_mobile",
        "message": "user 'alice' has no mobile number: add one before choosing SMS protection",
        "field": "method",
    }

    refused = root_cli.run("protection", "set", "nobody", "--json")
    assert refused.code == 1
    assert json.loads(refused.err)["error"]["code"] == "protection.nothing"


def test_changing_commands_answer_json_naming_the_user(root_cli: Iamctl) -> None:
    root_cli.ok("user", "create", "alice", "--email", "alice@example.com")
    assert root_cli.json("user", "disable", "alice")["status"] == "disabled"
    assert root_cli.json("user", "enable", "alice")["name"] == "alice"
    assert root_cli.json("user", "unlock", "alice")["name"] == "alice"
    cleared = root_cli.json("contact", "clear", "alice", "--email")
    assert cleared["name"] == "alice" and cleared["email"] is None
    bound = root_cli.json("mfa", "bind", "alice")
    assert bound["name"] == "alice" and bound["uri"].startswith("otpauth://")
    assert root_cli.json("mfa", "unbind", "alice") == {"name": "alice", "state": "none"}
    key = root_cli.json("accesskey", "create", "alice")
    assert key["name"] == "alice"
    akid = key["access_key_id"]
    assert root_cli.json("accesskey", "disable", "alice", akid)["status"] == "inactive"
    deleted = root_cli.json("accesskey", "delete", "alice", akid)
    assert deleted == {"name": "alice", "access_key_id": akid, "deleted": True}
    assert root_cli.json("user", "delete", "alice") == {"name": "alice", "deleted": True}


def test_user_list_json_is_an_array_and_carries_the_total_when_asked(root_cli: Iamctl) -> None:
    for name in ("ann", "ben", "cat"):
        root_cli.ok("user", "create", name)
    rows = root_cli.json("user", "list", "--limit", "2")
    assert [r["name"] for r in rows] == ["ann", "ben"]
    page = root_cli.json("user", "list", "--limit", "2", "--with-total")
    assert page["total"] == 3 and page["offset"] == 0 and page["total_exact"] is True
    assert [r["name"] for r in page["users"]] == ["ann", "ben"]
