"""The portal's public URL and relying party: validation, emailed links, enrolled keys."""

from __future__ import annotations

import threading

import pytest
from fido2.utils import websafe_decode
from sqlalchemy import select

from app.devices.fido import KeyDevice, list_devices
from app.domain.login_policy import SignInPurpose
from app.domain.roles import Role
from app.errors import AuthenticationError, DeviceError, PermissionDeniedError, ValidationError
from app.notify.channels import SmtpSettings
from app.services import Services
from app.services.portal_settings import check_rp_id, parse_portal_url
from app.services.records import Actor, SecondFactorChallenge, SignInResult
from app.store.models import SecurityKey
from tests.support.dbdump import dump
from tests.support.mail_server import running_mail_server
from tests.support.softkey import SoftAuthenticator, soft_device

PASSWORD = "Blue-Lantern-Harbour-42"


class _Prompts:
    def touch_requested(self) -> None:
        pass

    def pin_requested(self) -> str | None:
        return None


def _device(key: SoftAuthenticator) -> KeyDevice:
    (device,) = list_devices(lambda: [soft_device(key)])
    return device


def _operator_with_key(services: Services, root: Actor, key: SoftAuthenticator) -> None:
    services.users.create(root, "alice", role="helpdesk")
    services.passwords.reset(root, "alice", "set-now", new_password=PASSWORD, must_change=False)
    services.security_keys.add(root, "alice", "desk-key", _device(key), _Prompts(),
                               threading.Event())  # fmt: skip
    services.protection.set(root, "alice", method="mfa")


