"""SIGKILL at random moments while users are being created: the store stays consistent.

Every change and its audit event commit together or not at all, so after any number of
kills the audit chain verifies, SQLite's integrity check passes, and the users that exist
are exactly those with a `user.create` event.

Two kinds of victim: the real `iamctl user create` process, killed anywhere from start-up to
exit; and a loop creating users through the services as fast as it can, forked from a parent
that imported the app once (no interpreter start-up per kill), so every one of those kills
lands among the writes: inside a transaction, at its commit or between two.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.conftest import REPO, Iamctl

# Reads "<prefix> <delay>" lines. For each it forks a child that signs in as `iamctl login`
# left it, says so on a pipe and creates users until it is killed; the parent SIGKILLs it
# <delay> seconds after it is ready and prints its wait status (the child's traceback on
# stderr and exit 1 if it failed instead).
FORKER = """
import os, signal, sys, time, traceback
from app.cli.session import load_token
from app.config import Settings
from app.services import Services

settings = Settings.from_env()
for line in sys.stdin:
    prefix, delay = line.split()
    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(ready_read)
            services = Services.open(settings)
            actor = services.auth.actor_for_session(load_token(settings.session_file))
            os.write(ready_write, b"r")
            for i in range(100_000):
                services.users.create(actor, f"{prefix}-{i}", email=f"{prefix}-{i}@example.com")
        except BaseException:
            traceback.print_exc()
        os._exit(1)
    os.close(ready_write)
    os.read(ready_read, 1)  # the child has signed in: what it does next is write
    os.close(ready_read)
    time.sleep(float(delay))
    os.kill(pid, signal.SIGKILL)
    print(os.waitpid(pid, 0)[1], flush=True)
"""
pytestmark = [pytest.mark.slow, pytest.mark.cli_process]  # `make test` runs it too


def _kill_after(process: subprocess.Popen[bytes], delay: float) -> None:
    """SIGKILL ``process`` once ``delay`` seconds pass, unless it finished before."""
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def _kill_cli_processes(root_cli: Iamctl, count: int, rng: random.Random) -> None:
    """Kill `count` real `iamctl user create` processes before, during or after their write."""
    # Kill moments scale with how long one `iamctl` start takes on this machine now (the
    # interpreter and its imports), so kills land before, during and after the write on a
    # busy machine as on a quiet one.
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
    for n in range(count):
        process = subprocess.Popen(
            root_cli.command("user", "create", f"cli-{n}", "--email", f"c{n}@x.example"),
            env=root_cli.env(),
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _kill_after(process, rng.uniform(0.05, 1.2) * start_up)
        assert process.stderr is not None
        with process.stderr:
            assert process.returncode in (0, -signal.SIGKILL), process.stderr.read().decode()


def _kill_writing_loops(root_cli: Iamctl, count: int, rng: random.Random) -> None:
    """Kill `count` forked loops, each at a random moment of its stream of writes."""
    orders = "".join(f"loop-{n} {rng.uniform(0.0, 0.3):.3f}\n" for n in range(count))
    done = subprocess.run(
        root_cli.command()[:1] + ["-c", FORKER],
        input=orders.encode(),
        env=root_cli.env(),
        cwd=REPO,
        capture_output=True,
        timeout=300,
        check=False,
    )
    statuses = [int(status) for status in done.stdout.split()]
    killed = [os.WIFSIGNALED(s) and os.WTERMSIG(s) == signal.SIGKILL for s in statuses]
    assert done.returncode == 0 and len(statuses) == count and all(killed), done.stderr.decode()


def test_sigkill_never_leaves_a_change_without_its_audit_event(root_cli: Iamctl) -> None:
    sqlite = root_cli.database_url.startswith("sqlite")
    rng = random.Random()  # a fresh pattern of kill moments every run
    _kill_cli_processes(root_cli, 6 if sqlite else 4, rng)
    _kill_writing_loops(root_cli, 30 if sqlite else 15, rng)

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
    assert any(name.startswith("loop-") for name in users), "no loop wrote before its kill"
    assert len(created) == len(set(created))
    assert users == set(created)
