"""End-to-end fixtures: `iamctl` against a fresh store per test.

The `iamctl` fixture runs the command in this process through `app.cli.entry` (parse, then
`entry.run` with the test's environment and streams): the same code path as the installed
command after the interpreter starts, at a fraction of the cost. The `iamctl_process`
fixture (and ``Iamctl(..., in_process=False)``) runs the real process, for the contract only
a process shows: exit statuses, standard input, ``--json`` on stdout, SIGKILL.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import logging
import os
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from app.cli import entry
from app.cli.parser import build_parser
from app.security.passwords import ENV_TEST_CHEAP_HASHING
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


# One in-process run at a time: a run owns os.environ, the root logger and the keyring
# backend while it lasts (tests that run commands from threads are serialised here).
_IN_PROCESS = threading.Lock()


class Iamctl:
    """Runs `iamctl` with IAMDESK_HOME, IAMDESK_DATABASE_URL, IAMDESK_KEY_FILE set.

    Args:
        home: the data directory (session file, log).
        database_url: the store.
        key_file: the vault's wrapping key file (None: the OS keyring, made to fail).
        in_process: run through `app.cli.entry` in this process (default), or
            ``python -m app.cli`` in a subprocess.
    """

    def __init__(
        self, home: Path, database_url: str, key_file: Path | None, *, in_process: bool = True
    ) -> None:
        self.home = home
        self.database_url = database_url
        self.key_file = key_file
        self.in_process = in_process

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
        if self.in_process:
            # Under the lock: another thread's run swaps os.environ while it runs.
            with _IN_PROCESS:
                env = self.env(home)
                if ENV_TEST_CHEAP_HASHING in os.environ:  # this test's hashing cost
                    env[ENV_TEST_CHEAP_HASHING] = os.environ[ENV_TEST_CHEAP_HASHING]
                return self._run_in_process(args, stdin or "", env)
        with _IN_PROCESS:
            env = self.env(home)
        done = subprocess.run(
            self.command(*args),
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=CALL_TIMEOUT,
            check=False,
        )
        return Outcome(tuple(args), done.returncode, done.stdout, done.stderr)

    @staticmethod
    def _run_in_process(args: tuple[str, ...], stdin: str, env: dict[str, str]) -> Outcome:
        """`iamctl.main` without the interpreter: what ``python -m app.cli`` would do (the
        caller holds ``_IN_PROCESS``)."""
        out, err = io.StringIO(), io.StringIO()
        with _process_state(env):
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    parsed = _parser().parse_args(list(args))  # --version, usage: exit
                code = entry.run(parsed, stdin=io.StringIO(stdin), stdout=out, stderr=err)
            except SystemExit as done:
                code = _exit_status(done.code, err)
        return Outcome(tuple(args), code, out.getvalue(), err.getvalue())

    def ok(self, *args: str, stdin: str | None = None, home: Path | None = None) -> Outcome:
        """Run and insist on exit 0 with nothing on stderr."""
        outcome = self.run(*args, stdin=stdin, home=home)
        assert outcome.code == 0, f"iamctl {' '.join(args)} -> {outcome.code}: {outcome.err}"
        assert outcome.err == "", outcome.err
        return outcome

    def json(self, *args: str, stdin: str | None = None, home: Path | None = None) -> Any:
        return self.ok(*args, "--json", stdin=stdin, home=home).json()


@functools.cache
def _parser() -> argparse.ArgumentParser:
    """`iamctl`'s parser, built once: parsing leaves it as it was."""
    return build_parser()


def _exit_status(code: object, err: io.StringIO) -> int:
    """The status ``sys.exit(code)`` gives a process (a message goes to stderr, status 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    err.write(f"{code}\n")
    return 1


@contextlib.contextmanager
def _process_state(env: dict[str, str]) -> Iterator[None]:
    """The environment, keyring and logging a fresh `iamctl` process has; all put back after.

    `entry.run` configures the root logger (a file handler in IAMDESK_HOME, levels, warnings
    into logging) as a process would once; here each run's changes are undone and its log
    file closed, so runs do not pile up handlers.
    """
    saved_env = dict(os.environ)
    root = logging.getLogger()
    app_log = logging.getLogger("app")
    saved = (list(root.handlers), root.level, app_log.level, logging.raiseExceptions)
    saved_showwarning = warnings.showwarning
    saved_keyring = keyring.get_keyring()
    os.environ.clear()
    os.environ.update(env)
    keyring.set_keyring(fail.Keyring())  # never the developer's keyring, as in env()
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        keyring.set_keyring(saved_keyring)
        for handler in root.handlers:
            if handler not in saved[0]:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(saved[1])
        app_log.setLevel(saved[2])
        logging.raiseExceptions = saved[3]
        logging.captureWarnings(False)
        warnings.showwarning = saved_showwarning


@pytest.fixture
def iamctl(tmp_path: Path, database_url: str) -> Iamctl:
    """`iamctl` on a fresh, migrated store (SQLite and PostgreSQL in turn), no account yet;
    commands run in-process."""
    return Iamctl(tmp_path / "home", database_url, tmp_path / "iamdesk.key")


@pytest.fixture
def iamctl_process(tmp_path: Path, database_url: str) -> Iamctl:
    """The same, but every command runs the real ``python -m app.cli`` process."""
    return Iamctl(tmp_path / "home", database_url, tmp_path / "iamdesk.key", in_process=False)


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
