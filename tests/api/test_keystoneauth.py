"""The unmodified keystoneauth1 against the identity API: v3.Password, v3.MultiFactor
(password + TOTP) and generic.Password with version discovery."""

from __future__ import annotations

import pytest
from keystoneauth1 import exceptions, session
from keystoneauth1.identity import generic, v3

from app.services import Services
from app.services.records import Actor
from tests.api.conftest import ACCOUNT, PASSWORD, OffsetClock, make_user, wrong_code
from tests.support.oath import oathtool_code


def _session(plugin: object) -> session.Session:
    return session.Session(auth=plugin, timeout=20)


def test_password_and_discovery_and_validate_and_revoke(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    alice = make_user(services, root, clock)
    plain = _session(
        v3.Password(
            auth_url=f"{api_url}/v3",
            username="alice",
            password=PASSWORD,
            user_domain_name=ACCOUNT,
        )
    )
    token = plain.get_token()
    assert token and plain.get_user_id() == alice.user_id

    discovered = _session(
        generic.Password(
            auth_url=api_url, username="alice", password=PASSWORD, user_domain_name=ACCOUNT
        )
    )
    other = discovered.get_token()
    assert other and other != token

    # validate the other token with the first, then revoke it
    headers = {"X-Auth-Token": token, "X-Subject-Token": other}
    answer = plain.get(f"{api_url}/v3/auth/tokens", headers=headers, authenticated=False)
    assert answer.status_code == 200
    assert answer.json()["token"]["user"]["name"] == "alice"
    assert answer.headers["X-Request-Id"]
    plain.delete(f"{api_url}/v3/auth/tokens", headers=headers, authenticated=False)
    with pytest.raises(exceptions.Unauthorized):
        plain.get(f"{api_url}/v3/auth/tokens", headers=headers, authenticated=False)

    wrong = _session(
        v3.Password(
            auth_url=f"{api_url}/v3",
            username="alice",
            password="Not-Her-Password-1",
            user_domain_name=ACCOUNT,
        )
    )
    with pytest.raises(exceptions.Unauthorized, match="wrong"):
        wrong.get_token()


def test_multifactor_password_and_totp(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    alice = make_user(services, root, clock, mfa=True)
    assert alice.seed

    def multifactor(code: str) -> session.Session:
        return _session(
            v3.MultiFactor(
                auth_url=f"{api_url}/v3",
                auth_methods=["v3password", "v3totp"],
                username="alice",
                password=PASSWORD,
                passcode=code,
                user_domain_name=ACCOUNT,
            )
        )

    password_only = _session(
        v3.Password(
            auth_url=f"{api_url}/v3",
            username="alice",
            password=PASSWORD,
            user_domain_name=ACCOUNT,
        )
    )
    with pytest.raises(exceptions.Unauthorized, match="API login protection"):
        password_only.get_token()
    with pytest.raises(exceptions.Unauthorized):
        multifactor(wrong_code(alice.seed, clock.now())).get_token()
    code = oathtool_code(alice.seed, clock.now())
    assert multifactor(code).get_token()
    with pytest.raises(exceptions.Unauthorized):  # replayed
        multifactor(code).get_token()


def test_must_change_and_disabled_users_get_no_token(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    make_user(services, root, clock)

    def password_session(password: str) -> session.Session:
        return _session(
            v3.Password(
                auth_url=f"{api_url}/v3",
                username="alice",
                password=password,
                user_domain_name=ACCOUNT,
            )
        )

    reset, again = "Amber-Falcon-Harbor-71", "Copper-Meadow-Lantern-36"
    services.passwords.reset(root, "alice", "set-now", new_password=reset, must_change=True)
    with pytest.raises(exceptions.Unauthorized, match="must be changed"):
        password_session(reset).get_token()
    services.passwords.reset(root, "alice", "set-now", new_password=again, must_change=False)
    assert password_session(again).get_token()
    services.users.set_enabled(root, "alice", False)
    with pytest.raises(exceptions.Unauthorized, match="wrong"):
        password_session(again).get_token()
