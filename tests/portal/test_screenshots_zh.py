"""Every portal page in Simplified Chinese, for docs/screenshots (and a check that the labels
are the Chinese ones)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from app.config import Settings
from tests.portal.conftest import PASSWORD, LivePortal, shot


def test_pages_in_chinese(portal: LivePortal, page: Any, settings: Settings) -> None:
    if not settings.is_sqlite:
        pytest.skip("one set of screenshots is enough")
    portal.user(mobile="+8613800138000", protection="sms")
    portal.services.temporary_credentials.create_set(portal.root, "ReadOnly", 3600)
    portal.services.temporary_credentials.assign(portal.root, "ReadOnly", "alice")
    page.goto("/?lang=zh")
    page.get_by_label("用户名").fill("alice")
    page.get_by_role("button", name="下一步").click()
    shot(page, "sign-in-password_zh")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("验证码").wait_for()
    shot(page, "verify-code_zh")
    page.get_by_label("验证码").fill(portal.last_sms_code())
    page.get_by_role("button", name="验证", exact=True).click()
    page.wait_for_url(re.compile(r"localhost:\d+/security$"))
    page.get_by_role("button", name="绑定虚拟 MFA 设备").click()
    page.locator("#mfa-qr svg").wait_for()
    shot(page, "bind-mfa_zh")
    page.get_by_label("验证码 1").fill("000000")
    page.get_by_label("验证码 2").fill("111111")
    page.get_by_role("button", name="验证", exact=True).click()
    refusal = page.locator("p.error[role=alert]").first
    refusal.wait_for()
    assert "两个验证码" in refusal.inner_text()  # the refusal by its code, in Chinese
    shot(page, "security-refusal_zh")
    page.goto("/security/contact/email")
    shot(page, "contact-email_zh")
    page.goto("/change-password")
    shot(page, "change-password_zh")
    page.goto("/credentials")
    page.get_by_role("button", name="获取临时访问凭证").click()
    page.locator("#issued").wait_for()
    shot(page, "credentials_zh")
    page.goto("/no-such-page")
    shot(page, "error_zh")
    page.goto("/set-password#token=not-a-real-token-at-all")
    page.get_by_text("此链接已失效").wait_for()
    shot(page, "set-password-invalid_zh")
