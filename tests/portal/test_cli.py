"""`iamdesk-portal`: refuses an uninitialised store with one line; serves /healthz."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.config import Settings
from app.services import Services
from tests.conftest import ROOT_PASSWORD
from tests.portal.conftest import free_port


def _env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        IAMDESK_HOME=str(settings.home),
        IAMDESK_DATABASE_URL=settings.database_url,
        IAMDESK_KEY_FILE=str(settings.key_file),
    )
    return env


def _initialise(settings: Settings) -> None:
    services = Services.open(settings)
    services.account.init("acme", ROOT_PASSWORD, email="admin@acme.example")
    services.close()


def _command() -> list[str]:
    return [str(Path(sys.executable).with_name("iamdesk-portal"))]


def test_refuses_an_uninitialised_store(settings: Settings) -> None:
    done = subprocess.run(_command() + ["--port", str(free_port())], env=_env(settings),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "not initialised" in lines[0] and "iamctl init" in lines[0]


def test_usage_errors(settings: Settings) -> None:
    done = subprocess.run(_command() + ["--certfile", "x.pem"], env=_env(settings),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2 and "--keyfile" in done.stderr


def test_serves_with_two_workers(settings: Settings) -> None:
    _initialise(settings)
    port = free_port()
    server = subprocess.Popen(
        _command() + ["--port", str(port), "--workers", "2"],
        env=_env(settings), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the portal did not start"
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                time.sleep(0.2)
        assert answer.status_code == 200
        page = httpx.get(f"http://127.0.0.1:{port}/", headers={"Accept": "text/html"})
        assert "Username" in page.text and "server" not in page.headers
    finally:
        server.terminate()
        server.wait(30)


def test_what_start_up_made_is_out_of_the_collectors_sight(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full collection scanned everything start-up made (78 ms, stopping every request in
    flight: the sign-in page's p99 at 16 clients was 84 ms); the served app freezes it."""
    from portal.app import from_env

    _initialise(settings)
    for name, value in _env(settings).items():
        monkeypatch.setenv(name, value)
    assert gc.get_freeze_count() == 0
    served = from_env()
    try:
        assert gc.get_freeze_count() > 50_000  # the modules, the app, the store's mappings
    finally:
        gc.unfreeze()
        served.state.services.close()
