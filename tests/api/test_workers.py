"""Four uvicorn workers on one PostgreSQL store: one TOTP code sent to all at once gives
exactly one token (the time step is claimed in the store, not in a worker's memory)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from app.config import Settings
from app.services import Services
from app.services.records import Actor
from tests.api.conftest import ACCOUNT, PASSWORD, Alice, OffsetClock, free_port, make_user
from tests.support.oath import oathtool_code

ROOT = Path(__file__).resolve().parents[2]


def _wait_until_serving(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("uvicorn exited")
        try:
            if requests.get(f"{url}/v3", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError("uvicorn did not start")


@pytest.fixture
def four_workers(
    services: Services, settings: Settings, root: Actor, clock: OffsetClock, client_env: None
) -> Iterator[tuple[str, Alice]]:
    """uvicorn --workers 4 in a child process on this test's store, and its user."""
    alice = make_user(services, root, clock, mfa=True)
    port = free_port()
    env = {
        **os.environ,
        "IAMDESK_HOME": str(settings.home),
        "IAMDESK_DATABASE_URL": settings.database_url,
        "IAMDESK_KEY_FILE": str(settings.key_file),
        "IAMDESK_TEST_CLOCK_OFFSET": str(clock.offset.total_seconds()),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "uvicorn", "tests.api.served_app:create", "--factory"]
    command += ["--workers", "4", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen([*command, "--log-level", "warning"], cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, process)
        yield url, alice
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_one_code_sent_to_four_workers_at_once_gives_one_token(
    clock: OffsetClock, four_workers: tuple[str, Alice]
) -> None:
    url, alice = four_workers
    assert alice.seed
    code = oathtool_code(alice.seed, clock.now())
    body = {
        "auth": {
            "identity": {
                "methods": ["password", "totp"],
                "password": {
                    "user": {"name": "alice", "password": PASSWORD, "domain": {"name": ACCOUNT}}
                },
                "totp": {"user": {"id": alice.user_id, "passcode": code}},
            }
        }
    }
    start = threading.Barrier(6)
    statuses: list[int] = []

    def send() -> None:
        with requests.Session() as http:  # one connection each: spread over the workers
            http.trust_env = False
            start.wait(timeout=30)
            statuses.append(http.post(f"{url}/v3/auth/tokens", json=body, timeout=60).status_code)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert sorted(statuses) == [201, 401, 401, 401, 401, 401]
