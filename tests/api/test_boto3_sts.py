"""The unmodified boto3 (botocore's SigV4 signer) calling STS GetCallerIdentity on the
identity API with permanent and temporary keys, and the refusals it must see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from app.services import Services
from app.services.records import Actor
from tests.api.conftest import OffsetClock, expire_now, make_user, temporary_keys


def sts(
    endpoint: str, ak: str, sk: str, token: str | None = None, *, verify: str | None = None
) -> Any:
    """An STS client of boto3 for ``endpoint`` (``verify``: a CA file for HTTPS)."""
    return boto3.session.Session().client(
        "sts",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=ak,
        aws_secret_access_key=sk,
        aws_session_token=token,
        verify=verify,
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


def _refused(call: Callable[[], Any], code: str) -> str:
    with pytest.raises(ClientError) as refused:
        call()
    assert refused.value.response["Error"]["Code"] == code
    return str(refused.value.response["Error"]["Message"])


def test_caller_identity_with_permanent_and_temporary_keys(
    services: Services, root: Actor, clock: OffsetClock, api_url: str
) -> None:
    alice = make_user(services, root, clock)
    for endpoint in (api_url, f"{api_url}/sts"):
        who = sts(endpoint, alice.access_key_id, alice.secret).get_caller_identity()
        assert who["Arn"] == f"arn:aws:iam::{who['Account']}:user/alice"
        assert len(who["Account"]) == 12 and who["Account"].isdigit()
        assert who["UserId"] == alice.user_id
    temporary = temporary_keys(services)
    who = sts(
        api_url, temporary.access_key_id, temporary.secret_access_key, temporary.security_token
    ).get_caller_identity()
    assert who["Arn"].endswith(":assumed-role/alice-set/alice")


def test_refusals(services: Services, root: Actor, clock: OffsetClock, api_url: str) -> None:
    alice = make_user(services, root, clock)
    good = sts(api_url, alice.access_key_id, alice.secret)
    _refused(
        sts(api_url, alice.access_key_id, "x" * 40).get_caller_identity, "SignatureDoesNotMatch"
    )
    _refused(
        sts(api_url, "AK" + "Z" * 18, alice.secret).get_caller_identity, "InvalidClientTokenId"
    )

    temporary = temporary_keys(services)
    ak, sk, token = temporary.access_key_id, temporary.secret_access_key, temporary.security_token
    _refused(sts(api_url, ak, sk).get_caller_identity, "InvalidClientTokenId")  # no token
    _refused(sts(api_url, ak, sk, "not-its-token").get_caller_identity, "InvalidClientTokenId")
    expire_now(services, ak)
    _refused(sts(api_url, ak, sk, token).get_caller_identity, "ExpiredToken")
    revoked = temporary_keys(services)
    services.temporary_credentials.revoke(root, revoked.access_key_id)
    message = _refused(
        sts(
            api_url,
            revoked.access_key_id,
            revoked.secret_access_key,
            revoked.security_token,
        ).get_caller_identity,
        "ExpiredToken",
    )
    assert "revoked" in message

    clock.advance(minutes=16)  # the server's clock, i.e. the client's is 16 minutes slow
    assert "clock" in _refused(good.get_caller_identity, "SignatureDoesNotMatch")
    clock.advance(minutes=-16)
    good.get_caller_identity()

    services.access_keys.set_status(root, "alice", alice.access_key_id, active=False)
    _refused(good.get_caller_identity, "InvalidClientTokenId")
