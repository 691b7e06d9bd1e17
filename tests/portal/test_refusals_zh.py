"""Every refusal on a Chinese page is Chinese: the portal says a service's refusal by its error
code (the console's Chinese catalogue), never by translating its English sentence."""

from __future__ import annotations

import html
import re

import httpx
import pytest

from app.errors import NotFoundError, PreconditionError, ValidationError
from portal.refusals import refusal_text
from tests.portal.conftest import NEW_PASSWORD, PASSWORD, LivePortal

# Three English words in a row make a sentence (the brand "IAM Desk", a user name, an email
# address or "English" in the language switch are fewer).
ENGLISH = re.compile(r"[A-Za-z][A-Za-z'’-]+(?:[ ,;:]+[A-Za-z][A-Za-z'’-]*){2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _client(portal: LivePortal) -> httpx.Client:
    return httpx.Client(
        base_url=portal.url,
        headers={"Origin": portal.url, "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"},
        timeout=20,
    )


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="(\w+)"', page)
    assert found, page
    return found.group(1)


def _visible(page: str) -> str:
    page = re.sub(r"(?s)<(script|style|svg)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<[^>]*\bhidden\b[^>]*>.*?</p>", " ", page)  # unshown script slots
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _alert(page: str) -> str:
    found = re.findall(r'(?s)<p [^>]*class="error"[^>]*>(.*?)</p>', page)
    shown = [html.unescape(text).strip() for text in found if text.strip()]
    assert shown, page
    return shown[0]


def _chinese_refusal(answer: httpx.Response, status: int) -> str:
    """The refusal page: the expected status, its alert in Chinese, no English sentence."""
    assert answer.status_code == status, answer.text
    alert = _alert(answer.text)
    assert CJK.search(alert), alert
    english = ENGLISH.findall(_visible(answer.text))
    assert english == [], english
    return alert


def _chinese_json(answer: httpx.Response, status: int) -> str:
    assert answer.status_code == status, answer.text
    message = str(answer.json()["error"])
    assert CJK.search(message) and not ENGLISH.search(message), message
    return message


def _sign_in(client: httpx.Client, name: str) -> httpx.Response:
    csrf = _csrf(client.get("/").text)
    form = {"username": name, "password": PASSWORD, "csrf_token": csrf}
    return client.post("/sign-in/password", data=form)


def test_refusals_before_sign_in_are_chinese(portal: LivePortal) -> None:
    portal.services.users.create(portal.root, "alice", email="alice@acme.example")
    portal.services.passwords.reset(portal.root, "alice", "set-by-user")
    token = re.search(r"#token=([\w-]+)", portal.last_mail())
    assert token
    with _client(portal) as client:
        csrf = _csrf(client.get("/").text)
        empty = client.post("/sign-in/username", data={"username": " ", "csrf_token": csrf})
        _chinese_refusal(empty, 400)
        wrong = {"username": "alice", "password": "Wrong-Password-11", "csrf_token": csrf}
        _chinese_refusal(client.post("/sign-in/password", data=wrong), 401)
        csrf = _csrf(client.get("/set-password").text)
        weak = {"token": token.group(1), "new_password": "short", "confirm_password": "short",
                "csrf_token": csrf}  # fmt: skip
        assert "至少" in _chinese_refusal(client.post("/set-password", data=weak), 400)
        strong = dict(weak, new_password=NEW_PASSWORD, confirm_password=NEW_PASSWORD)
        assert client.post("/set-password", data=strong).status_code == 200
        _chinese_refusal(client.post("/set-password", data=strong), 410)  # used twice
        _chinese_refusal(client.get("/no-such-page"), 404)
        _chinese_refusal(client.post("/sign-in/username", data={"username": "alice"}), 403)


def test_refusals_of_my_security_settings_are_chinese(portal: LivePortal) -> None:
    portal.user()  # alice, protection off
    portal.user("bob")
    with _client(portal) as client:
        assert _sign_in(client, "alice").status_code == 303
        csrf = _csrf(client.get("/security").text)
        bad_current = {"current_password": "Wrong-Password-11", "new_password": NEW_PASSWORD,
                       "confirm_password": NEW_PASSWORD, "csrf_token": csrf}  # fmt: skip
        _chinese_refusal(client.post("/change-password", data=bad_current), 400)
        short = dict(bad_current, current_password=PASSWORD, new_password="short",
                     confirm_password="short")  # fmt: skip
        _chinese_refusal(client.post("/change-password", data=short), 400)
        taken = {"value": "bob@acme.example", "csrf_token": csrf}
        assert "bob" in _chinese_refusal(
            client.post("/security/contact/email/send", data=taken), 400
        )
        nothing = {"remove": "1", "csrf_token": csrf}
        assert "手机" in _chinese_refusal(
            client.post("/security/contact/mobile/send", data=nothing), 400
        )
        new_email = {"value": "alice.new@acme.example", "csrf_token": csrf}
        assert client.post("/security/contact/email/send", data=new_email).status_code == 200
        wrong_code = {"value": "alice.new@acme.example", "code": "000000", "csrf_token": csrf}
        _chinese_refusal(client.post("/security/contact/email/confirm", data=wrong_code), 400)
        codes = {"code1": "123456", "code2": "654321", "csrf_token": csrf}
        _chinese_refusal(client.post("/security/mfa/confirm", data=codes), 400)
        _chinese_refusal(client.post("/security/mfa/unbind", data={"csrf_token": csrf}), 400)
        gone = {"key_name": "no-such-key", "csrf_token": csrf}
        assert "no-such-key" in _chinese_refusal(
            client.post("/security/keys/remove", data=gone), 400
        )
        header = {"X-CSRF-Token": csrf}
        bad_name = client.post("/security/keys/options", json={"name": "bad name!"},
                               headers=header)  # fmt: skip
        _chinese_json(bad_name, 400)
        csrf = _csrf(client.get("/credentials").text)
        unknown = {"permission_set": "nope", "csrf_token": csrf}
        _chinese_refusal(client.post("/credentials", data=unknown), 400)
    with _client(portal) as stranger:  # signed out
        csrf = _csrf(stranger.get("/").text)
        asked = stranger.post("/security/keys/options", json={"name": "k1"},
                              headers={"X-CSRF-Token": csrf})  # fmt: skip
        _chinese_json(asked, 401)


def test_refusals_at_the_second_factor_are_chinese(portal: LivePortal) -> None:
    portal.user(protection="email")
    with _client(portal) as client:
        assert _sign_in(client, "alice").status_code == 303
        csrf = _csrf(client.get("/sign-in/verify").text)
        wrong = client.post("/sign-in/verify", data={"code": "000000", "csrf_token": csrf})
        assert re.search(r"\d", _chinese_refusal(wrong, 400))  # attempts left
        no_key = client.post("/sign-in/key/options", headers={"X-CSRF-Token": csrf})
        _chinese_json(no_key, 400)
    with _client(portal) as stranger:
        csrf = _csrf(stranger.get("/").text)
        late = stranger.post("/sign-in/key/options", headers={"X-CSRF-Token": csrf})
        _chinese_json(late, 409)


@pytest.mark.parametrize(
    "error",
    [
        NotFoundError(code="key.not_found", name="alice", key="k1"),
        PreconditionError(code="contact.none_to_remove", field="mobile"),
        ValidationError("a plain English sentence from an older raise site"),
    ],
)
def test_a_refusal_is_said_by_its_code(error: ValidationError) -> None:
    english = refusal_text("en", error)
    chinese = refusal_text("zh", error)
    assert english == str(error)
    assert CJK.search(chinese) and not ENGLISH.search(chinese), chinese
