"""The unmodified Huawei Cloud IAM SDK against the identity API: tokens, temporary keys and
calls signed with SDK-HMAC-SHA256, and every refusal it must see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkiam.v3 import ListPermanentAccessKeysRequest, ShowPermanentAccessKeyRequest

from app.services import Services
from app.services.records import Actor
from tests.api.conftest import (
    ACCOUNT,
    PASSWORD,
    OffsetClock,
    expire_now,
    make_user,
    temporary_keys,
    wrong_code,
)
from tests.api.huawei import (
    account_domain_id,
    password_mfa_request,
    password_request,
    signed_client,
    temporary_key_request,
    token_client,
)
from tests.support.oath import oathtool_code


def test_token_temporary_keys_and_signed_calls(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    alice = make_user(services, root, clock)
    client = token_client(api_url)

    issued = client.keystone_create_user_token_by_password(
        password_request("alice", PASSWORD, ACCOUNT)
    )
    assert issued.status_code == 201 and issued.x_subject_token
    assert issued.token.user.name == "alice" and issued.token.user.domain.name == ACCOUNT
    assert issued.token.methods == ["password"]

    temporary = client.create_temporary_access_key_by_token(
        temporary_key_request(issued.x_subject_token)
    ).credential
    assert temporary.access.startswith("AK") and temporary.secret and temporary.securitytoken

    domain = account_domain_id(services)
    permanent = signed_client(api_url, alice.access_key_id, alice.secret, domain)
    listed = permanent.list_permanent_access_keys(ListPermanentAccessKeysRequest())
    assert [c.access for c in listed.credentials] == [alice.access_key_id]
    assert listed.credentials[0].user_id == alice.user_id
    assert "secret" not in listed.to_json_object()["credentials"][0]
    shown = permanent.show_permanent_access_key(
        ShowPermanentAccessKeyRequest(access_key=alice.access_key_id)
    )
    assert shown.credential.status == "active" and shown.credential.last_use_time

    with_token = signed_client(
        api_url, temporary.access, temporary.secret, domain, temporary.securitytoken
    )
    listed = with_token.list_permanent_access_keys(
        ListPermanentAccessKeysRequest(user_id=alice.user_id)
    )
    assert [c.access for c in listed.credentials] == [alice.access_key_id]


def test_password_and_mfa_token_and_refusals(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    alice = make_user(services, root, clock, mfa=True)
    assert alice.seed
    client = token_client(api_url)
    with pytest.raises(ClientRequestException) as refused:
        client.keystone_create_user_token_by_password(password_request("alice", PASSWORD, ACCOUNT))
    assert refused.value.status_code == 401
    assert "API login protection" in refused.value.error_msg

    with pytest.raises(ClientRequestException) as refused:
        client.keystone_create_user_token_by_password_and_mfa(
            password_mfa_request(
                "alice", PASSWORD, ACCOUNT, alice.user_id, wrong_code(alice.seed, clock.now())
            )
        )
    assert refused.value.status_code == 401

    code = oathtool_code(alice.seed, clock.now())
    issued = client.keystone_create_user_token_by_password_and_mfa(
        password_mfa_request("alice", PASSWORD, ACCOUNT, alice.user_id, code)
    )
    assert issued.status_code == 201 and issued.token.methods == ["password", "totp"]
    with pytest.raises(ClientRequestException) as refused:  # the same code again: replay
        client.keystone_create_user_token_by_password_and_mfa(
            password_mfa_request("alice", PASSWORD, ACCOUNT, alice.user_id, code)
        )
    assert refused.value.status_code == 401
    with pytest.raises(ClientRequestException) as refused:
        client.keystone_create_user_token_by_password(
            password_request("alice", "Wrong-Password-123", ACCOUNT)
        )
    assert refused.value.status_code == 401


def _refused_signed(client: object, code: str = "APIGW.0301") -> str:
    with pytest.raises(ClientRequestException) as refused:
        client.list_permanent_access_keys(ListPermanentAccessKeysRequest())  # type: ignore[attr-defined]
    assert refused.value.status_code == 401 and refused.value.error_code == code
    return str(refused.value.error_msg)


def test_signed_call_refusals(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    alice = make_user(services, root, clock)
    domain = account_domain_id(services)
    good = signed_client(api_url, alice.access_key_id, alice.secret, domain)
    assert "secret" in _refused_signed(
        signed_client(api_url, alice.access_key_id, "y" * 40, domain)
    )
    temporary = temporary_keys(services)
    ak, sk, token = temporary.access_key_id, temporary.secret_access_key, temporary.security_token
    assert "security token" in _refused_signed(signed_client(api_url, ak, sk, domain))
    _refused_signed(signed_client(api_url, ak, sk, domain, "another-token"))
    signed_client(api_url, ak, sk, domain, token).list_permanent_access_keys(
        ListPermanentAccessKeysRequest()
    )
    services.temporary_credentials.revoke(root, ak)
    assert "revoked" in _refused_signed(signed_client(api_url, ak, sk, domain, token))
    expiring = temporary_keys(services)
    expire_now(services, expiring.access_key_id)
    assert "expired" in _refused_signed(
        signed_client(
            api_url,
            expiring.access_key_id,
            expiring.secret_access_key,
            domain,
            expiring.security_token,
        )
    )
    clock.advance(minutes=-16)
    assert "clock" in _refused_signed(good)
    clock.advance(minutes=16)
    good.list_permanent_access_keys(ListPermanentAccessKeysRequest())
    with pytest.raises(ClientRequestException) as refused:
        good.list_permanent_access_keys(ListPermanentAccessKeysRequest(user_id="0" * 32))
    assert refused.value.status_code == 403
    services.access_keys.set_status(root, "alice", alice.access_key_id, active=False)
    assert "disabled" in _refused_signed(good)


def test_temporary_key_duration_and_permission_sets(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    make_user(services, root, clock, session_seconds=3600)
    client = token_client(api_url)
    token = client.keystone_create_user_token_by_password(
        password_request("alice", PASSWORD, ACCOUNT)
    ).x_subject_token
    before = clock.now()
    shorter = client.create_temporary_access_key_by_token(
        temporary_key_request(token, duration_seconds=900)
    ).credential
    expires = datetime.strptime(shorter.expires_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert timedelta(seconds=899) < expires - before < timedelta(seconds=905)
    full = client.create_temporary_access_key_by_token(temporary_key_request(token)).credential
    expires = datetime.strptime(full.expires_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert timedelta(seconds=3599) < expires - before < timedelta(seconds=3605)
    with pytest.raises(ClientRequestException) as refused:
        client.create_temporary_access_key_by_token(
            temporary_key_request(token, duration_seconds=3601)
        )
    assert refused.value.status_code == 400 and "longer" in refused.value.error_msg

    services.temporary_credentials.create_set(root, "admins", 7200)
    services.temporary_credentials.assign(root, "admins", "alice")
    with pytest.raises(ClientRequestException) as refused:
        client.create_temporary_access_key_by_token(temporary_key_request(token))
    assert "several permission sets" in refused.value.error_msg
    with pytest.raises(ClientRequestException) as refused:
        client.create_temporary_access_key_by_token(temporary_key_request("not-a-token"))
    assert refused.value.status_code == 401
    for name in ("admins", "alice-set"):
        services.temporary_credentials.assign(root, name, "alice", member=False)
    with pytest.raises(ClientRequestException) as refused:
        client.create_temporary_access_key_by_token(temporary_key_request(token))
    assert "not assigned to any permission set" in refused.value.error_msg
