"""The portal on a free port (uvicorn in a thread) over a real store on each backend, with
SMS captured, mail caught by aiosmtpd and a frozen clock shared with the server."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn

from app.clock import FrozenClock
from app.config import RelyingParty, Settings
from app.domain.roles import Role
from app.notify.channels import SmsMessage
from app.notify.smtp import SmtpMailer
from app.services import Services
from app.services.records import Actor
from portal.app import create_app
from portal.web import Limits
from tests.conftest import ROOT_PASSWORD
from tests.support.mail_server import MailServer, running_mail_server

PASSWORD = "Quiet-Meadow-Lantern-57"
NEW_PASSWORD = "Silver-Harbour-Compass-83"


class CapturedSms:
    """An SMS gateway that keeps what it was handed (the codes a phone would show)."""

    name = "captured"

    def __init__(self) -> None:
        self.messages: list[SmsMessage] = []

    def send(self, message: SmsMessage) -> str:
        self.messages.append(message)
        return "sent"


@dataclass
class LivePortal:
    """A running portal and what the tests need around it."""

    services: Services
    root: Actor
    clock: FrozenClock
    port: int
    sms: CapturedSms
    mail: MailServer
    settings: Settings
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def deliver(self) -> None:
        """Send what waits in the outbox (SMS to the capture, email over SMTP)."""
        self.services.outbox.send_due(self.root)

    def last_sms_code(self) -> str:
        self.deliver()
        return _code(self.sms.messages[-1].body)

    def last_mail(self) -> str:
        self.deliver()
        return self.mail.bodies()[-1]

    def user(self, name: str = "alice", *, protection: str = "off", **kwargs: str) -> None:
        """A user with a password (not must-change), an email and a mobile number."""
        self.services.users.create(
            self.root, name, email=kwargs.get("email", f"{name}@acme.example"),
            mobile=kwargs.get("mobile"), display_name=kwargs.get("display_name", ""),
        )  # fmt: skip
        self.services.passwords.reset(
            self.root, name, "set-now", new_password=PASSWORD, must_change=False
        )
        if protection != "off":
            self.services.protection.set(self.root, name, method=protection)


def _code(text: str) -> str:
    import re

    found = re.search(r"\b(\d{6})\b", text)
    assert found, text
    return found.group(1)


def _relying_party(services: Services, rp: RelyingParty) -> None:
    """http://localhost as the WebAuthn origin: the browser allows it, and `iamctl` refuses
    plain http elsewhere, so the tests write it into the settings directly."""
    import json
    from dataclasses import replace

    from app.config import AccountSettings

    with services.context.uow() as uow:
        account = services.context.account(uow)
        current = AccountSettings.from_dict(json.loads(account.settings_json))
        account.settings_json = json.dumps(replace(current, relying_party=rp).to_dict())
        uow.commit()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # run in a thread: leave signals alone
        pass


def serve(app: object, port: int, **tls: str) -> tuple[_Server, threading.Thread]:
    """Run ``app`` on 127.0.0.1:``port`` in a thread (``tls``: ssl_certfile, ssl_keyfile)."""
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",  # type: ignore[arg-type]
                            lifespan="off", server_header=False, **tls)  # fmt: skip
    server = _Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the portal did not start"
        time.sleep(0.02)
    return server, thread


@pytest.fixture
def limits() -> Limits:
    return Limits()


@pytest.fixture
def portal(settings: Settings, tmp_path: Path, limits: Limits) -> Iterator[LivePortal]:
    clock = FrozenClock()
    sms = CapturedSms()
    services = Services.open(
        settings, clock=clock, upgrade=False,
        mailer_factory=SmtpMailer, sms_gateway_factory=lambda _name: sms,
    )  # fmt: skip
    services.account.init("acme", ROOT_PASSWORD, email="admin@acme.example")
    root = Actor("acme", Role.ROOT)
    port = free_port()
    origin = f"http://localhost:{port}"
    services.account.set_portal(root, origin)
    _relying_party(services, RelyingParty(id="localhost", origin=origin))
    with running_mail_server() as mail:
        from app.notify.channels import SmtpSettings

        services.account.set_smtp(
            root,
            SmtpSettings(
                host=mail.host,
                port=mail.port,
                security="none",
                username=None,
                password=None,
                sender="iam@acme.example",
            ),  # fmt: skip
        )
        server, thread = serve(create_app(services, limits=limits), port)
        try:
            yield LivePortal(services, root, clock, port, sms, mail, settings)
        finally:
            server.should_exit = True
            thread.join(10)
            services.close()


BROWSER_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
# Where screenshots are saved: IAMDESK_SCREENSHOTS=docs/screenshots, as for the console's
# (tests/ui/test_screenshots.py); without it the pages are still shot, not saved.
SCREENSHOTS = os.environ.get("IAMDESK_SCREENSHOTS", "")


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Debian's chromium driven by playwright (never `playwright install`)."""
    import shutil

    if not Path("/usr/bin/chromium").exists():
        if os.environ.get("CI") or os.environ.get("IAMDESK_REQUIRE_ALL"):
            pytest.fail("chromium is missing: `make test` installs the Debian package chromium")
        pytest.skip("chromium not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    # Chromium writes ~/.config/chromium: its HOME is a temporary folder. Only its own: a
    # session-long HOME for this whole worker broke later subprocesses (pyenv's python3 in
    # the packaging build reads ~/.pyenv).
    home = tmp_path_factory.mktemp("browser-home")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS,
                                        env={**os.environ, "HOME": str(home)})  # fmt: skip
            yield browser
            browser.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def page(browser: object, portal: LivePortal) -> Iterator[object]:
    context = browser.new_context(  # type: ignore[attr-defined]
        base_url=portal.url, locale="en-US", viewport={"width": 1000, "height": 720}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def shot(page: object, name: str) -> None:
    """A screenshot of the whole page, saved as portal-NAME.png in IAMDESK_SCREENSHOTS."""
    image: bytes = page.screenshot(full_page=True)  # type: ignore[attr-defined]
    assert image.startswith(b"\x89PNG"), name
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"portal-{name}.png").write_bytes(image)


def changes_besides_counters(before: object, after: object) -> list[str]:
    """What a refusal changed in the store, the throttling counters aside (counting the
    refused attempt is their job)."""
    from tests.support.dbdump import differences

    lines = differences(before, after)  # type: ignore[arg-type]
    return [line for line in lines if not line.startswith("throttle_counters")]
