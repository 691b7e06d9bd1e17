"""Every refusal: exit 1, one line on stderr, and the store's content exactly as it was;
usage errors exit 2 and change nothing either."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine

from tests.e2e.conftest import Iamctl, Outcome
from tests.support.dbdump import differences, dump

HELEN_PASSWORD = "Quartz-Lantern-Ripple-42"


@pytest.fixture
def store(root_cli: Iamctl) -> Iterator[Engine]:
    """An engine on the test's store, for dumping its content between commands."""
    engine = create_engine(root_cli.database_url)
    yield engine
    engine.dispose()


Case = tuple[tuple[str, ...], str | None, str]  # arguments, standard input, text expected


def _refused(cli: Iamctl, store: Engine, cases: list[Case], home: Path | None = None) -> None:
    """Run commands that must each be refused, and check the store did not change at all.

    They run side by side to keep the test short; as none may change anything, the store
    must be byte for byte what it was before the first one.
    """
    before = dump(store)
    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(lambda c: cli.run(*c[0], stdin=c[1], home=home), cases))
    after = dump(store)
    for (args, _stdin, expected), outcome in zip(cases, outcomes, strict=True):
        _assert_one_line(outcome, 1)
        assert outcome.out == "", (args, outcome.out)
        assert expected.lower() in outcome.err.lower(), (args, outcome.err)
    assert not differences(before, after), differences(before, after)
    assert before == after


def _assert_one_line(outcome: Outcome, code: int) -> None:
    assert outcome.code == code, (outcome.args, outcome.code, outcome.err)
    assert len(outcome.err_lines) == 1, (outcome.args, outcome.err)
    assert outcome.err_lines[0].startswith("iamctl: "), outcome.err
    assert "Traceback" not in outcome.err


def _setup(cli: Iamctl) -> None:
    cli.ok("user", "create", "alice", "--email", "alice@example.com", "--mobile", "+8613800138000")
    cli.ok("user", "create", "bob")
    cli.ok("user", "create", "helen", "--role", "helpdesk", "--email", "helen@acme.example")
    cli.ok(
        "password",
        "reset",
        "helen",
        "--mode",
        "set-now",
        "--must-change",
        "no",
        "--password-stdin",
        stdin=HELEN_PASSWORD + "\n",
    )


def test_bad_input_is_refused_and_changes_nothing(root_cli: Iamctl, store: Engine) -> None:
    _setup(root_cli)
    version = root_cli.json("user", "show", "alice")["version"]
    cases: list[Case] = [
        (("user", "create", "bad name"), None, "name"),
        (("user", "create", "a" * 65), None, "name"),
        (("user", "create", "carol", "--email", "not-an-email"), None, "email"),
        (("user", "create", "carol", "--mobile", "12345"), None, "mobile"),
        (("user", "create", "ALICE"), None, "already exists"),
        (("user", "create", "carol", "--email", "ALICE@example.com"), None, "alice"),
        (("user", "create", "carol", "--email", "admin@acme.example"), None, "account"),
        (("user", "create", "carol", "--mobile", "+86 138 0013 8000"), None, "alice"),
        (("contact", "set", "bob", "--email", "alice@example.com"), None, "alice"),
        (("contact", "set", "bob", "--mobile", "+1"), None, "mobile"),
        (("user", "show", "nobody"), None, "nobody"),
        (("user", "delete", "nobody"), None, "nobody"),
        (("user", "update", "alice", "--display-name", "A", "--expected-version", "99"), None, ""),
        (("user", "disable", "alice", "--expected-version", "99"), None, "changed by someone else"),
        (
            ("contact", "clear", "alice", "--email", "--expected-version", str(version + 1)),
            None,
            "",
        ),
        (("password", "reset", "bob", "--mode", "set-by-user"), None, "email"),
        (("password", "reset", "bob", "--mode", "auto"), None, "email"),
        (("password", "reset", "alice", "--mode", "set-now", "--password-stdin"), "password\n", ""),
        (
            ("password", "reset", "alice", "--mode", "set-now", "--password-stdin"),
            "\n",
            "standard input",
        ),
        (("password", "reset", "alice", "--mode", "set-now"), None, "password-stdin"),
        (("password", "reset", "alice", "--mode", "auto", "--must-change", "no"), None, ""),
        (("password", "delete", "bob"), None, "no password"),
        (("user", "list", "--limit", "5000"), None, "page"),
        (("init", "--account", "other", "--password-stdin"), "Quartz-Lantern-Ripple-42\n", ""),
        (("policy", "set", "--min-length", "2"), None, "min_length"),
        (("policy", "set", "--max-failures", "1000"), None, "max_failures"),
    ]
    _refused(root_cli, store, cases)


