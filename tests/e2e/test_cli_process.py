"""The contract only a real `iamctl` process shows, on both databases: its exit statuses,
secrets read from its standard input alone, ``--json`` alone on its stdout.

Every other e2e case runs the same code in-process (tests/e2e/conftest.py); SIGKILL safety is
tests/e2e/test_kill.py.
"""

from __future__ import annotations

import json

import pytest

from app import __version__
from tests.conftest import ROOT_PASSWORD
from tests.e2e.conftest import Iamctl, Outcome

pytestmark = pytest.mark.cli_process
INIT = ("init", "--account", "acme", "--email", "admin@acme.example", "--password-stdin")


def _refusal(outcome: Outcome, code: int, words: str) -> None:
    assert outcome.code == code, (outcome.args, outcome.code, outcome.err)
    assert outcome.out == "", outcome.out
    assert len(outcome.err_lines) == 1 and words in outcome.err, outcome.err
    assert "Traceback" not in outcome.err


def test_exit_statuses_and_secrets_from_stdin_only(iamctl_process: Iamctl) -> None:
    cli = iamctl_process
    assert not cli.in_process
    version = cli.ok("--version")
    assert version.out == f"iamctl {__version__}\n"
    usage = cli.run("user", "frobnicate")
    assert usage.code == 2 and "invalid choice" in usage.err and usage.out == ""
    # A secret is never a command-line value: argparse refuses it before anything runs.
    as_argument = cli.run("init", "--account", "acme", "--password", ROOT_PASSWORD)
    assert as_argument.code == 2 and ROOT_PASSWORD not in as_argument.out
    _refusal(cli.run(*INIT, stdin=""), 1, "no password on standard input")
    _refusal(cli.run("user", "list"), 1, "iamctl: ")  # no account, no session yet
    made = cli.ok(*INIT, stdin=ROOT_PASSWORD + "\n")
    assert made.out == "Account acme created; signed in as acme (root).\n"
    wrong = cli.run("login", "acme", "--password-stdin", stdin="Not-The-Password-1\n")
    _refusal(wrong, 1, "wrong")
    logged = cli.ok("login", "acme", "--password-stdin", stdin=ROOT_PASSWORD + "\n")
    everything = "".join(o.out + o.err for o in (made, wrong, logged))
    assert ROOT_PASSWORD not in everything and "Not-The-Password-1" not in everything
    for path in cli.home.rglob("*"):
        if path.is_file():
            assert ROOT_PASSWORD.encode() not in path.read_bytes(), path


def test_json_is_the_whole_stdout(iamctl_process: Iamctl) -> None:
    cli = iamctl_process
    cli.ok(*INIT, stdin=ROOT_PASSWORD + "\n")
    created = cli.ok("user", "create", "alice", "--email", "alice@example.com", "--json")
    assert created.out.endswith("}\n") and created.err == ""
    assert json.loads(created.out)["name"] == "alice"
    listed = cli.ok("user", "list", "--json")
    rows = json.loads(listed.out)
    assert isinstance(rows, list) and [row["name"] for row in rows] == ["alice"]
    refused = cli.run("user", "create", "alice", "--json")
    _refusal(refused, 1, "already exists")  # a refusal prints no JSON at all
