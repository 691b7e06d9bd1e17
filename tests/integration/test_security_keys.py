"""Security keys through the real services, python-fido2's CtapHidDevice and the soft key."""

from __future__ import annotations

import threading
from collections.abc import Callable
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
    DeviceError,
    LimitExceededError,
    PreconditionError,
)
from app.services import Services
from app.services.common import load_user
from app.services.records import Actor, SecondFactorChallenge, SecurityKeyRecord, SignInResult
from tests.support.dbdump import differences, dump
from tests.support.soft_fido import AAGUID, SoftAuthenticator

PASSWORD = "Quiet-Meadow-Lantern-71"
PIN = "2468"
WAIT = 5.0  # seconds any helper thread may wait


class Prompts:
    """The front end's side of a key operation: counts prompts, answers the PIN."""

    def __init__(self, pin: str | None = None, on_touch: Callable[[], None] | None = None) -> None:
        self.pin = pin
        self.touches = 0
        self.pins = 0
        self.touched = threading.Event()
        self._on_touch = on_touch

    def touch_requested(self) -> None:
        self.touches += 1
        self.touched.set()
        if self._on_touch is not None:
            self._on_touch()

    def pin_requested(self) -> str | None:
        self.pins += 1
        return self.pin


def _device(key: SoftAuthenticator) -> KeyDevice:
    (device,) = list_devices(key.lister())
    return device


def _fast(key: SoftAuthenticator, pin: str | None = None) -> Prompts:
    """Prompts whose user touches the key as soon as it asks (for manual-touch keys)."""
    return Prompts(pin, on_touch=key.touch)


def _add(
    services: Services, root: Actor, key: SoftAuthenticator, name: str, prompts: Prompts
) -> SecurityKeyRecord:
    return services.security_keys.add(root, "alice", name, _device(key), prompts, threading.Event())


def _assert_with(services: Services, key: SoftAuthenticator, prompts: Prompts) -> tuple[str, Any]:
    """A sign-in assertion by alice's keys: begin, sign (no transaction held), finish."""
    device = _device(key)
    with services.context.uow() as uow:
        request = services.security_keys.begin_assertion(uow, load_user(uow, "alice"), device)
    response = services.security_keys.sign(request, device, prompts, threading.Event())
    with services.context.uow() as uow:
        name = services.security_keys.finish_assertion(
            uow, load_user(uow, "alice"), request, response
        )
        uow.commit()
    return name, response


@pytest.fixture
def alice(services: Services, root: Actor) -> str:
    services.users.create(root, "alice", email="alice@example.com", role="helpdesk")
    services.passwords.reset(root, "alice", "set-now", new_password=PASSWORD, must_change=False)
    return "alice"


def test_enrol_stores_aaguid_counter_and_creation_time(
    services: Services, root: Actor, alice: str, clock: FrozenClock
) -> None:
    key = SoftAuthenticator()
    device = _device(key)
    assert device.has_pin is False and device.product == "IAM Desk soft key"
    prompts = Prompts()
    record = _add(services, root, key, "desk-key", prompts)
    assert (record.name, record.aaguid) == ("desk-key", str(AAGUID))
    assert record.sign_count == key.counter > 0
    assert record.created_at == clock.now() and record.last_used_at is None
    assert prompts.touches == 1 and prompts.pins == 0
    assert services.security_keys.list(root, "alice") == [record]
    [event] = [e for e in services.audit.list(root, target="alice") if e.action == "key.add"]
    assert event.details["key_name"] == "desk-key" and event.details["aaguid"] == str(AAGUID)


def test_a_key_with_a_pin_asks_for_it_and_for_a_touch(
    services: Services, root: Actor, alice: str
) -> None:
    key = SoftAuthenticator(PIN)
    assert _device(key).has_pin is True
    prompts = Prompts(PIN)
    record = _add(services, root, key, "pin-key", prompts)
    assert prompts.pins == 1 and prompts.touches == 1
    assert key.pin_retries == 8 and record.sign_count == key.counter


