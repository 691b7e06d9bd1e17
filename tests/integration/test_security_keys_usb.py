"""Security keys through the real services and python-fido2's real CtapHidDevice, with the
software authenticator on the other end of the CTAPHID framing: enrol, PIN, wrong or missing
PIN, cancel, a key nobody touches, duplicates, the eight-key limit, sign-in assertions with
the counter check, a key not bound to the user, unbind with YES, and py_webauthn's agreement."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import webauthn
from fido2.ctap import CtapError
from fido2.server import Fido2Server
from fido2.utils import websafe_decode

from app.clock import FrozenClock
from app.devices.fido import KeyDevice, list_devices
from app.errors import (
    AuthenticationError,
    ConflictError,
    DeviceError,
    LimitExceededError,
    PreconditionError,
)
from app.services import Services
from app.services.records import Actor, SecondFactorChallenge, SecurityKeyRecord, SignInResult
from tests.support.dbdump import dump
from tests.support.softkey import AAGUID, SoftAuthenticator, soft_device

OPERATOR_PASSWORD = "Blue-Lantern-Harbour-42"
PIN = "4321"
AAGUID_TEXT = str(uuid.UUID(bytes=AAGUID))
WAIT = 5.0  # seconds any helper thread may wait


class Prompts:
    """A front end's side: counts touch prompts, answers the PIN, may act on the prompt."""

    def __init__(self, pin: str | None = None, on_touch: Callable[[], None] | None = None) -> None:
        self.pin = pin
        self.touches = 0
        self.pins_asked = 0
        self.touched = threading.Event()
        self._on_touch = on_touch

    def touch_requested(self) -> None:
        self.touches += 1
        self.touched.set()
        if self._on_touch is not None:
            self._on_touch()

    def pin_requested(self) -> str | None:
        self.pins_asked += 1
        return self.pin


def _device(authenticator: SoftAuthenticator) -> KeyDevice:
    (device,) = list_devices(lambda: [soft_device(authenticator)])
    return device


def _add(
    services: Services, root: Actor, key: SoftAuthenticator, name: str, prompts: Prompts
) -> SecurityKeyRecord:
    return services.security_keys.add(root, "alice", name, _device(key), prompts, threading.Event())


def _sign_in(services: Services, key: SoftAuthenticator, prompts: Prompts) -> SignInResult:
    """Alice's password, then the key's assertion on the same challenge."""
    challenge = services.auth.sign_in("alice", OPERATOR_PASSWORD)
    assert isinstance(challenge, SecondFactorChallenge) and challenge.method == "mfa"
    return services.auth.complete_sign_in_with_key(
        challenge.challenge_id, _device(key), prompts, threading.Event()
    )


@contextmanager
def _refused_unchanged(database_url: str, error: type[Exception], match: str) -> Iterator[None]:
    """The block is refused with one line (no PIN in it) and the store is left as it was."""
    before = dump(database_url)
    with pytest.raises(error, match=match) as caught:
        yield
    assert "\n" not in str(caught.value) and PIN not in str(caught.value)
    assert dump(database_url) == before


@pytest.fixture
def alice(services: Services, root: Actor) -> str:
    services.users.create(root, "alice", email="alice@example.com", role="helpdesk")
    services.passwords.reset(
        root, "alice", "set-now", new_password=OPERATOR_PASSWORD, must_change=False
    )
    return "alice"


def test_enrol_a_key_without_a_pin(
    services: Services, root: Actor, alice: str, clock: FrozenClock
) -> None:
    key = SoftAuthenticator()
    device = _device(key)
    assert (device.product, device.has_pin) == ("IAM Desk Soft Key", False)
    prompts = Prompts()
    record = services.security_keys.add(root, alice, "desk-key", device, prompts, threading.Event())
    assert (record.name, record.aaguid) == ("desk-key", AAGUID_TEXT)
    assert record.sign_count == key.counter == 1
    assert record.created_at == clock.now() and record.last_used_at is None
    assert prompts.touches == 1 and prompts.pins_asked == 0 and key.touch_waits == 1
    assert services.security_keys.list(root, alice) == [record]
    [event] = [e for e in services.audit.list(root, target=alice) if e.action == "key.add"]
    assert event.details == {"key_name": "desk-key", "aaguid": AAGUID_TEXT}


