"""My security settings and temporary credentials in chromium: bind a virtual MFA device from
the QR code (decoded from a screenshot by zxing-cpp, codes from oathtool), add a security key
with WebAuthn (CDP virtual authenticator) and remove it, and obtain temporary credentials
that live exactly the permission set's session duration."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

from PySide6.QtGui import QImage

from tests.portal.conftest import PASSWORD, LivePortal, changes_besides_counters, shot
from tests.support.dbdump import dump
from tests.support.oath import oathtool_code
from tests.support.qr import decode_qr


def _sign_in(page: Any) -> None:
    page.goto("/")
    page.get_by_label("Username").fill("alice")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"localhost:\d+/security$"))


def test_bind_virtual_mfa_from_the_qr_code(portal: LivePortal, page: Any) -> None:
    portal.user()
    _sign_in(page)
    page.get_by_role("button", name="Bind virtual MFA device").click()
    qr = page.locator("#mfa-qr svg")
    qr.wait_for()
    shot(page, "bind-mfa")
    image = QImage.fromData(qr.screenshot()).convertToFormat(QImage.Format.Format_Grayscale8)
    [decoded] = decode_qr(image)
    uri = urlparse(decoded)
    assert uri.scheme == "otpauth" and uri.path.endswith(":alice")
    secret = parse_qs(uri.query)["secret"][0]
    assert page.locator("#mfa-secret").inner_text().replace(" ", "") == secret
    now = portal.clock.now()
    page.get_by_label("Verification code 1").fill(
        oathtool_code(secret, now - timedelta(seconds=30))
    )
    page.get_by_label("Verification code 2").fill(oathtool_code(secret, now))
    page.get_by_role("button", name="Verify").click()
    page.get_by_text("Your virtual MFA device is bound.").wait_for()
    assert page.locator("#mfa-state").inner_text() == "Active"
    audit = [e for e in portal.services.audit.list(portal.root) if e.action == "mfa.confirm"]
    assert audit and audit[-1].actor == "user:alice"


def test_add_and_remove_a_security_key_in_the_browser(portal: LivePortal, page: Any) -> None:
    portal.user()
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {"options": {"protocol": "ctap2", "transport": "usb", "hasResidentKey": True,
                     "hasUserVerification": True, "isUserVerified": True}},
    )  # fmt: skip
    _sign_in(page)
    page.get_by_label("Key name").fill("browser-key_1")
    shot(page, "security-add-key")
    page.get_by_role("button", name="Add security key").click()
    page.get_by_text("The security key was added.").wait_for()
    assert page.locator("#security-keys").get_by_text("browser-key_1").is_visible()
    keys = portal.services.security_keys.list(portal.root, "alice")
    assert [k.name for k in keys] == ["browser-key_1"]
    # A bad name is refused before the browser is asked, and nothing is stored.
    page.get_by_label("Key name").fill("bad name!")
    page.get_by_label("Key name").evaluate("e => e.removeAttribute('pattern')")
    page.get_by_role("button", name="Add security key").click()
    page.locator("#key-error").wait_for()
    assert len(portal.services.security_keys.list(portal.root, "alice")) == 1
    page.get_by_role("button", name="Remove browser-key_1").click()
    page.get_by_text("The security key was removed.").wait_for()
    assert portal.services.security_keys.list(portal.root, "alice") == []


def test_temporary_credentials_live_the_sets_duration(portal: LivePortal, page: Any) -> None:
    portal.user()
    portal.services.temporary_credentials.create_set(
        portal.root, "ReadOnly", session_seconds=5400, description="read-only access"
    )
    portal.services.temporary_credentials.assign(portal.root, "ReadOnly", "alice")
    _sign_in(page)
    page.get_by_role("link", name="Temporary access credentials").click()
    page.get_by_role("button", name="Obtain temporary access credentials").click()
    page.locator("#issued").wait_for()
    shot(page, "credentials")
    expires = page.locator("#expires").inner_text()
    expected = portal.clock.now() + timedelta(seconds=5400)
    assert expires == expected.strftime("%Y-%m-%d %H:%M:%S") + " UTC"
    ak = page.locator("#ak").inner_text()
    assert re.fullmatch(r"AK[A-Z0-9]{18}", ak)
    shell = page.locator("#shape-shell").inner_text()
    assert f'export AWS_ACCESS_KEY_ID="{ak}"' in shell
    assert f'$Env:AWS_ACCESS_KEY_ID="{ak}"' in page.locator("#shape-powershell").inner_text()
    assert f"aws_access_key_id = {ak}" in page.locator("#shape-file").inner_text()
    [issued] = portal.services.temporary_credentials.list(portal.root, user_name="alice")
    assert issued.access_key_id == ak and issued.expires_at == expected


def test_bind_change_and_remove_contacts_with_a_code(portal: LivePortal, page: Any) -> None:
    portal.user()  # alice@acme.example, no mobile
    _sign_in(page)
    page.get_by_role("link", name="Bind Mobile number").click()
    page.get_by_label("New mobile number").fill("+8613800138001")
    page.get_by_role("button", name="Send verification code").click()
    page.get_by_label("Verification code").wait_for()
    assert portal.last_sms_code() and portal.sms.messages[-1].recipient == "+8613800138001"
    before = dump(portal.settings.database_url)
    page.get_by_label("Verification code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    page.get_by_text("attempt(s) left").wait_for()
    changed = changes_besides_counters(before, dump(portal.settings.database_url))
    assert changed == ["one_time_tokens: 1 row(s) added or changed, 1 gone"]  # its attempts
    page.get_by_label("Verification code").fill(portal.last_sms_code())
    page.get_by_role("button", name="Verify").click()
    page.get_by_text("Your mobile number was changed.").wait_for()
    assert page.locator("#mobile-value").inner_text() == "+8613800138001"
    # Change the email: the code goes to the new address.
    page.get_by_role("link", name="Change Email address").click()
    page.get_by_label("New email address").fill("alice.new@acme.example")
    shot(page, "contact-email")
    page.get_by_role("button", name="Send verification code").click()
    page.get_by_label("Verification code").wait_for()
    mail = portal.last_mail()
    assert portal.mail.messages[-1]["To"] == "alice.new@acme.example"
    page.get_by_label("Verification code").fill(re.search(r"\b(\d{6})\b", mail).group(1))  # type: ignore[union-attr]
    page.get_by_role("button", name="Verify").click()
    page.get_by_text("Your email address was changed.").wait_for()
    assert portal.services.users.get(portal.root, "alice").email == "alice.new@acme.example"
    # Remove the mobile: the code goes to the current number.
    page.get_by_role("button", name="Remove Mobile number").click()
    page.get_by_label("Verification code").fill(portal.last_sms_code())
    page.get_by_role("button", name="Verify").click()
    page.get_by_text("Your mobile number was removed.").wait_for()
    assert portal.services.users.get(portal.root, "alice").mobile is None
    events = [e.action for e in portal.services.audit.list(portal.root) if e.actor == "user:alice"]
    assert "contact.set" in events and "contact.clear" in events
