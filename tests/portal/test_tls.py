"""Under TLS the session cookie is `__Host-`-prefixed and Secure, and HSTS is sent."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from portal.app import create_app
from tests.portal.conftest import PASSWORD, LivePortal, free_port, serve
from tests.support.mail_server import make_tls_contexts


def test_cookies_and_headers_under_tls(portal: LivePortal, tmp_path: Path) -> None:
    portal.user()
    _, client_context = make_tls_contexts(tmp_path)
    port = free_port()
    server, thread = serve(create_app(portal.services), port,
                           ssl_certfile=str(tmp_path / "cert.pem"),
                           ssl_keyfile=str(tmp_path / "key.pem"))  # fmt: skip
    url = f"https://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=url, verify=client_context, headers={"Origin": url}) as client:
            first = client.get("/")
            assert first.headers["strict-transport-security"].startswith("max-age=")
            pre = first.headers["set-cookie"]
            assert pre.startswith("__Host-iamdesk-pre=") and "Secure" in pre and "Path=/" in pre
            token = re.search(r'name="csrf_token" value="(\w+)"', first.text)
            assert token
            form = {"username": "alice", "password": PASSWORD, "csrf_token": token.group(1)}
            answer = client.post("/sign-in/password", data=form)
            cookie = answer.headers["set-cookie"]
            assert cookie.startswith("__Host-iamdesk-session=")
            assert "Secure" in cookie and "HttpOnly" in cookie and "Domain" not in cookie
            assert client.get("/security").status_code == 200
    finally:
        server.should_exit = True
        thread.join(10)
