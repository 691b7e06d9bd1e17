"""The browser's security-key path of the sign-in core (WebAuthn options as JSON, the
assertion's JSON back) against the same stored credential and sign counter as the USB path;
a wrong origin, a replay and a cloned counter count towards the lockout."""

from __future__ import annotations

import json
import threading

import pytest
from fido2.webauthn import PublicKeyCredentialRequestOptions

from app.devices.fido import client_for
from app.domain.login_policy import SignInPurpose
from app.errors import AccountLockedError, AuthenticationError
from app.services import Services
from app.services.records import Actor, SecondFactorChallenge, SignedIn
from tests.integration.test_security_keys_usb import Prompts, _device
from tests.support.softkey import SoftAuthenticator

PASSWORD = "Blue-Lantern-Harbour-42"
RP_ID, ORIGIN = "iamdesk.local", "https://iamdesk.local"


@pytest.fixture
def key(services: Services, root: Actor) -> SoftAuthenticator:
    services.users.create(root, "alice", email="alice@example.com")
    services.passwords.reset(root, "alice", "set-now", new_password=PASSWORD, must_change=False)
    authenticator = SoftAuthenticator()
    prompts = Prompts(on_touch=authenticator.touch)
    services.security_keys.add(
        root, "alice", "desk-key", _device(authenticator), prompts, threading.Event()
    )
    services.protection.set(root, "alice", method="mfa")
    return authenticator


def _challenge(services: Services) -> str:
    challenge = services.sign_in.begin("alice", PASSWORD, purpose=SignInPurpose.PORTAL)
    assert isinstance(challenge, SecondFactorChallenge) and challenge.method == "mfa"
    return challenge.challenge_id


def _browser_answer(services: Services, key: SoftAuthenticator, challenge_id: str) -> str:
    """What the portal's page would post: ``PublicKeyCredential.toJSON()`` as text."""
    options = services.sign_in.begin_key_assertion(challenge_id, rp_id=RP_ID, origin=ORIGIN)
    request = PublicKeyCredentialRequestOptions.from_dict(
        json.loads(json.dumps(options))["publicKey"]  # through JSON, as a browser gets it
    )
    client = client_for(_device(key), ORIGIN, Prompts(on_touch=key.touch))
    response = client.get_assertion(request).get_response(0)
    return json.dumps(dict(response))


def test_a_browser_assertion_signs_in_and_moves_the_shared_counter(
    services: Services, root: Actor, key: SoftAuthenticator
) -> None:
    challenge_id = _challenge(services)
    answer = _browser_answer(services, key, challenge_id)
    signed = services.sign_in.finish_key_assertion(challenge_id, answer, ORIGIN)
    assert isinstance(signed, SignedIn) and signed.second_factor == "key"
    [stored] = services.security_keys.list(root, "alice")
    assert stored.sign_count == key.counter
    with pytest.raises(AuthenticationError, match="expired or was finished"):
        services.sign_in.finish_key_assertion(challenge_id, answer, ORIGIN)  # no replay


def test_wrong_origin_replayed_or_cloned_answers_count_towards_the_lockout(
    services: Services, root: Actor, key: SoftAuthenticator
) -> None:
    challenge_id = _challenge(services)
    old = _browser_answer(services, key, challenge_id)
    services.sign_in.finish_key_assertion(challenge_id, old, ORIGIN)
    challenge_id = _challenge(services)
    answer = _browser_answer(services, key, challenge_id)
    with pytest.raises(AuthenticationError, match="another origin"):
        services.sign_in.finish_key_assertion(challenge_id, answer, "https://evil.example")
    for _ in range(3):  # an old answer on a new challenge: its challenge does not match
        with pytest.raises(AuthenticationError):
            fresh = _challenge(services)
            services.sign_in.begin_key_assertion(fresh, rp_id=RP_ID, origin=ORIGIN)
            services.sign_in.finish_key_assertion(fresh, old, ORIGIN)
    key.rewind_counter(0)  # a clone: counters below the stored one
    fresh = _challenge(services)
    with pytest.raises(AccountLockedError):
        services.sign_in.finish_key_assertion(fresh, _browser_answer(services, key, fresh), ORIGIN)
    assert services.users.get(root, "alice").locked


def test_a_key_does_not_open_a_decoy_challenge(
    services: Services, root: Actor, key: SoftAuthenticator
) -> None:
    """Someone holding alice's key but guessing her password during a lock gets nowhere."""
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            services.sign_in.begin("alice", "a guess", purpose=SignInPurpose.PORTAL)
    decoy = services.sign_in.begin("alice", "a guess", purpose=SignInPurpose.PORTAL)
    assert isinstance(decoy, SecondFactorChallenge)
    answer = _browser_answer(services, key, decoy.challenge_id)
    with pytest.raises(AccountLockedError):
        services.sign_in.finish_key_assertion(decoy.challenge_id, answer, ORIGIN)
    assert services.users.get(root, "alice").locked
