"""More refusals, as an attacker would try them: an expired or reused set-password link, the
session id rotated at the second factor, code sending and code entry throttled — and the
store unchanged after each (the throttling counters aside)."""

from __future__ import annotations

import re

import httpx
import pytest

from app.services.throttle import Limit
from portal.web import Limits
from tests.portal.conftest import NEW_PASSWORD, LivePortal, changes_besides_counters
from tests.support.dbdump import dump


def _client(portal: LivePortal) -> httpx.Client:
    return httpx.Client(base_url=portal.url, headers={"Origin": portal.url}, timeout=20)


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="(\w+)"', html)
    assert found, html
    return found.group(1)


@pytest.fixture
def limits() -> Limits:
    return Limits(send_per_account=Limit(3, 600), code_per_account=Limit(3, 300),
                  resend_cooldown_seconds=0)  # fmt: skip


def _link_token(portal: LivePortal) -> str:
    portal.services.users.create(portal.root, "alice", email="alice@acme.example")
    portal.services.passwords.reset(portal.root, "alice", "set-by-user")
    found = re.search(r"#token=([\w-]+)", portal.last_mail())
    assert found
    return found.group(1)


def _set(client: httpx.Client, token: str) -> httpx.Response:
    csrf = _csrf(client.get("/set-password").text)
    form = {"token": token, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD,
            "csrf_token": csrf}  # fmt: skip
    return client.post("/set-password", data=form)


def test_expired_link_refused_and_nothing_changes(portal: LivePortal) -> None:
    token = _link_token(portal)
    portal.clock.advance(hours=24, seconds=1)
    before = dump(portal.settings.database_url)
    with _client(portal) as client:
        answer = _set(client, token)
        assert answer.status_code == 410 and "has expired" in answer.text
        status = client.post(
            "/set-password/status",
            json={"token": token},
            headers={"X-CSRF-Token": _csrf(client.get("/set-password").text)},
        )
        assert status.json()["state"] == "expired"
    assert changes_besides_counters(before, dump(portal.settings.database_url)) == []


def test_reused_and_forged_links_refused(portal: LivePortal) -> None:
    token = _link_token(portal)
    with _client(portal) as client:
        assert _set(client, token).status_code == 200
        before = dump(portal.settings.database_url)
        again = _set(client, token)
        assert again.status_code == 410 and "already been used" in again.text
        forged = _set(client, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
        assert forged.status_code == 410 and "no longer valid" in forged.text
    assert changes_besides_counters(before, dump(portal.settings.database_url)) == []


def test_session_id_rotated_at_the_second_factor_and_codes_throttled(
    portal: LivePortal,
) -> None:
    portal.user(protection="email")
    with _client(portal) as client:
        csrf = _csrf(client.get("/").text)
        from tests.portal.conftest import PASSWORD

        form = {"username": "alice", "password": PASSWORD, "csrf_token": csrf}
        client.post("/sign-in/password", data=form)
        waiting = client.cookies.get("iamdesk-session")
        page = client.get("/sign-in/verify").text
        csrf = _csrf(page)
        # Code sending: three new codes in the window, then refused.
        statuses = [client.post("/sign-in/resend", data={"csrf_token": csrf}).status_code
                    for _ in range(4)]  # fmt: skip
        assert statuses == [200, 200, 200, 429]
        code = re.search(r"\b(\d{6})\b", portal.last_mail())
        assert code
        for _ in range(3):
            wrong = client.post("/sign-in/verify", data={"code": "000000", "csrf_token": csrf})
            assert wrong.status_code == 400
        before = dump(portal.settings.database_url)
        throttled = client.post("/sign-in/verify", data={"code": "000000", "csrf_token": csrf})
        assert throttled.status_code == 429
        assert changes_besides_counters(before, dump(portal.settings.database_url)) == []
    with _client(portal) as fresh:  # a new browser, same account: still throttled
        fresh.cookies.set("iamdesk-session", waiting or "", domain="localhost.local")
        right = fresh.post("/sign-in/verify", data={"code": code.group(1), "csrf_token": csrf})
        assert right.status_code == 429


def test_session_id_rotated_after_the_code(portal: LivePortal) -> None:
    portal.user(protection="email")
    from tests.portal.conftest import PASSWORD

    with _client(portal) as client:
        csrf = _csrf(client.get("/").text)
        form = {"username": "alice", "password": PASSWORD, "csrf_token": csrf}
        client.post("/sign-in/password", data=form)
        waiting = client.cookies.get("iamdesk-session")
        csrf = _csrf(client.get("/sign-in/verify").text)
        code = re.search(r"\b(\d{6})\b", portal.last_mail())
        assert code
        done = client.post("/sign-in/verify", data={"code": code.group(1), "csrf_token": csrf})
        assert done.status_code == 303 and done.headers["location"] == "/security"
        signed_in = client.cookies.get("iamdesk-session")
        assert signed_in and waiting and signed_in != waiting
    with _client(portal) as stale:  # the pre-factor session id is worth nothing now
        stale.cookies.set("iamdesk-session", waiting, domain="localhost.local")
        assert stale.get("/security").status_code == 303