def test_a_helpdesk_operator_is_refused_what_the_role_forbids(
    root_cli: Iamctl, store: Engine, tmp_path: Path
) -> None:
    _setup(root_cli)
    desk = tmp_path / "helpdesk-home"
    root_cli.ok("login", "helen", "--password-stdin", stdin=HELEN_PASSWORD + "\n", home=desk)
    forbidden = [
        ("user", "create", "mallory"),
        ("user", "delete", "bob"),
        ("contact", "set", "bob", "--email", "bob@example.com"),
        ("policy", "set", "--min-length", "12"),
        ("audit", "list"),
        ("outbox", "send"),
        ("user", "update", "helen", "--role", "administrator"),
    ]
    _refused(root_cli, store, [(args, None, "helpdesk") for args in forbidden], home=desk)
    # ...and may do what it allows.
    assert [u["name"] for u in root_cli.json("user", "list", home=desk)][:1] == ["alice"]


def test_wrong_password_and_missing_session_are_one_line(
    root_cli: Iamctl, store: Engine, tmp_path: Path
) -> None:
    wrong = root_cli.run("login", "acme", "--password-stdin", stdin="not-the-password\n")
    _assert_one_line(wrong, 1)
    assert "password is wrong" in wrong.err and "not-the-password" not in wrong.err
    _refused(root_cli, store, [(("user", "list"), None, "iamctl login")], tmp_path / "nobody")


def test_usage_errors_exit_2_and_change_nothing(root_cli: Iamctl, store: Engine) -> None:
    before = dump(store)
    usage = [
        (),
        ("user",),
        ("user", "create"),
        ("user", "create", "carol", "--role", "superuser"),
        ("user", "create", "carol", "--password", "Secret-123-xyz"),
        ("user", "list", "--limit", "ten"),
        ("user", "list", "--limit", "0"),
        ("user", "list", "--sort", "colour"),
        ("password", "reset", "alice", "--mode", "sometime"),
        ("password", "reset", "alice"),
        ("contact", "clear", "alice"),
        ("contact", "clear", "alice", "--email", "--mobile"),
        ("login", "acme"),
        ("audit", "export"),
    ]
    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(lambda args: root_cli.run(*args), usage))
    for outcome in outcomes:
        assert outcome.code == 2, (outcome.args, outcome.code, outcome.err)
        assert outcome.out == "" and "usage: iamctl" in outcome.err, outcome.args
    assert dump(store) == before


def test_a_bad_import_reports_every_bad_row_and_imports_nothing(
    root_cli: Iamctl, store: Engine, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email\nok1,ok1@example.com\nbad name,\nok2,ok1@EXAMPLE.com\n")
    before = dump(store)
    outcome = root_cli.run("user", "import", str(bad))
    assert dump(store) == before
    _assert_one_line(outcome, 1)
    assert "nothing was imported" in outcome.err and "line 3" in outcome.err
    report = outcome.out.splitlines()
    assert len(report) == 2 and report[0].startswith("line 3: name: ")
    assert report[1] == "line 4: email: 'ok1@example.com' repeats line 2 of the file"
    good = tmp_path / "good.csv"
    good.write_text("name,email,mobile,display_name\nok1,ok1@example.com,,One\nok2,,,\n")
    assert root_cli.json("user", "import", str(good)) == {
        "created": 2, "errors": [], "bad_rows": 0
    }  # fmt: skip
    assert [u["name"] for u in root_cli.json("user", "list", "--search", "ok")] == ["ok1", "ok2"]
