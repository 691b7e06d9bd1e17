"""Portal sessions live in the store: idle and absolute timeouts from the login policy, ended
when an operator disables the user or resets the password, and by sign-out."""

from __future__ import annotations

import re
from contextlib import closing

import httpx
import pytest

from app.services.portal_sessions import PortalSessionService
from tests.portal.conftest import PASSWORD, LivePortal


def _signed_in_client(portal: LivePortal) -> httpx.Client:
    client = httpx.Client(base_url=portal.url, headers={"Origin": portal.url}, timeout=20)
    token = re.search(r'name="csrf_token" value="(\w+)"', client.get("/").text)
    assert token
    answer = client.post(
        "/sign-in/password",
        data={"username": "alice", "password": PASSWORD, "csrf_token": token.group(1)},
    )
    assert answer.headers["location"] == "/security"
    assert client.get("/security").status_code == 200
    return client


def _is_signed_in(client: httpx.Client) -> bool:
    answer = client.get("/security")
    return answer.status_code == 200 and "My security settings" in answer.text


@pytest.mark.parametrize(
    "end",
    ["disable", "reset-set-now", "reset-link", "idle", "absolute"],
)
def test_session_ends(portal: LivePortal, end: str) -> None:
    portal.user()
    with closing(_signed_in_client(portal)) as client:
        if end == "disable":
            portal.services.users.set_enabled(portal.root, "alice", False)
        elif end == "reset-set-now":
            portal.clock.advance(seconds=1)
            portal.services.passwords.reset(
                portal.root, "alice", "set-now", new_password="Granite-Orchard-Velvet-28"
            )
        elif end == "reset-link":
            portal.clock.advance(seconds=1)
            portal.services.passwords.reset(portal.root, "alice", "set-by-user")
        elif end == "idle":  # the policy's idle_lock_minutes (15), with a page view inside it
            portal.clock.advance(minutes=14)
            assert _is_signed_in(client)
            portal.clock.advance(minutes=14)
            assert _is_signed_in(client)
            portal.clock.advance(minutes=15, seconds=1)
        else:  # the absolute limit (cli_session_hours, 8) despite activity
            for _ in range(8 * 5):
                portal.clock.advance(minutes=12)
                client.get("/security")
            portal.clock.advance(minutes=1)
        assert not _is_signed_in(client)
    assert PortalSessionService(portal.services.context).count_for("alice") == 0


def test_sign_out_ends_the_session(portal: LivePortal) -> None:
    portal.user()
    with closing(_signed_in_client(portal)) as client:
        page = client.get("/security").text
        token = re.search(r'name="csrf_token" value="(\w+)"', page)
        assert token
        stolen = client.cookies.get("iamdesk-session")
        answer = client.post("/sign-out", data={"csrf_token": token.group(1)})
        assert answer.status_code == 303
        assert not _is_signed_in(client)
    with httpx.Client(base_url=portal.url, timeout=20) as other:
        other.cookies.set("iamdesk-session", stolen or "", domain="localhost.local")
        assert not _is_signed_in(other)  # the old cookie is worth nothing now
