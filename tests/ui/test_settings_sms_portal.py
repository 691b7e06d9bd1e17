"""The Settings page's SMS gateway section (a loopback receiver) and portal section."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import SmsGatewayKind
from app.devices.fido import list_devices
from app.services import Services
from app.services.records import Actor
from tests.support.sms_receiver import running_sms_receiver
from tests.support.softkey import SoftAuthenticator, soft_device
from tests.ui.test_pages import _shown_texts
from ui.pages.settings_page import SettingsPage
from ui.session import ConsoleSession
from ui.tasks import TaskRunner

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
WAIT = 10_000
TOKEN = "ui-sms-Token-5d0e7b3f19"
MOBILE = "+14155552671"


@pytest.fixture
def page(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor) -> SettingsPage:
    page = SettingsPage(ConsoleSession(services, runner, root))
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.loaded is not None, timeout=WAIT)
    return page


def _save(qtbot: QtBot, page: SettingsPage) -> None:
    with qtbot.waitSignal(page.status_message, timeout=WAIT):
        qtbot.mouseClick(page.sms.save_button, Qt.MouseButton.LeftButton)


def test_sms_gateway_is_chosen_saved_and_tested(
    qtbot: QtBot, page: SettingsPage, services: Services, root: Actor
) -> None:
    form = page.sms_form
    assert form.kind() is SmsGatewayKind.STORED and not form.url.isEnabled()
    with running_sms_receiver() as receiver:
        form.gateway.setCurrentIndex(form.gateway.findData("http"))
        assert form.url.isEnabled() and form.token.isEnabled()
        qtbot.keyClicks(form.url, receiver.url)
        qtbot.mouseClick(page.sms.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.sms.error.text() != "", timeout=WAIT)
        assert "bearer token" in page.sms.error.text() and form.token.hasFocus()
        assert services.sms_settings.show(root).gateway is SmsGatewayKind.STORED

        qtbot.keyClicks(form.token, TOKEN)
        form.timeout.setValue(5)
        _save(qtbot, page)
        assert form.token.text() == "" and form.token.placeholderText() != ""
        view = services.sms_settings.show(root)
        assert (view.gateway, view.url, view.timeout, view.token_set) == (
            SmsGatewayKind.HTTP, receiver.url, 5.0, True,
        )  # fmt: skip

        page.reload()
        qtbot.waitUntil(lambda: form.url.text() == receiver.url, timeout=WAIT)
        form.timeout.setValue(7)  # the token field stays empty: the stored token is kept
        _save(qtbot, page)
        qtbot.keyClicks(form.test_to, MOBILE)
        qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "accepted a test SMS" in page.sms.note.text(), timeout=WAIT)
        receiver.fail_next(502)
        qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "HTTP 502" in page.sms.error.text(), timeout=WAIT)
    assert [r.headers["Authorization"] for r in receiver.received] == [f"Bearer {TOKEN}"] * 2
    assert services.sms_settings.show(root).timeout == 7.0
    assert TOKEN not in _shown_texts(page)

    form.gateway.setCurrentIndex(form.gateway.findData("stored"))
    _save(qtbot, page)
    assert services.sms_settings.show(root).gateway is SmsGatewayKind.STORED


def test_plain_http_to_another_host_is_refused_beside_the_url(
    qtbot: QtBot, page: SettingsPage, services: Services, root: Actor
) -> None:
    form = page.sms_form
    form.gateway.setCurrentIndex(form.gateway.findData("http"))
    qtbot.keyClicks(form.url, "http://sms.example.com/send")
    qtbot.keyClicks(form.token, TOKEN)
    qtbot.mouseClick(page.sms.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.sms.error.text() != "", timeout=WAIT)
    assert "plain http" in page.sms.error.text() and form.url.hasFocus()
    assert form.token.text() == ""  # the typed token does not linger in the field
    assert services.sms_settings.show(root).token_set is False


class _Prompts:
    def touch_requested(self) -> None:
        pass

    def pin_requested(self) -> str | None:
        return None


def _save_portal(qtbot: QtBot, page: SettingsPage, url: str) -> None:
    """Save, then wait for the page to show the settings again (the RP id follows the URL)."""
    before = page.loaded
    page.portal_url.setText(url)
    with qtbot.waitSignal(page.status_message, timeout=WAIT):
        qtbot.mouseClick(page.portal.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.loaded is not before, timeout=WAIT)


def test_the_portal_url_brings_its_relying_party_and_warns_for_keys(
    qtbot: QtBot, page: SettingsPage, services: Services, root: Actor
) -> None:
    services.users.create(root, "alice")
    (device,) = list_devices(lambda: [soft_device(SoftAuthenticator())])
    services.security_keys.add(root, "alice", "desk-key", device, _Prompts(), threading.Event())

    def reloaded(rp_id: str) -> None:
        assert page.loaded is not None and page.loaded.account.relying_party.id == rp_id
        assert page.rp_id.text() == rp_id

    # The RP id shown still fits the new host: kept, and the key keeps working.
    _save_portal(qtbot, page, "https://portal.iamdesk.local/")
    reloaded("iamdesk.local")
    assert page.rp_origin.text() == "https://portal.iamdesk.local"
    assert page.portal.note.text() == "Portal URL saved."
    # Another domain: the RP id becomes its host, and the enrolled key is counted.
    _save_portal(qtbot, page, "https://iam.acme.example")
    reloaded("iam.acme.example")
    assert page.portal.note.text() == (
        "Portal URL saved. The relying-party id was iamdesk.local: 1 security key(s) enrolled "
        "under it no longer sign in."
    )
    # A typed RP id is what is saved.
    page.rp_id.setText("acme.example")
    _save_portal(qtbot, page, "https://iam.acme.example")
    reloaded("acme.example")
    shown = services.portal_settings.show(root)
    assert (shown.url, shown.rp_id) == ("https://iam.acme.example", "acme.example")

    page.rp_id.setText("other.example")
    qtbot.mouseClick(page.portal.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.portal.error.text() != "", timeout=WAIT)
    assert "relying-party id" in page.portal.error.text()
    assert services.portal_settings.show(root).rp_id == "acme.example"
