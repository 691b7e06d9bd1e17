"""Secrets reach `iamctl` only through standard input and never land in its files or output."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.parser import build_parser
from tests.conftest import ROOT_PASSWORD
from tests.e2e.conftest import Iamctl
from tests.support.dbdump import dump

SECRET_WORDS = ("password", "secret", "passphrase", "token", "pin", "seed", "key")
# The second-factor code of `iamctl login` is on the command line by contract (ARCHITECTURE §4):
# it is single-use and expires within minutes.
ALLOWED_VALUE_OPTIONS = {"--code"}


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))


def test_no_option_takes_a_secret_as_its_value() -> None:
    seen = 0
    for path, parser in _commands(build_parser()):
        for action in parser._actions:
            for option in action.option_strings:
                seen += 1
                words = option.lstrip("-").split("-")
                looks_secret = any(w.startswith(SECRET_WORDS) for w in words)
                if looks_secret and option not in ALLOWED_VALUE_OPTIONS:
                    assert action.nargs == 0, f"iamctl {' '.join(path)} {option} takes a value"
    assert seen > 50  # the walk really visited the sub-commands


@pytest.mark.parametrize(
    "words",
    [("init",), ("login",), ("password", "reset"), ("smtp", "set")],
)
def test_commands_that_need_a_secret_read_it_from_stdin(words: tuple[str, ...]) -> None:
    parser = dict(_commands(build_parser()))[words]
    flags = {o for a in parser._actions for o in a.option_strings}
    assert "--password-stdin" in flags
    assert not {f for f in flags if f.startswith("--password") and f != "--password-stdin"}


def test_passwords_stay_out_of_files_and_output(root_cli: Iamctl, tmp_path: Path) -> None:
    typed = "Mauve-Otter-Pendulum-73"
    outputs = [
        root_cli.ok("user", "create", "alice", "--email", "alice@example.com"),
        root_cli.ok(
            "password",
            "reset",
            "alice",
            "--mode",
            "set-now",
            "--email",
            "--password-stdin",
            stdin=typed + "\n",
        ),
        root_cli.ok("password", "reset", "alice", "--mode", "set-by-user"),
        root_cli.ok("outbox", "list"),
        root_cli.ok("outbox", "list", "--json"),
        root_cli.ok("audit", "list", "--json"),
        root_cli.ok("login", "acme", "--password-stdin", stdin=ROOT_PASSWORD + "\n"),
    ]
    for outcome in outputs:
        assert typed not in outcome.out + outcome.err
        assert ROOT_PASSWORD not in outcome.out + outcome.err
    for path in [*root_cli.home.rglob("*"), *tmp_path.glob("*.sqlite3*")]:
        if path.is_file():
            data = path.read_bytes()
            assert typed.encode() not in data and ROOT_PASSWORD.encode() not in data, path
    flat = repr(dump(root_cli.database_url))
    assert typed not in flat and ROOT_PASSWORD not in flat
    assert "set-password#token=" not in flat  # the link travels encrypted


def test_an_unexpected_error_is_one_line_and_logged(tmp_path: Path) -> None:
    store = tmp_path / "broken.sqlite3"
    store.write_bytes(b"this is not a database file, it only looks like one" * 100)
    cli = Iamctl(tmp_path / "home", f"sqlite:///{store}", tmp_path / "k")
    outcome = cli.run("user", "list", "--json")
    assert outcome.code == 1 and len(outcome.err_lines) == 1, outcome.err
    # --json asked: the refusal is JSON with its code, the log named in its message
    refusal = json.loads(outcome.err)["error"]
    assert refusal["code"] == "internal.unexpected" and "iamctl.log" in refusal["message"]
    log = (tmp_path / "home" / "iamctl.log").read_text()
    assert "Traceback" not in outcome.err and "DatabaseError" in log and "File " in log
    assert (tmp_path / "home" / "iamctl.log").stat().st_mode & 0o077 == 0