def test_wrong_pin_is_one_line_and_changes_nothing(
    services: Services, root: Actor, alice: str
) -> None:
    key = SoftAuthenticator(PIN)
    before = dump(services.engine)
    with pytest.raises(DeviceError, match="wrong PIN") as refused:
        _add(services, root, key, "pin-key", Prompts("9999"))
    assert "\n" not in str(refused.value) and "9999" not in str(refused.value)
    assert differences(before, dump(services.engine)) == []
    assert key.pin_retries == 7 and key.credentials == [] and key.touch_waits == 0


def test_no_pin_given_cancels_cleanly(services: Services, root: Actor, alice: str) -> None:
    key = SoftAuthenticator(PIN)
    before = dump(services.engine)
    with pytest.raises(DeviceError, match="needs its PIN"):
        _add(services, root, key, "pin-key", Prompts(None))
    assert differences(before, dump(services.engine)) == []
    assert key.pin_retries == 8


def test_cancel_while_the_key_waits_for_a_touch(
    services: Services, root: Actor, alice: str
) -> None:
    key = SoftAuthenticator(touch="manual")
    prompts, cancel = Prompts(), threading.Event()

    def press_cancel() -> None:  # the dialog's Cancel button, on the GUI thread
        if prompts.touched.wait(WAIT):
            cancel.set()

    canceller = threading.Thread(target=press_cancel, daemon=True)
    canceller.start()
    before = dump(services.engine)
    with pytest.raises(DeviceError, match="cancelled") as refused:
        services.security_keys.add(root, "alice", "desk-key", _device(key), prompts, cancel)
    canceller.join(WAIT)
    assert "\n" not in str(refused.value)
    assert prompts.touches == 1 and key.touch_waits >= 1 and key.credentials == []
    assert key.last_status == CtapError.ERR.KEEPALIVE_CANCEL  # CTAPHID_CANCEL reached the key
    assert differences(before, dump(services.engine)) == []


def test_a_key_nobody_touches_times_out(services: Services, root: Actor, alice: str) -> None:
    key = SoftAuthenticator(touch="never", touch_timeout=0.3)
    before = dump(services.engine)
    with pytest.raises(DeviceError, match="not touched in time"):
        _add(services, root, key, "desk-key", Prompts())
    assert differences(before, dump(services.engine)) == [] and key.credentials == []


def test_the_same_key_twice_is_refused_after_a_touch(
    services: Services, root: Actor, alice: str
) -> None:
    key = SoftAuthenticator(touch="manual")
    _add(services, root, key, "first", _fast(key))
    before = dump(services.engine)
    prompts = _fast(key)
    with pytest.raises(DeviceError, match="already bound to this user"):
        _add(services, root, key, "second", prompts)
    assert prompts.touches == 1  # the key still asks for a touch before it refuses
    assert differences(before, dump(services.engine)) == []
    assert [k.name for k in services.security_keys.list(root, "alice")] == ["first"]


def test_a_ninth_key_is_refused_before_the_key_is_used(
    services: Services, root: Actor, alice: str
) -> None:
    for n in range(8):
        key = SoftAuthenticator(touch="manual")
        _add(services, root, key, f"key-{n}", _fast(key))
    ninth = SoftAuthenticator(touch="manual")
    with pytest.raises(LimitExceededError, match="8 security keys"):
        _add(services, root, ninth, "key-8", _fast(ninth))
    assert ninth.touch_waits == 0 and ninth.credentials == []
    assert len(services.security_keys.list(root, "alice")) == 8


