"""Security keys through the real services and python-fido2's real CtapHidDevice, with the
software authenticator on the other end of the CTAPHID framing: enrol, PIN, wrong PIN, cancel,
duplicates, the eight-key limit, assertions with the counter check, unbind with YES."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from app.devices.fido import KeyDevice, list_devices
from app.errors import (
    AuthenticationError,
    ConflictError,
    DeviceError,
    LimitExceededError,
    PreconditionError,
)
from app.services import Services
from app.services.records import Actor, SecondFactorChallenge, SignInResult
from tests.support.dbdump import dump
from tests.support.softkey import AAGUID, SoftAuthenticator, soft_device

OPERATOR_PASSWORD = "Blue-Lantern-Harbour-42"


class Prompts:
    """A front end's side: counts touch prompts, answers the PIN, may cancel on touch."""

    def __init__(self, pin: str | None = None, on_touch: Callable[[], None] | None = None) -> None:
        self.pin = pin
        self.touches = 0
        self.pins_asked = 0
        self._on_touch = on_touch

    def touch_requested(self) -> None:
        self.touches += 1
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
) -> object:
    return services.security_keys.add(root, "alice", name, _device(key), prompts, threading.Event())


@pytest.fixture
def alice(services: Services, root: Actor) -> str:
    services.users.create(root, "alice", email="alice@example.com", role="helpdesk")
    services.passwords.reset(
        root, "alice", "set-now", new_password=OPERATOR_PASSWORD, must_change=False
    )
    return "alice"


def test_enrol_a_key_without_a_pin(services: Services, root: Actor, alice: str) -> None:
    key = SoftAuthenticator()
    device = _device(key)
    assert (device.product, device.has_pin) == ("IAM Desk Soft Key", False)
    prompts = Prompts()
    record = services.security_keys.add(root, alice, "desk-key", device, prompts, threading.Event())
    assert record.name == "desk-key" and record.aaguid.replace("-", "") == AAGUID.hex()
    assert record.sign_count == 1 and record.last_used_at is None
    assert prompts.touches == 1 and prompts.pins_asked == 0 and key.touch_waits == 1
    listed = services.security_keys.list(root, alice)
    assert [(k.name, k.aaguid) for k in listed] == [
        ("desk-key", "1a2b3c4d-5e6f-4071-8293-a4b5c6d7e8f9")
    ]
    events = [e.action for e in services.audit.list(root, limit=5)]
    assert "key.add" in events


def test_a_pin_key_asks_for_its_pin_and_refuses_a_wrong_one(
    services: Services, root: Actor, alice: str, database_url: str
) -> None:
    key = SoftAuthenticator(pin="4321")
    assert _device(key).has_pin
    before = dump(database_url)
    with pytest.raises(DeviceError) as caught:
        _add(services, root, key, "pin-key", Prompts(pin="0000"))
    assert "wrong PIN" in str(caught.value)
    assert key.pin_retries == 7
    assert dump(database_url) == before
    prompts = Prompts(pin="4321")
    _add(services, root, key, "pin-key", prompts)
    assert prompts.pins_asked == 1 and prompts.touches == 1 and key.pin_retries == 8


def test_cancel_while_waiting_for_a_touch_stores_nothing(
    services: Services, root: Actor, alice: str, database_url: str
) -> None:
    key = SoftAuthenticator(touch="manual")
    cancel = threading.Event()
    before = dump(database_url)
    prompts = Prompts(on_touch=cancel.set)  # the operator presses Cancel at the prompt
    with pytest.raises(DeviceError) as caught:
        services.security_keys.add(root, alice, "never", _device(key), prompts, cancel)
    assert "cancelled" in str(caught.value)
    assert prompts.touches == 1 and key.issued == []
    assert dump(database_url) == before


def test_the_same_key_twice_and_a_ninth_key_are_refused(
    services: Services, root: Actor, alice: str, database_url: str
) -> None:
    first = SoftAuthenticator()
    _add(services, root, first, "key-1", Prompts())
    before = dump(database_url)
    with pytest.raises(DeviceError) as caught:
        _add(services, root, first, "key-again", Prompts())
    assert "already bound" in str(caught.value)
    with pytest.raises(ConflictError):
        _add(services, root, SoftAuthenticator(), "key-1", Prompts())  # a name used already
    assert dump(database_url) == before
    for number in range(2, 9):
        _add(services, root, SoftAuthenticator(), f"key-{number}", Prompts())
    before = dump(database_url)
    ninth = SoftAuthenticator()
    with pytest.raises(LimitExceededError) as limit:
        _add(services, root, ninth, "key-9", Prompts())
    assert "8" in str(limit.value) and ninth.touch_waits == 0  # refused before any touch
    assert dump(database_url) == before


def test_sign_in_with_a_key_and_a_cloned_counter_is_flagged(
    services: Services, root: Actor, alice: str
) -> None:
    key = SoftAuthenticator()
    _add(services, root, key, "desk-key", Prompts())
    services.protection.set(root, alice, method="mfa")
    challenge = services.auth.sign_in(alice, OPERATOR_PASSWORD)
    assert isinstance(challenge, SecondFactorChallenge) and challenge.method == "mfa"
    result = services.auth.complete_sign_in_with_key(
        challenge.challenge_id, _device(key), Prompts(), threading.Event()
    )
    assert isinstance(result, SignInResult) and result.actor.name == "alice"
    (listed,) = services.security_keys.list(root, alice)
    assert listed.sign_count == key.counter and listed.last_used_at is not None

    key.rewind_counter(0)  # the next signatures carry counters below the stored one: a clone
    again = services.auth.sign_in(alice, OPERATOR_PASSWORD)
    assert isinstance(again, SecondFactorChallenge)
    with pytest.raises(AuthenticationError) as caught:
        services.auth.complete_sign_in_with_key(
            again.challenge_id, _device(key), Prompts(), threading.Event()
        )
    assert "cloned" in str(caught.value)
    flagged = [
        e for e in services.audit.list(root, limit=10) if e.action == "key.counter_regressed"
    ]
    assert flagged and flagged[0].details["presented"] < flagged[0].details["stored"]


def test_unbind_needs_the_literal_yes(
    services: Services, root: Actor, alice: str, database_url: str
) -> None:
    _add(services, root, SoftAuthenticator(), "desk-key", Prompts())
    before = dump(database_url)
    for typed in ("yes", "Y", "", "YES "):
        with pytest.raises(PreconditionError):
            services.security_keys.unbind(root, alice, "desk-key", confirm=typed)
    assert dump(database_url) == before
    services.security_keys.unbind(root, alice, "desk-key", confirm="YES")
    assert services.security_keys.list(root, alice) == []
