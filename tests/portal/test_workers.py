"""Four `iamdesk-portal` workers on one PostgreSQL store: sessions work whichever worker
answers, and one TOTP code sent through two sign-ins at once signs in exactly one."""

from __future__ import annotations

import re
import subprocess
import threading
import time
from contextlib import closing

import httpx
import pytest

from app.config import Settings
from app.domain.roles import Role
from app.services import Services
from app.services.records import Actor
from tests.conftest import ROOT_PASSWORD
from tests.portal.conftest import PASSWORD, free_port
from tests.portal.test_cli import _command, _env
from tests.support.oath import oathtool_code


def _password_step(url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, headers={"Origin": url}, timeout=30)
    token = re.search(r'name="csrf_token" value="(\w+)"', client.get("/").text)
    assert token
    answer = client.post(
        "/sign-in/password",
        data={"username": "alice", "password": PASSWORD, "csrf_token": token.group(1)},
    )
    assert answer.headers["location"].startswith("/sign-in/verify")
    return client


def test_one_code_twice_across_four_workers(settings: Settings) -> None:
    if settings.is_sqlite:
        pytest.skip("several workers share a PostgreSQL store")
    services = Services.open(settings)
    services.account.init("acme", ROOT_PASSWORD, email="admin@acme.example")
    root = Actor("acme", Role.ROOT)
    services.users.create(root, "alice", email="alice@acme.example")
    services.passwords.reset(root, "alice", "set-now", new_password=PASSWORD, must_change=False)
    enrollment = services.mfa.bind(root, "alice")
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    earlier = [oathtool_code(enrollment.secret, now - timedelta(seconds=s)) for s in (60, 30)]
    services.mfa.confirm(root, "alice", *earlier)
    services.protection.set(root, "alice", method="mfa")
    services.close()
    port = free_port()
    url = f"http://localhost:{port}"
    server = subprocess.Popen(_command() + ["--port", str(port), "--workers", "4"],
                              env=_env(settings), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "no portal"
            time.sleep(0.3)
        first, second = _password_step(url), _password_step(url)
        with closing(first), closing(second):
            pages = [c.get("/sign-in/verify").text for c in (first, second)]
            tokens = [re.search(r'name="csrf_token" value="(\w+)"', p).group(1) for p in pages]  # type: ignore[union-attr]
            code = oathtool_code(enrollment.secret, datetime.now(UTC))
            answers: list[httpx.Response] = []
            start = threading.Barrier(2)

            def send(client: httpx.Client, token: str) -> None:
                start.wait()
                answers.append(client.post("/sign-in/verify",
                                           data={"code": code, "csrf_token": token}))  # fmt: skip

            threads = [threading.Thread(target=send, args=pair) for pair in
                       zip((first, second), tokens, strict=True)]  # fmt: skip
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            signed_in = [a for a in answers if a.status_code == 303]
            refused = [a for a in answers if a.status_code == 400]
            assert len(signed_in) == 1 and len(refused) == 1, [a.status_code for a in answers]
            winner = first if first.get("/security").status_code == 200 else second
            # Every worker knows the session (it lives in the store): ask several times.
            assert {winner.get("/security").status_code for _ in range(8)} == {200}
    finally:
        server.terminate()
        server.wait(30)