def test_a_pin_key_asks_for_its_pin_and_a_wrong_or_missing_one_changes_nothing(
    services: Services, root: Actor, alice: str, database_url: str
) -> None:
    key = SoftAuthenticator(pin=PIN)
    assert _device(key).has_pin
    # a wrong PIN costs one try; closing the PIN prompt (None) costs none
    for given, refusal in (("0000", "wrong PIN"), (None, "needs its PIN")):
        prompts = Prompts(pin=given)
        with _refused_unchanged(database_url, DeviceError, refusal):
            _add(services, root, key, "pin-key", prompts)
        assert prompts.pins_asked == 1 and key.pin_retries == 7
        assert key.issued == [] and key.touch_waits == 0
    prompts = Prompts(pin=PIN)
    record = _add(services, root, key, "pin-key", prompts)
    assert prompts.pins_asked == 1 and prompts.touches == 1 and key.pin_retries == 8
    assert record.sign_count == key.counter


def test_cancel_while_waiting_for_a_touch_stores_nothing(
    services: Services, root: Actor, alice: str, database_url: str
) -> None:
    key = SoftAuthenticator(touch="manual")
    prompts, cancel = Prompts(), threading.Event()

    def press_cancel() -> None:  # the dialog's Cancel button, on the GUI thread
        if prompts.touched.wait(WAIT):
            cancel.set()

    canceller = threading.Thread(target=press_cancel, daemon=True)
    canceller.start()
    with _refused_unchanged(database_url, DeviceError, "cancelled"):
        services.security_keys.add(root, alice, "never", _device(key), prompts, cancel)
    canceller.join(WAIT)
    assert prompts.touches == 1 and key.touch_waits == 1 and key.issued == []
    assert key.last_status == CtapError.ERR.KEEPALIVE_CANCEL  # CTAPHID_CANCEL reached the key


def test_a_key_nobody_touches_times_out(
    services: Services, root: Actor, alice: str, database_url: str
) -> None:
    key = SoftAuthenticator(touch="never", touch_timeout=0.3)
    with _refused_unchanged(database_url, DeviceError, "not touched in time"):
        _add(services, root, key, "desk-key", Prompts())
    assert key.keepalives >= 3 and key.issued == []


def test_the_same_key_twice_and_a_ninth_key_are_refused(
    services: Services, root: Actor, alice: str, database_url: str
) -> None:
    first = SoftAuthenticator(touch="manual")
    _add(services, root, first, "key-1", Prompts(on_touch=first.touch))
    again = Prompts(on_touch=first.touch)
    with _refused_unchanged(database_url, DeviceError, "already bound to this user"):
        _add(services, root, first, "key-again", again)
    assert again.touches == 1 and first.touch_waits == 2  # it asks for a touch, then refuses
    assert len(first.issued) == 1
    with _refused_unchanged(database_url, ConflictError, "named 'key-1'"):
        _add(services, root, SoftAuthenticator(), "key-1", Prompts())
    for number in range(2, 9):
        _add(services, root, SoftAuthenticator(), f"key-{number}", Prompts())
    ninth = SoftAuthenticator()
    with _refused_unchanged(database_url, LimitExceededError, "8 security keys"):
        _add(services, root, ninth, "key-9", Prompts())
    assert ninth.touch_waits == 0 and ninth.issued == []  # refused before any touch
    assert len(services.security_keys.list(root, alice)) == 8


def test_sign_in_with_a_pin_key_and_a_cloned_counter_is_flagged(
    services: Services, root: Actor, alice: str, clock: FrozenClock
) -> None:
    key = SoftAuthenticator(pin=PIN, touch="manual")
    enrolled = _add(services, root, key, "desk-key", Prompts(PIN, on_touch=key.touch))
    services.protection.set(root, alice, method="mfa")
    clock.advance(minutes=5)
    challenge = services.auth.sign_in(alice, OPERATOR_PASSWORD)
    assert isinstance(challenge, SecondFactorChallenge) and challenge.method == "mfa"
    with pytest.raises(DeviceError, match="wrong PIN"):
        services.auth.complete_sign_in_with_key(
            challenge.challenge_id, _device(key), Prompts("1111"), threading.Event()
        )
    prompts = Prompts(PIN, on_touch=key.touch)  # the same challenge, the right PIN
    result = services.auth.complete_sign_in_with_key(
        challenge.challenge_id, _device(key), prompts, threading.Event()
    )
    assert isinstance(result, SignInResult) and result.actor.name == "alice"
    assert prompts.pins_asked == 1 and prompts.touches == 1
    [used] = services.security_keys.list(root, alice)
    assert used.sign_count == key.counter > enrolled.sign_count
    assert used.last_used_at == clock.now()

    key.rewind_counter(0)  # the next signatures carry counters below the stored one: a clone
    with pytest.raises(AuthenticationError, match="cloned"):
        _sign_in(services, key, Prompts(PIN, on_touch=key.touch))
    assert services.security_keys.list(root, alice) == [used]
    [flag] = [
        e for e in services.audit.list(root, target=alice) if e.action == "key.counter_regressed"
    ]
    assert flag.outcome == "failure" and flag.details["stored"] == used.sign_count
    assert flag.details["presented"] < used.sign_count


