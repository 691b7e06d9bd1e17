"""Every English text of the portal has its Simplified Chinese; languages are chosen from
the switch, the remembered choice, then Accept-Language."""

from __future__ import annotations

import re
from pathlib import Path

from portal import app as portal_app
from portal.i18n import gettext, pick_language
from portal.messages_zh import ZH
from portal.pages import security, set_password, sign_in

TEMPLATES = Path(portal_app.__file__).with_name("templates")
_CALL = re.compile(r"""_\(\s*(?:"([^"]+)"|'([^']+)')""")


def english_texts() -> set[str]:
    texts = set()
    for template in TEMPLATES.glob("*.html"):
        for double, single in _CALL.findall(template.read_text()):
            texts.add(double or single)
    texts |= set(portal_app.ERROR_PAGES.values()) | {portal_app._FAILED}
    texts |= set(set_password.REFUSALS.values()) | set(security.PROTECTION_NAMES.values())
    texts |= set(security.DONE.values())
    texts |= {sign_in._BAD, sign_in._LOCKED, sign_in._WAIT, sign_in._AGAIN, "Sign in again."}
    texts |= {"Active", "Pending", "Not bound"}
    texts |= {"Enter your username.", "A new code was sent.", "The two passwords do not match."}
    return texts


def test_every_english_text_has_a_chinese_one() -> None:
    texts = english_texts()
    assert len(texts) > 60
    missing = sorted(t for t in texts if t not in ZH)
    assert missing == []
    for text in texts:  # the same {fields} on both sides
        assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", ZH[text])), text


def test_language_choice() -> None:
    assert pick_language(None, None, "zh-CN,zh;q=0.9,en;q=0.8") == "zh"
    assert pick_language(None, None, "en-GB,zh;q=0.5") == "en"
    assert pick_language(None, "zh", "en") == "zh"
    assert pick_language("en", "zh", "zh-CN") == "en"
    assert pick_language("xx", None, None) == "en"
    assert gettext("zh", "We sent a 6-digit code to {destination}.", destination="a***@b") == (
        "我们已向 a***@b 发送了 6 位验证码。"
    )
