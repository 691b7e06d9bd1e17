"""The Settings page's SMS gateway section against a real store and a loopback receiver."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import SmsGatewayKind
from app.services import Services
from app.services.records import Actor
from tests.support.sms_receiver import running_sms_receiver
from tests.ui.test_pages import _shown_texts
from ui.pages.settings_page import SettingsPage
from ui.tasks import TaskRunner

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
WAIT = 10_000
TOKEN = "ui-sms-Token-5d0e7b3f19"
MOBILE = "+14155552671"


@pytest.fixture
def page(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor) -> SettingsPage:
    page = SettingsPage(services, runner, root)
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