def test_assertion_moves_the_counter_and_a_rewound_counter_is_flagged(
    services: Services, root: Actor, alice: str, clock: FrozenClock
) -> None:
    key = SoftAuthenticator(PIN, touch="manual")
    enrolled = _add(services, root, key, "desk-key", _fast(key, PIN))
    clock.advance(minutes=5)
    prompts = _fast(key, PIN)
    name, response = _assert_with(services, key, prompts)
    assert name == "desk-key" and prompts.touches == 1 and prompts.pins == 1
    [after] = services.security_keys.list(root, "alice")
    assert after.sign_count == response.response.authenticator_data.counter
    assert after.sign_count > enrolled.sign_count and after.last_used_at == clock.now()

    key.rewind_counter(key.counter)  # a clone starts again from an old counter
    with pytest.raises(AuthenticationError, match="cloned"):
        _assert_with(services, key, _fast(key, PIN))
    assert services.security_keys.list(root, "alice")[0].sign_count == after.sign_count
    [flag] = [
        e for e in services.audit.list(root, target="alice") if e.action == "key.counter_regressed"
    ]
    assert flag.outcome == "failure" and flag.details["stored"] == after.sign_count
    assert flag.details["presented"] < after.sign_count


def test_a_key_not_bound_to_the_user_cannot_sign(
    services: Services, root: Actor, alice: str
) -> None:
    _add(services, root, SoftAuthenticator(), "desk-key", Prompts())
    with pytest.raises(DeviceError, match="not bound to this user"):
        _assert_with(services, SoftAuthenticator(), Prompts())


def test_unbind_needs_the_literal_yes(services: Services, root: Actor, alice: str) -> None:
    _add(services, root, SoftAuthenticator(), "desk-key", Prompts())
    for word in ("yes", "Yes", "", "YES "):
        with pytest.raises(PreconditionError, match="type YES"):
            services.security_keys.unbind(root, "alice", "desk-key", confirm=word)
    assert len(services.security_keys.list(root, "alice")) == 1
    services.security_keys.unbind(root, "alice", "desk-key", confirm="YES")
    assert services.security_keys.list(root, "alice") == []


def test_operator_signs_in_with_the_key(services: Services, root: Actor, alice: str) -> None:
    key = SoftAuthenticator(PIN, touch="manual")
    _add(services, root, key, "desk-key", _fast(key, PIN))
    services.protection.set(root, "alice", method="mfa")
    challenge = services.auth.sign_in("alice", PASSWORD)
    assert isinstance(challenge, SecondFactorChallenge) and challenge.method == "mfa"
    wrong_pin = Prompts("1111", on_touch=key.touch)
    with pytest.raises(DeviceError, match="wrong PIN"):
        services.auth.complete_sign_in_with_key(
            challenge.challenge_id, _device(key), wrong_pin, threading.Event()
        )
    result = services.auth.complete_sign_in_with_key(
        challenge.challenge_id, _device(key), _fast(key, PIN), threading.Event()
    )
    assert isinstance(result, SignInResult) and result.actor.name == "alice"
    assert services.security_keys.list(root, "alice")[0].last_used_at is not None


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
    key = SoftAuthenticator(PIN, touch="manual")
    record = _add(services, root, key, "desk-key", _fast(key, PIN))
    _, response = _assert_with(services, key, _fast(key, PIN))

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
    assert str(registered.aaguid) == str(AAGUID) and registered.fmt == "packed"
    assert registered.sign_count == record.sign_count
    assert registered.credential_id == key.credentials[0]

    state, assertion = seen["assertion"]
    assert assertion is response
    verified = webauthn.verify_authentication_response(
        credential=dict(assertion),
        expected_challenge=websafe_decode(state["challenge"]),
        expected_rp_id=rp.id,
        expected_origin=rp.origin,
        credential_public_key=registered.credential_public_key,
        credential_current_sign_count=record.sign_count,
        require_user_verification=True,
    )
    assert verified.new_sign_count == services.security_keys.list(root, "alice")[0].sign_count
    tampered = dict(assertion)
    tampered["response"] = {
        **tampered["response"],
        "signature": tampered["response"]["signature"][:-4] + "AAAA",
    }
    with pytest.raises(webauthn.helpers.exceptions.InvalidAuthenticationResponse):
        webauthn.verify_authentication_response(
            credential=tampered,
            expected_challenge=websafe_decode(state["challenge"]),
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            credential_public_key=registered.credential_public_key,
            credential_current_sign_count=record.sign_count,
        )
