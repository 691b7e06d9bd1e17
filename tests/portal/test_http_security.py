"""The portal's defences seen from raw HTTP (httpx): headers, cookie flags, CSRF, redirects,
errors as pages, throttling, and the store unchanged after each refusal."""

from __future__ import annotations

import re

import httpx
import pytest

from app.services.throttle import Limit
from portal.web import Limits
from tests.portal.conftest import PASSWORD, LivePortal
from tests.support.dbdump import differences, dump


def _client(portal: LivePortal) -> httpx.Client:
    return httpx.Client(base_url=portal.url, headers={"Origin": portal.url}, timeout=20)


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', html)
    assert found, html
    return found.group(1)


def _sign_in(client: httpx.Client, name: str = "alice", password: str = PASSWORD) -> httpx.Response:
    page = client.get("/")
    token = _csrf(page.text)
    client.post("/sign-in/username", data={"username": name, "csrf_token": token})
    return client.post(
        "/sign-in/password", data={"username": name, "password": password, "csrf_token": token}
    )


def test_healthz_and_headers(portal: LivePortal) -> None:
    with _client(portal) as client:
        assert client.get("/healthz").status_code == 200
        page = client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Username" in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text and " style=" not in page.text


def test_sign_in_cookie_flags_and_new_session_id(portal: LivePortal) -> None:
    portal.user()
    with _client(portal) as client:
        client.cookies.set("iamdesk-session", "planted-by-an-attacker", domain="localhost.local")
        answer = _sign_in(client)
        assert answer.status_code == 303 and answer.headers["location"] == "/security"
        cookie = answer.headers["set-cookie"]
        assert cookie.startswith("iamdesk-session=")
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
        token = client.cookies.get("iamdesk-session")
        assert token and token != "planted-by-an-attacker"
        assert client.get("/security").status_code == 200
        assert portal.extra.get("sessions") is None
    from app.services.portal_sessions import PortalSessionService

    assert PortalSessionService(portal.services.context).count_for("alice") == 1


def test_csrf_refused_and_store_unchanged(portal: LivePortal) -> None:
    portal.user()
    with _client(portal) as client:
        _sign_in(client)
        before = dump(portal.settings.database_url)
        forged = client.post(
            "/change-password",
            data={"current_password": PASSWORD, "new_password": "Another-Long-Phrase-91",
                  "confirm_password": "Another-Long-Phrase-91", "csrf_token": "0" * 64},
        )  # fmt: skip
        assert forged.status_code == 403 and "Traceback" not in forged.text
        cross = client.post(
            "/sign-out", data={"csrf_token": "x"}, headers={"Origin": "https://evil.example"}
        )
        assert cross.status_code == 403
        assert differences(before, dump(portal.settings.database_url)) == []
        assert client.get("/security").status_code == 200  # still signed in


def test_no_open_redirect(portal: LivePortal) -> None:
    portal.user()
    with _client(portal) as client:
        page = client.get("/sign-in?next=https://evil.example/")
        token = _csrf(page.text)
        for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "/security"):
            client.cookies.clear()
            client.get("/")
            token = _csrf(client.get("/").text)
            answer = client.post(
                "/sign-in/password",
                data={"username": "alice", "password": PASSWORD, "csrf_token": token,
                      "next": target},
            )  # fmt: skip
            assert answer.headers["location"] == "/security", target


def test_errors_are_pages(portal: LivePortal) -> None:
    with _client(portal) as client:
        schema = client.get("/openapi.json").json()
        assert not any(p.startswith(("/sign-in", "/security", "/set-password", "/credentials"))
                       for p in schema["paths"])  # fmt: skip
        missing = client.get("/no-such-page")
        assert missing.status_code == 404 and "<html" in missing.text
        assert "Traceback" not in missing.text


@pytest.fixture
def limits() -> Limits:
    return Limits(sign_in_per_address=Limit(6, 300), sign_in_per_account=Limit(4, 300))


def test_sign_in_throttled_per_account(portal: LivePortal) -> None:
    portal.user()
    with _client(portal) as client:
        token = _csrf(client.get("/").text)
        codes = []
        for _ in range(5):
            answer = client.post(
                "/sign-in/password",
                data={"username": "alice", "password": "wrong", "csrf_token": token},
            )
            codes.append(answer.status_code)
        assert codes == [401, 401, 401, 401, 429]
        before = dump(portal.settings.database_url)
        refused = client.post(
            "/sign-in/password",
            data={"username": "alice", "password": PASSWORD, "csrf_token": token},
        )
        assert refused.status_code == 429
        changed = differences(before, dump(portal.settings.database_url))
        # Only the counters moved: no failure counted, no lockout, no audit event.
        assert [line for line in changed if not line.startswith("throttle_counters")] == []
