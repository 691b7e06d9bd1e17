"""Every refusal in the Chinese console is Chinese (issue 13, point 9): the refusal paths of
the Security Settings tab, the reset, contact, MFA, key and access-key dialogs and sign-in,
driven with the zh_CN translator loaded; the message on screen must be the zh_CN catalogue's
(no English sentence). And no service the console calls raises a sentence that bypasses the
catalogue (such a refusal could only ever be English)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.vocabulary import ResetMode
from app.errors import IamDeskError
from app.messages import CATALOGUE
from app.services import Services
from app.services.records import Actor
from tests.conftest import ROOT_PASSWORD
from tests.ui.helpers import (
    SQLITE_ONLY,
    WAIT,
    assert_chinese,
    choose_mfa_device,
    click,
    click_radio,
    security_tab,
)
from ui.startup.sign_in_dialog import SignInDialog
from ui.tasks import TaskRunner
from ui.user_details.security_settings.contact_dialog import ContactDialog
from ui.user_details.security_settings.mfa_dialog import BindMfaDialog
from ui.user_details.security_settings.password_dialog import ResetPasswordDialog
from ui.widgets.inline_error import message_of

ROOT = Path(__file__).resolve().parents[2]
STRONG = "Xylophone-Quartz-77"
# The modules behind the console's Security Settings, its dialogs, sign-in and CSV import.
CONSOLE_SERVICES = ("access_keys", "contacts", "mfa", "passwords", "protection",
                    "security_keys", "security_settings", "sign_in", "sign_in_factors",
                    "sign_in_lockout", "second_factor", "temporary_credentials", "users",
                    "outbox", "user_import")  # fmt: skip


def test_no_console_service_raises_a_sentence_outside_the_catalogue() -> None:
    found = []
    for module in CONSOLE_SERVICES:
        path = ROOT / "app" / "services" / f"{module}.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            sentence = isinstance(first, ast.JoinedStr) or (
                isinstance(first, ast.Constant) and isinstance(first.value, str)
            )
            if name.endswith("Error") and sentence:
                found.append(f"{path.name}:{node.lineno}")
    assert not found, f"refusals that only speak English: {found}"


@SQLITE_ONLY
def test_the_security_tab_and_its_dialogs_refuse_in_chinese(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, alice: str,
    chinese: None,
) -> None:  # fmt: skip
    services.users.create(root, "bob", email="bob@example.com")
    services.passwords.reset(root, alice, ResetMode.SET_NOW, new_password=STRONG)
    tab = security_tab(qtbot, services, runner, root, alice)

    # the reset dialog: a password used before (the service's history check)
    click(qtbot, tab.credentials.reset_password_button)
    reset = tab.active_dialog
    assert isinstance(reset, ResetPasswordDialog)
    click_radio(qtbot, reset.mode_now)
    qtbot.keyClicks(reset.new_password, STRONG)
    qtbot.keyClicks(reset.confirm_password, STRONG)
    assert_chinese(reset.policy_feedback.text())
    click(qtbot, reset.ok_button)
    qtbot.waitUntil(lambda: reset.password_error.text() != "", timeout=WAIT)
    assert_chinese(reset.password_error.text())
    reset.new_password.clear()
    qtbot.keyClicks(reset.new_password, "password")  # live feedback: too short, common
    assert_chinese(reset.policy_feedback.text())
    assert_chinese(reset.match_feedback.text())
    reset.reject()

    # the contact dialog: an address another user has, and one that is malformed
    click(qtbot, tab.credentials.change_email_button)
    contact = tab.active_dialog
    assert isinstance(contact, ContactDialog)
    contact.value.clear()
    qtbot.keyClicks(contact.value, "not an address")
    assert_chinese(contact.feedback.text(), "not an address")
    contact.value.clear()
    qtbot.keyClicks(contact.value, "bob@example.com")
    click(qtbot, contact.save_button)
    qtbot.waitUntil(lambda: contact.error.text() != "", timeout=WAIT)
    assert_chinese(contact.error.text(), "bob@example.com", "bob")
    contact.reject()

    # the MFA dialog: two codes that do not match the device
    mfa = choose_mfa_device(qtbot, tab, "phone", virtual=True)
    assert isinstance(mfa, BindMfaDialog)
    qtbot.waitUntil(lambda: mfa.enrollment is not None, timeout=WAIT)
    qtbot.keyClicks(mfa.code1, "000000")
    qtbot.keyClicks(mfa.code2, "111111")
    click(qtbot, mfa.confirm_button)
    qtbot.waitUntil(lambda: mfa.code_error.text() != "", timeout=WAIT)
    assert_chinese(mfa.code_error.text())
    mfa.reject()
    qtbot.waitUntil(lambda: tab.active_dialog is None, timeout=WAIT)

    # login protection by SMS for a user whose mobile number is then gone
    services.contacts.clear(root, alice, "mobile")
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    method = tab.protection.protection_method
    method.setCurrentIndex(method.findData("sms"))
    if tab.protection.apply_protection_button.isEnabled():
        click(qtbot, tab.protection.apply_protection_button)
        qtbot.waitUntil(lambda: tab.protection.protection_error.text() != "", timeout=WAIT)
        assert_chinese(tab.protection.protection_error.text(), alice)
    else:  # refused before asking the service: the reason is Chinese too
        assert_chinese(tab.protection.apply_protection_button.toolTip())

    # access keys: a third one is over the limit
    services.access_keys.create(root, alice)
    services.access_keys.create(root, alice)
    with qtbot.waitSignal(tab.state_loaded, timeout=WAIT):
        tab.reload()
    button = tab.access_keys.create_access_key_button
    if button.isEnabled():
        click(qtbot, button)
        qtbot.waitUntil(lambda: tab.access_keys.access_key_error.text() != "", timeout=WAIT)
        assert_chinese(tab.access_keys.access_key_error.text(), alice)
    else:
        assert_chinese(button.toolTip())

    # a stale edit: the user changed elsewhere while the tab shows the old version
    services.users.update(root, alice, display_name="Changed Elsewhere")
    tab.credentials._confirm_delete_password = lambda on_yes: on_yes()  # type: ignore[method-assign]
    click(qtbot, tab.credentials.delete_password_button)
    qtbot.waitUntil(lambda: tab.credentials.password_error.text() != "", timeout=WAIT)
    assert_chinese(tab.credentials.password_error.text(), alice)


@SQLITE_ONLY
def test_security_key_refusals_are_chinese(
    services: Services, root: Actor, alice: str, chinese: None
) -> None:
    """The key dialogs show what these service calls refuse (a key needs hardware to bind;
    what the console shows of a refusal is message_of, as for every section)."""
    refusals: list[IamDeskError] = []
    for call in (
        lambda: services.security_keys.unbind(root, alice, "nokey", confirm="YES"),
        lambda: services.security_keys.unbind(root, alice, "nokey", confirm="yes"),
        lambda: services.access_keys.delete(root, alice, "AKNOTTHERE"),
    ):
        with pytest.raises(IamDeskError) as caught:
            call()
        refusals.append(caught.value)
    for error in refusals:
        assert error.from_catalogue and error.code in CATALOGUE, error.code
        assert_chinese(message_of(error), alice, "nokey", "AKNOTTHERE")


@SQLITE_ONLY
def test_sign_in_refuses_in_chinese(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor, chinese: None
) -> None:
    dialog = SignInDialog(services, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "acme")
    qtbot.keyClicks(dialog.password, ROOT_PASSWORD + "x")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=WAIT)
    assert_chinese(dialog.error.text())