def _sign_in_with(services: Services, key: SoftAuthenticator) -> SignInResult:
    challenge = services.auth.sign_in("alice", PASSWORD)
    assert isinstance(challenge, SecondFactorChallenge)
    return services.auth.complete_sign_in_with_key(
        challenge.challenge_id, _device(key), _Prompts(), threading.Event()
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://iam.acme.example/", ("https://iam.acme.example", "https://iam.acme.example")),
        ("HTTPS://IAM.Acme.Example:443/Portal/", ("https://iam.acme.example/Portal",
                                                   "https://iam.acme.example")),
        ("https://iam.acme.example:8443", ("https://iam.acme.example:8443",
                                           "https://iam.acme.example:8443")),
        ("http://localhost:8080", ("http://localhost:8080", "http://localhost:8080")),
        ("https://bücher.example", ("https://xn--bcher-kva.example",
                                    "https://xn--bcher-kva.example")),
    ],
)  # fmt: skip
def test_urls_are_normalised(url: str, expected: tuple[str, str]) -> None:
    address = parse_portal_url(url)
    assert (address.url, address.origin) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://iam.acme.example",  # no TLS off this machine
        "http://127.0.0.1:8080",  # browsers refuse WebAuthn on an address
        "https://[::1]:8443",
        "https://iam.acme.example/?next=x",
        "https://iam.acme.example/#x",
        "https://user@iam.acme.example",
        "https://iam.acme.example:0x1",
        "javascript:alert(1)",
        "iam.acme.example",
        "",
    ],
)
def test_bad_urls_are_refused(url: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_portal_url(url)
    assert caught.value.field == "portal_url"


def test_rp_id_is_the_host_or_a_registrable_suffix() -> None:
    host = "iam.eu.acme.example"
    assert check_rp_id(None, host) == host
    assert check_rp_id("ACME.example.", host) == "acme.example"
    assert check_rp_id("eu.acme.example", host) == "eu.acme.example"
    for bad in ("example", "cme.example", "other.example", "iam.eu.acme.example.evil", "com"):
        with pytest.raises(ValidationError):
            check_rp_id(bad, host)
    with pytest.raises(ValidationError):
        check_rp_id("co.uk", "iam.acme.co.uk")  # a public suffix


def test_the_emailed_link_follows_the_portal_url(services: Services, root: Actor) -> None:
    services.users.create(root, "bob", email="bob@example.com")
    change = services.portal_settings.set(root, "https://iam.acme.example/users/")
    assert change.settings.login_link == "https://iam.acme.example/users/"
    with running_mail_server() as server:
        services.account.set_smtp(root, SmtpSettings("127.0.0.1", server.port, "none", None,
                                                     None, "iam@acme.example", 5))  # fmt: skip
        services.passwords.reset(root, "bob", "set-by-user")
        assert services.outbox.send_due(root).sent == 1
    body = server.bodies()[0]
    assert "https://iam.acme.example/users/set-password#token=" in body
    [event] = [e for e in services.audit.list(root) if e.action == "settings.portal"]
    assert event.details["portal_url"] == "https://iam.acme.example/users"
    assert event.details["rp_id"] == "iam.acme.example" and event.details["stranded_keys"] == 0


def test_changing_the_rp_id_strands_enrolled_keys_and_says_so(
    services: Services, root: Actor
) -> None:
    key = SoftAuthenticator()
    _operator_with_key(services, root, key)  # enrolled under the default RP id
    assert services.portal_settings.show(root).security_keys == 1

    # Inside the same registrable domain, keeping the RP id: the key keeps working.
    assert services.portal_settings.stranded_keys(root, "https://portal.iamdesk.local",
                                                  "iamdesk.local") == 0  # fmt: skip
    kept = services.portal_settings.set(root, "https://portal.iamdesk.local", "iamdesk.local")
    assert kept.stranded_keys == 0 and kept.settings.origin == "https://portal.iamdesk.local"
    assert _sign_in_with(services, key).actor.name == "alice"

    # A new RP id: the warning counts the key, and the key indeed no longer signs in.
    assert services.portal_settings.stranded_keys(root, "https://iam.acme.example") == 1
    moved = services.portal_settings.set(root, "https://iam.acme.example")
    assert (moved.previous_rp_id, moved.stranded_keys) == ("iamdesk.local", 1)
    with pytest.raises((DeviceError, AuthenticationError)):
        _sign_in_with(services, key)


def test_a_key_enrolled_for_localhost_signs_in(services: Services, root: Actor) -> None:
    """The portal's browser tests run on http://localhost:PORT: keys enrolled at the desk
    under that RP id must work there."""
    services.portal_settings.set(root, "http://localhost:8080")
    key = SoftAuthenticator()
    _operator_with_key(services, root, key)
    with services.context.uow() as uow:
        rp = services.context.account_settings(uow).relying_party
    assert (rp.id, rp.origin) == ("localhost", "http://localhost:8080")
    assert _sign_in_with(services, key).actor.name == "alice"


def test_refusals_change_nothing(services: Services, root: Actor) -> None:
    services.users.create(root, "helper", role="helpdesk")
    before = dump(services.settings.database_url)
    with pytest.raises(ValidationError):
        services.portal_settings.set(root, "http://iam.acme.example")
    with pytest.raises(ValidationError):
        services.portal_settings.set(root, "https://iam.acme.example", "evil.example")
    with pytest.raises(PermissionDeniedError):
        services.portal_settings.set(Actor("helper", Role.HELPDESK), "https://iam.acme.example")
    assert dump(services.settings.database_url) == before
    assert services.portal_settings.show(Actor("helper", Role.HELPDESK)).rp_id == "iamdesk.local"


def _rp_ids(services: Services) -> dict[str, str]:
    with services.context.uow() as uow:
        rows = uow.session.execute(select(SecurityKey.name, SecurityKey.rp_id))
        return {name: rp_id for name, rp_id in rows}


def test_keys_remember_their_rp_id_the_warning_counts_keys_that_stop_working(
    services: Services, root: Actor
) -> None:
    old_key, new_key = SoftAuthenticator(), SoftAuthenticator()
    _operator_with_key(services, root, old_key)  # under the default RP id
    assert services.portal_settings.set(root, "https://iam.acme.example").stranded_keys == 1
    # a stranded key is not offered: the sign-in page shows no "Use security key"
    waiting = services.sign_in.begin("alice", PASSWORD, purpose=SignInPurpose.PORTAL)
    assert isinstance(waiting, SecondFactorChallenge)
    assert not services.sign_in.describe(waiting.challenge_id).has_security_keys
    services.security_keys.add(root, "alice", "acme-key", _device(new_key), _Prompts(),
                               threading.Event())  # fmt: skip
    # the desk's USB enrolment recorded the RP id it used
    assert _rp_ids(services) == {"desk-key": "iamdesk.local", "acme-key": "iam.acme.example"}
    assert services.portal_settings.show(root).security_keys == 1  # the ones that work
    # Moving on: only the key of the current RP id stops working (the other had already).
    assert services.portal_settings.stranded_keys(root, "https://iam.other.example") == 1
    # The portal offers only the keys of its RP id: the browser is asked for acme-key alone.
    challenge = services.sign_in.begin("alice", PASSWORD, purpose=SignInPurpose.PORTAL)
    assert isinstance(challenge, SecondFactorChallenge)
    assert services.sign_in.describe(challenge.challenge_id).has_security_keys
    options = services.sign_in.begin_key_assertion(challenge.challenge_id)["publicKey"]
    offered = [websafe_decode(c["id"]) for c in options["allowCredentials"]]
    with services.context.uow() as uow:
        acme = uow.session.scalars(select(SecurityKey).where(SecurityKey.name == "acme-key")).one()
        assert offered == [acme.credential_id]
    # Back to the old RP id: its key signs in again, and the acme key is the one stranded.
    back = services.portal_settings.set(root, "https://iamdesk.local")
    assert (back.previous_rp_id, back.stranded_keys) == ("iam.acme.example", 1)
    assert _sign_in_with(services, old_key).actor.name == "alice"


def test_the_migration_gives_existing_keys_the_accounts_rp_id(
    services: Services, root: Actor, database_url: str
) -> None:
    from alembic import command

    from app.store import db

    services.portal_settings.set(root, "https://iam.acme.example")
    _operator_with_key(services, root, SoftAuthenticator())
    services.close()
    engine = db.make_engine(database_url)
    try:
        command.downgrade(db.alembic_config(engine), "0007")
        command.upgrade(db.alembic_config(engine), "head")
        assert db.current_revision(engine) == db.SCHEMA_HEAD
    finally:
        engine.dispose()
    reopened = Services.open(services.settings, upgrade=False)
    try:
        assert _rp_ids(reopened) == {"desk-key": "iam.acme.example"}
    finally:
        reopened.close()
