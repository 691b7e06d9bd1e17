"""End-to-end fixtures: the real `iamctl` in a subprocess against a fresh store per test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT_PASSWORD

REPO = Path(__file__).resolve().parents[2]
CALL_TIMEOUT = 60


@dataclass(frozen=True)
class Outcome:
    """One finished `iamctl` run."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    def json(self) -> Any:
        return json.loads(self.out)


class Iamctl:
    """Runs ``python -m app.cli`` with IAMDESK_HOME, IAMDESK_DATABASE_URL, IAMDESK_KEY_FILE set.

    Args:
        home: the data directory (session file, log).
        database_url: the store.
        key_file: the vault's wrapping key file (None: the OS keyring, made to fail).
    """

    def __init__(self, home: Path, database_url: str, key_file: Path | None) -> None:
        self.home = home
        self.database_url = database_url
        self.key_file = key_file

    def env(self, home: Path | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("IAMDESK_")}
        env.update(
            IAMDESK_HOME=str(home or self.home),
            IAMDESK_DATABASE_URL=self.database_url,
            PYTHONDONTWRITEBYTECODE="1",
            # Never the developer's real keyring: without a key file the vault must fail.
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        )
        if self.key_file is not None:
            env["IAMDESK_KEY_FILE"] = str(self.key_file)
        return env

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "app.cli", *args]

    def run(self, *args: str, stdin: str | None = None, home: Path | None = None) -> Outcome:
        done = subprocess.run(
            self.command(*args),
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            env=self.env(home),
            cwd=REPO,
            timeout=CALL_TIMEOUT,
            check=False,
        )
        return Outcome(tuple(args), done.returncode, done.stdout, done.stderr)

    def ok(self, *args: str, stdin: str | None = None, home: Path | None = None) -> Outcome:
        """Run and insist on exit 0 with nothing on stderr."""
        outcome = self.run(*args, stdin=stdin, home=home)
        assert outcome.code == 0, f"iamctl {' '.join(args)} -> {outcome.code}: {outcome.err}"
        assert outcome.err == "", outcome.err
        return outcome

    def json(self, *args: str, stdin: str | None = None, home: Path | None = None) -> Any:
        return self.ok(*args, "--json", stdin=stdin, home=home).json()


@pytest.fixture
def iamctl(tmp_path: Path, database_url: str) -> Iamctl:
    """`iamctl` on a fresh, migrated store (SQLite and PostgreSQL in turn), no account yet."""
    return Iamctl(tmp_path / "home", database_url, tmp_path / "iamdesk.key")


@pytest.fixture
def root_cli(iamctl: Iamctl) -> Iamctl:
    """`iamctl` after `init`: the account acme exists and its root operator is signed in."""
    iamctl.ok(
        "init",
        "--account",
        "acme",
        "--email",
        "admin@acme.example",
        "--password-stdin",
        stdin=ROOT_PASSWORD + "\n",
    )
    return iamctl
