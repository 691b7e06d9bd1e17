"""The identity API's audit trail, read back from the store: every token, temporary key and
signed call names the caller's address and holds no secret, and the hash chain the API's
group commit appends to still verifies under the store's audit key."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from huaweicloudsdkiam.v3 import ListPermanentAccessKeysRequest
from keystoneauth1 import session
from keystoneauth1.identity import v3

from app.services import Services
from app.services.records import Actor
from app.store.audit import AuditRecord
from tests.api.conftest import ACCOUNT, PASSWORD, OffsetClock, make_user
from tests.api.huawei import (
    account_domain_id,
    password_request,
    signed_client,
    temporary_key_request,
    token_client,
)
from tests.api.test_boto3_sts import sts
from tests.support.oath import oathtool_code

ADDRESS = "127.0.0.1"


def _events(services: Services, root: Actor, action: str) -> list[AuditRecord]:
    return [e for e in services.audit.list(root, limit=200) if e.action == action]


def test_tokens_temporary_keys_and_signed_calls_carry_the_address(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    alice = make_user(services, root, clock)
    bob = make_user(services, root, clock, "bob", mfa=True)
    assert bob.seed
    # Tokens: keystoneauth1 (password), the Huawei SDK (password), keystoneauth1 (+ TOTP).
    ks_token = session.Session(
        auth=v3.Password(
            auth_url=f"{api_url}/v3", username="alice", password=PASSWORD,
            user_domain_name=ACCOUNT,
        ),
        timeout=20,
    ).get_token()  # fmt: skip
    client = token_client(api_url)
    sdk_token = client.keystone_create_user_token_by_password(
        password_request("alice", PASSWORD, ACCOUNT)
    ).x_subject_token
    session.Session(
        auth=v3.MultiFactor(
            auth_url=f"{api_url}/v3",
            auth_methods=["v3password", "v3totp"],
            username="bob",
            password=PASSWORD,
            passcode=oathtool_code(bob.seed, clock.now()),
            user_domain_name=ACCOUNT,
        ),
        timeout=20,
    ).get_token()
    # Temporary keys, then signed calls with them and with a permanent key (both schemes).
    temporary = client.create_temporary_access_key_by_token(
        temporary_key_request(sdk_token)
    ).credential
    domain = account_domain_id(services)
    signed_client(
        api_url, temporary.access, temporary.secret, domain, temporary.securitytoken
    ).list_permanent_access_keys(ListPermanentAccessKeysRequest())
    sts(api_url, alice.access_key_id, alice.secret).get_caller_identity()

    tokens = _events(services, root, "token.issue")
    assert sorted(e.target for e in tokens) == ["alice", "alice", "bob"]
    assert all(e.details.get("address") == ADDRESS for e in tokens), tokens
    temporary_keys = _events(services, root, "tempcred.issue")
    assert [e.details.get("address") for e in temporary_keys] == [ADDRESS]
    calls = _events(services, root, "api.call")
    assert sorted(e.details["api_action"] for e in calls) == [
        "ListPermanentAccessKeys",
        "sts:GetCallerIdentity",
    ]
    assert all(e.details.get("address") == ADDRESS for e in calls), calls

    everything = services.audit.list(root, limit=200)
    written = repr([(e.actor, e.target, e.details) for e in everything])
    for secret in (PASSWORD, ks_token, sdk_token, alice.secret, temporary.secret,
                   temporary.securitytoken, bob.seed):  # fmt: skip
        assert secret not in written


def test_the_chain_verifies_after_grouped_signed_calls(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    """Signed calls append their events in bulk (one group commit): hashed as every other
    event is, under the store's audit key, so the whole chain still verifies."""
    alice = make_user(services, root, clock)
    good = sts(api_url, alice.access_key_id, alice.secret)
    for _ in range(3):
        good.get_caller_identity()
    with pytest.raises(ClientError, match="SignatureDoesNotMatch"):  # refusals are audited too
        sts(api_url, alice.access_key_id, "v" * 40).get_caller_identity()
    services.users.create(root, "carol")  # an ordinary event chained after the API's
    checked = services.audit.verify(root)
    assert checked.ok, checked
    assert checked.keyed_from is not None  # the store chains under its audit key
    assert len(_events(services, root, "api.call")) == 4
