"""The portal in Debian's chromium: set a password from the emailed link, sign in with each
second factor (SMS, email, virtual MFA, a desk-enrolled security key through the CDP virtual
authenticator), lockout, must-change, and a display name with markup shown as text."""

from __future__ import annotations

import base64
import re
import threading
from typing import Any

import pytest
from playwright.sync_api import expect

from app.devices.fido import list_devices
from tests.portal.conftest import (
    NEW_PASSWORD,
    PASSWORD,
    LivePortal,
    changes_besides_counters,
    shot,
)
from tests.support.dbdump import dump
from tests.support.oath import oathtool_code
from tests.support.softkey import SoftAuthenticator, soft_device


def _sign_in_to_factor(page: Any, name: str = "alice", password: str = PASSWORD) -> None:
    page.goto("/")
    page.get_by_label("Username").fill(name)
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def _signed_in(page: Any) -> None:
    page.wait_for_url(re.compile(r"localhost:\d+/security(\?changed=1)?$"))
    assert page.get_by_role("heading", name="My security settings").is_visible()


def test_set_password_from_the_emailed_link(portal: LivePortal, page: Any) -> None:
    portal.services.users.create(portal.root, "alice", email="alice@acme.example")
    portal.services.passwords.reset(portal.root, "alice", "set-by-user")
    link = re.search(r"(http://localhost:\d+/set-password#token=[\w-]+)", portal.last_mail())
    assert link, portal.mail.bodies()
    page.goto(link.group(1))
    # the token left the address bar (a locator's wait: the portal's CSP forbids eval, which
    # a string predicate of wait_for_function needs once it has to poll)
    expect(page).to_have_url(re.compile(r"/set-password$"), timeout=15_000)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    shot(page, "set-password")
    page.get_by_role("button", name="Set password").click()
    page.get_by_role("heading", name="Your password is set").wait_for()
    shot(page, "password-set")
    # The link is spent: a second visit says so and changes nothing.
    before = dump(portal.settings.database_url)
    page.goto("about:blank")
    page.goto(link.group(1))
    page.get_by_text("already been used").wait_for()
    assert not page.get_by_label("New password", exact=True).is_visible()
    shot(page, "set-password-used")
    assert changes_besides_counters(before, dump(portal.settings.database_url)) == []
    _sign_in_to_factor(page, password=NEW_PASSWORD)
    _signed_in(page)
    shot(page, "security")


def test_sign_in_with_an_sms_code(portal: LivePortal, page: Any) -> None:
    portal.user(mobile="+8613800138000", protection="sms")
    page.goto("/")
    shot(page, "sign-in")
    page.get_by_label("Username").fill("alice")
    page.get_by_role("button", name="Next").click()
    shot(page, "sign-in-password")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Verification code").wait_for()
    assert page.get_by_role("button", name="Send a new code").is_disabled()  # cool-down
    shot(page, "verify-code")
    before = dump(portal.settings.database_url)
    page.get_by_label("Verification code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    page.get_by_text("attempt(s) left").wait_for()
    changed = changes_besides_counters(before, dump(portal.settings.database_url))
    # A wrong code counts against its challenge and the user's lockout (one counter for
    # every factor) and is audited; nothing else moves.
    assert all(line.startswith(("sign_in_challenges", "audit_events", "users")) for line in changed)
    assert any(line.startswith("users") for line in changed)
    page.get_by_label("Verification code").fill(portal.last_sms_code())
    page.get_by_role("button", name="Verify").click()
    _signed_in(page)


def test_sign_in_with_an_email_code_and_resend(portal: LivePortal, page: Any) -> None:
    portal.user(protection="email")
    _sign_in_to_factor(page)
    page.get_by_label("Verification code").wait_for()
    first = re.search(r"\b(\d{6})\b", portal.last_mail())
    assert first
    portal.clock.advance(seconds=31)
    page.reload()
    page.get_by_role("button", name="Send a new code").click()
    page.get_by_text("A new code was sent.").wait_for()
    second = re.search(r"\b(\d{6})\b", portal.last_mail())
    assert second
    page.get_by_label("Verification code").fill(second.group(1))
    page.get_by_role("button", name="Verify").click()
    _signed_in(page)


def test_sign_in_with_virtual_mfa(portal: LivePortal, page: Any) -> None:
    portal.user()
    enrollment = portal.services.mfa.bind(portal.root, "alice")
    now = portal.clock.now()
    from datetime import timedelta

    codes = [oathtool_code(enrollment.secret, now + timedelta(seconds=30 * i)) for i in (-1, 0)]
    portal.services.mfa.confirm(portal.root, "alice", *codes)
    portal.services.protection.set(portal.root, "alice", method="mfa")
    portal.clock.advance(seconds=60)
    _sign_in_to_factor(page)
    page.get_by_label("Verification code").fill(
        oathtool_code(enrollment.secret, portal.clock.now())
    )
    page.get_by_role("button", name="Verify").click()
    _signed_in(page)


def test_desk_enrolled_security_key_signs_in_in_the_browser(portal: LivePortal, page: Any) -> None:
    """The key enrolled at the desk (software CTAP2 key over CTAPHID) is handed, private key
    and all, to Chromium's virtual authenticator; the browser's assertion signs alice in."""
    portal.user()
    key = SoftAuthenticator()
    (device,) = list_devices(lambda: [soft_device(key)])

    class Prompts:
        def touch_requested(self) -> None: ...
        def pin_requested(self) -> str | None:
            return None

    portal.services.security_keys.add(
        portal.root, "alice", "desk-key", device, Prompts(), threading.Event()
    )
    portal.services.protection.set(portal.root, "alice", method="mfa")
    with portal.services.context.uow() as uow:
        from sqlalchemy import select

        from app.store.models import SecurityKey

        stored = uow.session.scalars(select(SecurityKey)).one()
        credential_id, counter = stored.credential_id, stored.sign_count
    import hashlib

    from cryptography.hazmat.primitives import serialization

    private = key._unseal(credential_id, hashlib.sha256(b"localhost").digest())
    assert private is not None
    pkcs8 = private.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {"options": {"protocol": "ctap2", "transport": "usb", "hasResidentKey": True,
                     "hasUserVerification": True, "isUserVerified": True}},
    )["authenticatorId"]  # fmt: skip
    cdp.send(
        "WebAuthn.addCredential",
        {"authenticatorId": authenticator, "credential": {
            "credentialId": base64.b64encode(credential_id).decode(),
            "isResidentCredential": False, "rpId": "localhost",
            "privateKey": base64.b64encode(pkcs8).decode(), "signCount": counter}},
    )  # fmt: skip
    _sign_in_to_factor(page)
    page.get_by_role("button", name="Use security key").wait_for()
    shot(page, "verify-mfa-or-key")
    page.get_by_role("button", name="Use security key").click()
    _signed_in(page)
    with portal.services.context.uow() as uow:
        stored = uow.session.scalars(select(SecurityKey)).one()
        assert stored.sign_count > counter and stored.last_used_at is not None


