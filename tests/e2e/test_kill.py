"""SIGKILL at random moments while users are being created: the store stays consistent.

Every change and its audit event commit together or not at all, so after any number of
kills the audit chain verifies, SQLite's integrity check passes, and the users that exist
are exactly those with a `user.create` event.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import time

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.conftest import REPO, Iamctl

# Creates users as fast as it can through the services, signed in as `iamctl login` left it.
CREATE_LOOP = """
import sys
from app.cli.session import load_token
from app.config import Settings
from app.services import Services

settings = Settings.from_env()
services = Services.open(settings)
actor = services.auth.actor_for_session(load_token(settings.session_file))
for i in range(100_000):
    services.users.create(actor, f"{sys.argv[1]}-{i}", email=f"{sys.argv[1]}-{i}@example.com")
"""
TIME_BUDGET = 90.0  # seconds for the kill loop, whatever the machine
pytestmark = [pytest.mark.slow, pytest.mark.cli_process]  # `make test` runs it too


def _kill_after(process: subprocess.Popen[bytes], delay: float) -> bool:
    """SIGKILL ``process`` once ``delay`` seconds pass; False if it finished before."""
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)
        return True


def test_sigkill_never_leaves_a_change_without_its_audit_event(root_cli: Iamctl) -> None:
    sqlite = root_cli.database_url.startswith("sqlite")
    iterations = 30 if sqlite else 15
    rng = random.Random()  # a fresh pattern of kill moments every run
    # Kill moments scale with how long one `iamctl` start takes on this machine now (the
    # interpreter and its imports), so kills land before, during and after the first write
    # on a busy machine as on a quiet one.
    began = time.monotonic()
    subprocess.run(
        root_cli.command("user", "create", "warm-up", "--email", "warm-up@x.example"),
        env=root_cli.env(),
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=True,
        timeout=120,
    )
    start_up = max(0.3, time.monotonic() - began)
    started = time.monotonic()
    kills = 0
    for n in range(iterations):
        if time.monotonic() - started > TIME_BUDGET:
            break
        if n % 2:
            command = root_cli.command("user", "create", f"cli-{n}", "--email", f"c{n}@x.example")
            delay = rng.uniform(0.05, 1.2) * start_up
        else:
            command = root_cli.command()[:1] + ["-c", CREATE_LOOP, f"loop-{n}"]
            delay = rng.uniform(0.5, 2.0) * start_up
        process = subprocess.Popen(
            command,
            env=root_cli.env(),
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        kills += _kill_after(process, delay)
        if process.returncode not in (0, -9):
            raise AssertionError(process.stderr.read().decode() if process.stderr else "")
        if process.stderr:
            process.stderr.close()
    assert kills >= iterations // 3

    if sqlite:
        path = root_cli.database_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        connection.close()

    verified = root_cli.ok("audit", "verify")
    assert verified.out.startswith("audit log intact:")

    engine = create_engine(root_cli.database_url)
    with engine.connect() as connection:
        users = set(connection.execute(text("SELECT name FROM users")).scalars())
        created = list(
            connection.execute(
                text("SELECT target FROM audit_events WHERE action = 'user.create'")
            ).scalars()
        )
    engine.dispose()
    assert users, "no user was created before the kills: the test proved nothing"
    assert len(created) == len(set(created))
    assert users == set(created)
