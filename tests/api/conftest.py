"""A real identity API (uvicorn on a free port of 127.0.0.1) on a real store, both backends.

The server's clock is the system clock plus an offset a test may move (a skewed client, an
expired key); the clients' own clocks are never touched.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import update

from app.security import totp
from app.services import Services
from app.services.records import Actor, NewTemporaryCredential
from app.store.models import TemporaryCredential
from portal.app import create_app
from tests.support.oath import oathtool_code

PASSWORD = "Silver-Otter-Canyon-58"
ACCOUNT = "acme"


class OffsetClock:
    """The system clock moved by an offset (``advance`` as FrozenClock's)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, **kwargs: float) -> None:
        self.offset += timedelta(**kwargs)


@pytest.fixture
def clock() -> OffsetClock:  # type: ignore[override]
    return OffsetClock()


def build_app(services: Services) -> FastAPI:
    """The server the API runs in: the portal's own application, pages and API together."""
    return create_app(services)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(app: FastAPI, **ssl: str) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a thread; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", **ssl
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    scheme = "https" if ssl else "http"
    try:
        yield f"{scheme}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass(frozen=True)
class Alice:
    """An IAM user with a password, an access key, a permission set and (maybe) virtual MFA."""

    name: str
    user_id: str
    access_key_id: str
    secret: str
    seed: str | None


def make_user(
    services: Services,
    root: Actor,
    clock: OffsetClock,
    name: str = "alice",
    *,
    mfa: bool = False,
    session_seconds: int = 3600,
) -> Alice:
    """The user, and a permission set ``NAME-set`` of ``session_seconds`` assigned to them."""
    services.users.create(root, name, email=f"{name}@acme.example")
    services.temporary_credentials.create_set(root, f"{name}-set", session_seconds)
    services.temporary_credentials.assign(root, f"{name}-set", name)
    services.passwords.reset(root, name, "set-now", new_password=PASSWORD, must_change=False)
    key = services.access_keys.create(root, name)
    seed = None
    if mfa:
        enrollment = services.mfa.bind(root, name)
        first = oathtool_code(enrollment.secret, clock.now())
        clock.advance(seconds=30)
        second = oathtool_code(enrollment.secret, clock.now())
        services.mfa.confirm(root, name, first, second)
        services.protection.set(root, name, api=True)
        clock.advance(seconds=30)  # the next code is a new time step
        seed = enrollment.secret
    detail = services.users.get(root, name)
    return Alice(name, f"{detail.id:032x}", key.access_key_id, key.secret_access_key, seed)


@pytest.fixture
def client_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No client reads the real home, an AWS config file or a cloud metadata address."""
    home = tmp_path / "client-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / "no-aws-credentials"))
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def api_url(services: Services, root: Actor, client_env: None) -> Iterator[str]:
    with running_server(build_app(services)) as url:
        yield url


def temporary_keys(services: Services, name: str = "alice") -> NewTemporaryCredential:
    """Temporary keys issued the way the API issues them (a token, then its set's keys)."""
    token = services.api_tokens.issue(name, PASSWORD)
    return services.temporary_credentials.issue(token.token)


def expire_now(services: Services, access_key_id: str) -> None:
    """Move a temporary key's expiry into the past (its 15 minutes at least are longer than
    the signature's allowed clock skew, so the server's clock cannot simply be moved on)."""
    with services.context.session_factory() as session, session.begin():
        session.execute(
            update(TemporaryCredential)
            .where(TemporaryCredential.access_key_id == access_key_id)
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )


def wrong_code(seed: str, at: datetime) -> str:
    """A six-digit code that is none of the codes accepted at ``at`` (±1 step)."""
    step = totp.time_step(at)
    accepted = {totp.code_at(seed, s) for s in range(step - 1, step + 2)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)