def test_lockout_after_failures(portal: LivePortal, page: Any) -> None:
    """An attacker's wrong passwords lock the user, but cannot keep the owner out: during the
    lock the right password leads to a code sent to the owner's own email, and a wrong one to
    a decoy page that looks the same (the lock is no password oracle)."""
    portal.user()
    for _ in range(5):
        _sign_in_to_factor(page, password="not-the-password")
        page.get_by_role("alert").wait_for()
    assert "locked" in page.get_by_role("alert").inner_text()
    assert portal.services.users.get(portal.root, "alice").locked

    _sign_in_to_factor(page, password="still-not-it")  # the attacker again: a decoy
    page.get_by_label("Verification code").wait_for()
    decoy = page.get_by_role("main").inner_text()
    page.get_by_label("Verification code").fill("123456")
    page.get_by_role("button", name="Verify").click()
    page.get_by_role("alert").wait_for()
    assert "/sign-in/verify" in page.url  # the decoy never signs in

    mails = len(portal.mail.bodies()) if portal.mail.bodies() else 0
    page.context.clear_cookies()  # the owner, in another browser
    _sign_in_to_factor(page)  # the right password, then the code sent to the owner's email
    page.get_by_label("Verification code").wait_for()
    assert page.get_by_role("main").inner_text() == decoy
    code = re.search(r"\b(\d{6})\b", portal.last_mail())
    assert code and len(portal.mail.bodies()) > mails
    page.get_by_label("Verification code").fill(code.group(1))
    page.get_by_role("button", name="Verify").click()
    _signed_in(page)


def test_must_change_password_first(portal: LivePortal, page: Any) -> None:
    portal.user()
    portal.services.passwords.reset(
        portal.root, "alice", "set-now", new_password="Temporary-Granite-Path-64"
    )
    _sign_in_to_factor(page, password="Temporary-Granite-Path-64")
    page.wait_for_url("**/change-password")
    page.goto("/security")  # nothing else until it is changed
    page.wait_for_url("**/change-password")
    shot(page, "change-password")
    page.get_by_label("Current password").fill("Temporary-Granite-Path-64")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    _signed_in(page)
    assert page.get_by_text("Your password was changed.").is_visible()


def test_markup_in_a_display_name_is_shown_as_text(portal: LivePortal, page: Any) -> None:
    payload = '<img src=x onerror="document.title=1">'
    portal.user(display_name=payload[:64])
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _sign_in_to_factor(page)
    _signed_in(page)
    assert page.locator("#display-name").inner_text() == payload[:64]
    assert page.locator("img").count() == 0 and dialogs == []


@pytest.mark.parametrize("lang", ["zh"])
def test_chinese_pages(portal: LivePortal, page: Any, lang: str) -> None:
    portal.user()
    page.goto(f"/?lang={lang}")
    assert page.get_by_role("button", name="下一步").is_visible()
    shot(page, "sign-in_zh")
    page.get_by_label("用户名").fill("alice")
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/security**")
    shot(page, "security_zh")


def test_keyboard_alone(portal: LivePortal, page: Any) -> None:
    """Focus starts in the field; Enter submits; Tab reaches every control in order."""
    portal.user()
    page.goto("/")
    # the page itself puts the focus in its field (waited for: a busy machine applies
    # autofocus a moment after the load event; a locator's wait, as the portal's CSP forbids
    # the eval that a polling wait_for_function string needs)
    expect(page.locator("#username")).to_be_focused(timeout=15_000)
    page.keyboard.type("alice")
    page.keyboard.press("Enter")
    expect(page.locator("#password")).to_be_focused(timeout=15_000)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    _signed_in(page)
    page.keyboard.press("Tab")
    focused = []
    for _ in range(12):
        focused.append(page.evaluate("document.activeElement.textContent.trim()"))
        page.keyboard.press("Tab")
    assert "Change password" in focused and "Bind virtual MFA device" in focused
