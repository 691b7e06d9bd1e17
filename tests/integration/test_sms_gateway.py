"""The HTTP SMS gateway against a real HTTP receiver on 127.0.0.1, alone and via the outbox."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path

import pytest
from sqlalchemy import select

from app.clock import FrozenClock
from app.config import SmsGatewayKind
from app.domain.roles import Role
from app.errors import DeliveryError, PermissionDeniedError, ValidationError
from app.notify.channels import SmsMessage
from app.notify.sms_http import HttpSmsGateway, HttpSmsSettings
from app.services import Services
from app.services.records import Actor, SecondFactorChallenge
from app.services.sms_settings import load_sms_gateway
from app.store.models import OutboxMessage
from tests.support.dbdump import dump
from tests.support.mail_server import closed_port, make_tls_contexts
from tests.support.sms_receiver import SmsReceiver, running_sms_receiver

TOKEN = "sms-Bearer-Token-7f3a9c21d4"
PASSWORD = "Blue-Kettle-Rivers-42"
MOBILE = "+14155552671"


def _gateway(receiver: SmsReceiver, **extra: object) -> HttpSmsGateway:
    settings = HttpSmsSettings(receiver.url, TOKEN, float(extra.pop("timeout", 5.0)))  # type: ignore[arg-type]
    settings.validate()
    return HttpSmsGateway(settings, **extra)  # type: ignore[arg-type]


# --- the gateway on its own ------------------------------------------------------------------


def test_posts_json_with_the_bearer_token() -> None:
    with running_sms_receiver() as receiver:
        status = _gateway(receiver).send(SmsMessage(MOBILE, "Your code is 123456 — 你好"))
    assert status == "sent"
    [request] = receiver.received
    assert request.method == "POST" and request.path == "/sms/send?site=acme"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"].startswith("application/json")
    assert request.json == {"to": MOBILE, "text": "Your code is 123456 — 你好"}


def test_a_refusal_is_a_delivery_error_without_the_token_or_text() -> None:
    with running_sms_receiver() as receiver:
        receiver.fail_next(503)
        with pytest.raises(DeliveryError, match="HTTP 503") as caught:
            _gateway(receiver).send(SmsMessage(MOBILE, "code 654321"))
    message = str(caught.value)
    assert TOKEN not in message and "654321" not in message and "site=acme" not in message


def test_a_slow_gateway_times_out() -> None:
    with running_sms_receiver() as receiver:
        receiver.delay = 3.0
        started = time.monotonic()
        with pytest.raises(DeliveryError, match="did not answer within 1 s"):
            _gateway(receiver, timeout=1.0).send(SmsMessage(MOBILE, "x"))
        waited = time.monotonic() - started
    assert waited < 2.9  # gave up at the timeout, not when the gateway finally answered


def test_a_redirect_is_not_followed_with_the_token() -> None:
    with running_sms_receiver() as elsewhere, running_sms_receiver() as receiver:
        receiver.redirect_to = elsewhere.url
        with pytest.raises(DeliveryError, match="HTTP 307"):
            _gateway(receiver).send(SmsMessage(MOBILE, "x"))
    assert len(receiver.received) == 1 and elsewhere.received == []


def test_an_unreachable_gateway() -> None:
    with closed_port() as port:
        settings = HttpSmsSettings(f"http://127.0.0.1:{port}/sms", TOKEN, 2.0)
        with pytest.raises(DeliveryError, match="could not reach the SMS gateway"):
            HttpSmsGateway(settings).send(SmsMessage(MOBILE, "x"))


def test_https_checks_the_certificate(tmp_path: Path) -> None:
    server_ctx, client_ctx = make_tls_contexts(tmp_path)
    with running_sms_receiver(tls_context=server_ctx) as receiver:
        assert receiver.url.startswith("https://")
        with pytest.raises(DeliveryError, match="TLS with the SMS gateway"):
            _gateway(receiver).send(SmsMessage(MOBILE, "untrusted"))  # the system's CAs
        assert _gateway(receiver, ssl_context=client_ctx).send(SmsMessage(MOBILE, "ok")) == "sent"
    assert receiver.messages() == [{"to": MOBILE, "text": "ok"}]


@pytest.mark.parametrize(
    ("url", "token", "timeout", "field"),
    [
        ("http://sms.example.com/send", TOKEN, 10, "url"),  # token in clear over the network
        ("ftp://sms.example.com/send", TOKEN, 10, "url"),
        ("https://user:pw@sms.example.com/send", TOKEN, 10, "url"),
        ("https://sms.example.com/send#frag", TOKEN, 10, "url"),
        ("https://sms.example.com:99999/send", TOKEN, 10, "url"),
        ("https:///send", TOKEN, 10, "url"),
        ("https://sms.example.com/send", "", 10, "token"),
        ("https://sms.example.com/send", "abc\r\nX-Injected: 1", 10, "token"),
        ("https://sms.example.com/send", "tok en", 10, "token"),
        ("https://sms.example.com/send", "令牌", 10, "token"),
        ("https://sms.example.com/send", TOKEN, 0.5, "timeout"),
        ("https://sms.example.com/send", TOKEN, 61, "timeout"),
    ],
)
def test_settings_are_validated(url: str, token: str, timeout: float, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        HttpSmsSettings(url, token, timeout).validate()
    assert caught.value.field == field
    assert token == "" or token not in str(caught.value)


def test_the_token_is_not_in_repr() -> None:
    assert TOKEN not in repr(HttpSmsSettings("https://sms.example.com", TOKEN))


# --- through the store and the outbox --------------------------------------------------------


def _sms_user(services: Services, root: Actor) -> None:
    services.users.create(root, "alice", mobile=MOBILE, role="helpdesk")  # operators sign in
    services.passwords.reset(root, "alice", "set-now", new_password=PASSWORD, must_change=False)
    services.protection.set(root, "alice", method="sms")


def _code_sent(services: Services) -> SecondFactorChallenge:
    challenge = services.auth.sign_in("alice", PASSWORD)
    assert isinstance(challenge, SecondFactorChallenge)
    return challenge


def test_sign_in_codes_leave_through_the_gateway_and_sign_in(
    services: Services, root: Actor
) -> None:
    _sms_user(services, root)
    with running_sms_receiver() as receiver:
        view = services.sms_settings.set(root, "http", url=receiver.url, token=TOKEN)
        assert view.gateway is SmsGatewayKind.HTTP and view.token_set
        challenge = _code_sent(services)
        report = services.outbox.send_due(root)
    assert (report.sent, report.stored, report.failed, report.remaining) == (1, 0, 0, 0)
    [posted] = receiver.messages()
    assert posted["to"] == MOBILE
    code = posted["text"].split("code is ")[1][:6]
    assert services.auth.complete_sign_in(challenge.challenge_id, code).actor.name == "alice"
    [record] = services.outbox.list(root)
    assert record.status == "sent"
    with services.context.uow() as uow:
        message = uow.session.scalars(select(OutboxMessage)).one()
        assert message.body is None and message.body_encrypted is None  # erased once sent


def test_a_failing_gateway_is_retried_until_it_recovers(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    _sms_user(services, root)
    with running_sms_receiver() as receiver:
        services.sms_settings.set(root, "http", url=receiver.url, token=TOKEN)
        _code_sent(services)
        receiver.fail_next(500, 502)
        first = services.outbox.send_due(root)
        assert (first.sent, first.failed, first.remaining) == (0, 1, 1)
        [record] = services.outbox.list(root)
        assert record.status == "queued" and "HTTP 500" in (record.last_error or "")
        assert services.outbox.send_due(root).failed == 0  # backing off: not due yet
        clock.advance(seconds=31)
        assert services.outbox.send_due(root).failed == 1  # 502
        clock.advance(seconds=61)
        recovered = services.outbox.send_due(root)
    assert (recovered.sent, recovered.failed, recovered.remaining) == (1, 0, 0)
    assert len(receiver.received) == 3
    texts = {m["text"] for m in receiver.messages()}
    assert len(texts) == 1  # the same message each time, not a new code
    [record] = services.outbox.list(root)
    assert record.status == "sent" and record.attempts == 3 and record.last_error is None


def test_the_stored_gateway_stays_for_sites_without_sms(services: Services, root: Actor) -> None:
    _sms_user(services, root)
    with running_sms_receiver() as receiver:
        services.sms_settings.set(root, "http", url=receiver.url, token=TOKEN)
        services.sms_settings.set(root, "stored")
        _code_sent(services)
        report = services.outbox.send_due(root)
    assert (report.sent, report.stored) == (0, 1) and receiver.received == []
    view = services.sms_settings.show(root)
    assert view.gateway is SmsGatewayKind.STORED
    assert view.url == receiver.url and view.token_set  # kept for a switch back


def test_the_token_is_sealed_never_shown_or_audited(services: Services, root: Actor) -> None:
    services.sms_settings.set(root, "http", url="https://sms.example.com/v1/send", token=TOKEN)
    view = services.sms_settings.show(root)
    assert TOKEN not in repr(view) and TOKEN not in repr(services.account.settings(root))
    assert TOKEN not in repr(dump(services.settings.database_url))
    events = [asdict(e) for e in services.audit.list(root)]
    assert TOKEN not in json.dumps(events, default=str)
    [event] = [e for e in events if e["action"] == "settings.sms"]
    assert "sms.example.com" in json.dumps(event["details"]) and "v1/send" not in str(event)
    # Changing the URL alone keeps the sealed token.
    services.sms_settings.set(root, "http", url="https://sms2.example.com/send", timeout=5)
    with services.context.uow() as uow:
        choice = load_sms_gateway(services.context, uow)
    assert choice.http is not None and choice.http.token == TOKEN
    assert choice.http.url == "https://sms2.example.com/send" and choice.http.timeout == 5


def test_refusals_change_nothing(services: Services, root: Actor) -> None:
    services.users.create(root, "helper", role="helpdesk")
    before = dump(services.settings.database_url)
    with pytest.raises(ValidationError, match="bearer token") as caught:
        services.sms_settings.set(root, "http", url="https://sms.example.com/send")
    assert caught.value.field == "token"  # no token stored yet
    with pytest.raises(ValidationError, match="plain http"):
        services.sms_settings.set(root, "http", url="http://sms.example.com/send", token=TOKEN)
    with pytest.raises(ValidationError, match="unknown SMS gateway"):
        services.sms_settings.set(root, "carrier-pigeon")
    with pytest.raises(PermissionDeniedError):
        services.sms_settings.set(Actor("helper", Role.HELPDESK), "stored")
    assert dump(services.settings.database_url) == before


def test_send_test_goes_straight_to_the_gateway(services: Services, root: Actor) -> None:
    assert services.sms_settings.send_test(root, MOBILE) == "stored"
    with running_sms_receiver() as receiver:
        services.sms_settings.set(root, "http", url=receiver.url, token=TOKEN)
        assert services.sms_settings.send_test(root, "0014155552671") == "sent"
        receiver.fail_next(429)
        with pytest.raises(DeliveryError, match="HTTP 429"):
            services.sms_settings.send_test(root, MOBILE)
    assert [m["to"] for m in receiver.messages()] == [MOBILE, MOBILE]
    assert services.outbox.list(root) == []