def test_a_key_not_bound_to_the_user_cannot_sign_in(
    services: Services, root: Actor, alice: str
) -> None:
    _add(services, root, SoftAuthenticator(), "desk-key", Prompts())
    services.protection.set(root, alice, method="mfa")
    stranger, prompts = SoftAuthenticator(), Prompts()
    with pytest.raises(DeviceError, match="not bound to this user"):
        _sign_in(services, stranger, prompts)
    assert prompts.touches == 1 and stranger.counter == 0  # touched, but nothing signed


def test_unbind_needs_the_literal_yes(
    services: Services, root: Actor, alice: str, database_url: str
) -> None:
    _add(services, root, SoftAuthenticator(), "desk-key", Prompts())
    for typed in ("yes", "Y", "", "YES "):
        with _refused_unchanged(database_url, PreconditionError, "type YES"):
            services.security_keys.unbind(root, alice, "desk-key", confirm=typed)
    services.security_keys.unbind(root, alice, "desk-key", confirm="YES")
    assert services.security_keys.list(root, alice) == []


def test_py_webauthn_verifies_the_same_registration_and_assertion(
    services: Services, root: Actor, alice: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second, independent WebAuthn library checks the bytes python-fido2 accepted."""
    seen: dict[str, Any] = {}
    register_complete = Fido2Server.register_complete
    authenticate_complete = Fido2Server.authenticate_complete

    def spy_register(server: Fido2Server, state: Any, response: Any) -> Any:
        seen["registration"] = (dict(state), response)
        return register_complete(server, state, response)

    def spy_authenticate(server: Fido2Server, state: Any, credentials: Any, response: Any) -> Any:
        seen["assertion"] = (dict(state), response)
        return authenticate_complete(server, state, credentials, response)

    monkeypatch.setattr(Fido2Server, "register_complete", spy_register)
    monkeypatch.setattr(Fido2Server, "authenticate_complete", spy_authenticate)
    key = SoftAuthenticator(pin=PIN)
    record = _add(services, root, key, "desk-key", Prompts(PIN))
    services.protection.set(root, alice, method="mfa")
    _sign_in(services, key, Prompts(PIN))

    with services.context.uow() as uow:
        rp = services.context.account_settings(uow).relying_party
    state, registration = seen["registration"]
    registered = webauthn.verify_registration_response(
        credential=dict(registration),
        expected_challenge=websafe_decode(state["challenge"]),
        expected_rp_id=rp.id,
        expected_origin=rp.origin,
        require_user_verification=True,  # the PIN was given
    )
    assert str(registered.aaguid) == AAGUID_TEXT and registered.fmt == "packed"
    assert registered.sign_count == record.sign_count
    assert registered.credential_id == key.issued[0]

    state, assertion = seen["assertion"]
    expected = {
        "expected_challenge": websafe_decode(state["challenge"]),
        "expected_rp_id": rp.id,
        "expected_origin": rp.origin,
        "credential_public_key": registered.credential_public_key,
        "credential_current_sign_count": record.sign_count,
    }
    verified = webauthn.verify_authentication_response(
        credential=dict(assertion), require_user_verification=True, **expected
    )
    assert verified.new_sign_count == services.security_keys.list(root, alice)[0].sign_count
    tampered = dict(assertion)
    tampered["response"] = {
        **tampered["response"],
        "signature": tampered["response"]["signature"][:-4] + "AAAA",
    }
    with pytest.raises(webauthn.helpers.exceptions.InvalidAuthenticationResponse):
        webauthn.verify_authentication_response(credential=tampered, **expected)
