"""The unmodified Huawei Cloud IAM SDK against the identity API: tokens, temporary keys and
calls signed with SDK-HMAC-SHA256, and every refusal it must see."""

from __future__ import annotations

import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkiam.v3 import ListPermanentAccessKeysRequest, ShowPermanentAccessKeyRequest

from app.services import Services
from app.services.records import Actor
from tests.api.conftest import ACCOUNT, PASSWORD, OffsetClock, make_user
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
    services.temporary_credentials.create_set(root, "readers", 3600)
    services.temporary_credentials.assign(root, "readers", "alice")
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
            password_mfa_request("alice", PASSWORD, ACCOUNT, alice.user_id, "000000")
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
